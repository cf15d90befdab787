import Foundation

#if canImport(FoundationXML)
import FoundationXML
#endif

/// The elements of an SVG document as XMLParser reads them (name and attributes, in order),
/// or nil if the document is not well-formed XML.
final class SVGElements: NSObject, XMLParserDelegate {
  private(set) var elements: [(name: String, attributes: [String: String])] = []

  static func parse(_ svg: String) -> [(name: String, attributes: [String: String])]? {
    let collector = SVGElements()
    let parser = XMLParser(data: Data(svg.utf8))
    parser.delegate = collector
    return parser.parse() ? collector.elements : nil
  }

  func parser(
    _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
    qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]
  ) {
    elements.append((elementName, attributeDict))
  }
}
