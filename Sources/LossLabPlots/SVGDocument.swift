/// A hand-written SVG document: elements appended in drawing order, rendered as one string.
///
/// Every coordinate is printed with at most one decimal (`svgNumber`) and every attribute and
/// text is XML-escaped, so the output is well-formed XML and byte-identical for equal input.
struct SVGDocument {
  let width: Double
  let height: Double
  private(set) var elements: [String] = []

  init(width: Double, height: Double) {
    self.width = width
    self.height = height
  }

  /// `&`, `<`, `>`, `"` and `'` as entities; control characters other than tab and newline
  /// (not allowed in XML 1.0) dropped.
  static func escaped(_ text: String) -> String {
    var result = ""
    result.reserveCapacity(text.count)
    for scalar in text.unicodeScalars {
      switch scalar {
      case "&": result += "&amp;"
      case "<": result += "&lt;"
      case ">": result += "&gt;"
      case "\"": result += "&quot;"
      case "'": result += "&apos;"
      case "\t", "\n": result.unicodeScalars.append(scalar)
      default:
        if scalar.value >= 0x20 { result.unicodeScalars.append(scalar) }
      }
    }
    return result
  }

  /// Appends an element written by hand (attributes must already be escaped).
  mutating func raw(_ element: String) { elements.append(element) }

  mutating func rect(
    x: Double, y: Double, width: Double, height: Double, fill: String,
    stroke: String? = nil, strokeWidth: Double = 1, extra: String = ""
  ) {
    var element = "<rect x=\"\(svgNumber(x))\" y=\"\(svgNumber(y))\" width=\"\(svgNumber(width))\""
    element += " height=\"\(svgNumber(height))\" fill=\"\(Self.escaped(fill))\""
    if let stroke {
      element += " stroke=\"\(Self.escaped(stroke))\" stroke-width=\"\(svgNumber(strokeWidth))\""
    }
    elements.append(element + extra + "/>")
  }

  mutating func line(
    x1: Double, y1: Double, x2: Double, y2: Double, stroke: String, width: Double = 1,
    dash: String? = nil, extra: String = ""
  ) {
    var element = "<line x1=\"\(svgNumber(x1))\" y1=\"\(svgNumber(y1))\" x2=\"\(svgNumber(x2))\""
    element += " y2=\"\(svgNumber(y2))\" stroke=\"\(Self.escaped(stroke))\""
    element += " stroke-width=\"\(svgNumber(width))\""
    if let dash { element += " stroke-dasharray=\"\(dash)\"" }
    elements.append(element + extra + "/>")
  }

  mutating func polyline(
    _ points: [(x: Double, y: Double)], stroke: String, width: Double = 1.5,
    dash: String? = nil, extra: String = ""
  ) {
    let coordinates = points.map { "\(svgNumber($0.x)),\(svgNumber($0.y))" }
      .joined(separator: " ")
    var element = "<polyline points=\"\(coordinates)\" fill=\"none\""
    element += " stroke=\"\(Self.escaped(stroke))\" stroke-width=\"\(svgNumber(width))\""
    element += " stroke-linejoin=\"round\""
    if let dash { element += " stroke-dasharray=\"\(dash)\"" }
    elements.append(element + extra + "/>")
  }

  /// Text at (x, y) (the baseline); `anchor` is start, middle or end; `rotate` in degrees about
  /// the anchor point.
  mutating func text(
    _ content: String, x: Double, y: Double, size: Double = 12, anchor: String = "start",
    weight: String? = nil, fill: String = "#222222", rotate: Double? = nil, extra: String = ""
  ) {
    var element = "<text x=\"\(svgNumber(x))\" y=\"\(svgNumber(y))\" font-size=\"\(svgNumber(size))\""
    element += " text-anchor=\"\(anchor)\" fill=\"\(Self.escaped(fill))\""
    if let weight { element += " font-weight=\"\(weight)\"" }
    if let rotate {
      element += " transform=\"rotate(\(svgNumber(rotate)) \(svgNumber(x)) \(svgNumber(y)))\""
    }
    elements.append(element + extra + ">\(Self.escaped(content))</text>")
  }

  /// Opens a `<g>` with a `class` (used by tests and by readers of the SVG to find parts).
  mutating func beginGroup(_ className: String) {
    elements.append("<g class=\"\(Self.escaped(className))\">")
  }

  mutating func endGroup() { elements.append("</g>") }

  /// The whole document, with a white background and a sans-serif font.
  func render(title: String) -> String {
    var lines = [
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(svgNumber(width))\""
        + " height=\"\(svgNumber(height))\" viewBox=\"0 0 \(svgNumber(width)) \(svgNumber(height))\""
        + " font-family=\"DejaVu Sans, Helvetica, Arial, sans-serif\">",
      "<title>\(Self.escaped(title))</title>",
      "<rect x=\"0\" y=\"0\" width=\"\(svgNumber(width))\" height=\"\(svgNumber(height))\" fill=\"#ffffff\"/>",
    ]
    lines += elements
    lines.append("</svg>")
    return lines.joined(separator: "\n") + "\n"
  }
}

/// A coordinate with at most one decimal and no trailing ".0" ("12", "12.5", "-3"): short,
/// and the same on every platform.
func svgNumber(_ x: Double) -> String {
  guard x.isFinite else { return "0" }
  let tenths = (x * 10).rounded()
  if tenths == 0 { return "0" }
  let whole = Int64(tenths) / 10, fraction = abs(Int64(tenths) % 10)
  let sign = tenths < 0 && whole == 0 ? "-" : ""
  return fraction == 0 ? "\(sign)\(whole)" : "\(sign)\(whole).\(fraction)"
}
