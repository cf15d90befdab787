/// A figure: a title (the experiment's name and question, wrapped), a legend, a grid of panels
/// and footnotes, about 960 px wide.
struct FigureLayout {
  static let width = 960.0
  static let margin = 16.0

  var name: String
  var question: String
  var legend: Legend
  var panelCount: Int
  var columns: Int
  var panelHeight: Double
  /// Room kept on the right of the panel grid (for a colour bar).
  var rightGutter = 0.0
  /// A header above each row of panels (when the panels of a row share a subject and their own
  /// titles name only what differs, e.g. the format); empty for none.
  var rowHeaders: [String] = []
  var footnotes: [String] = []

  private var titleLines: [String] { wrapped(question, width: 118) }
  private var legendTop: Double { 34 + Double(titleLines.count) * 17 + 6 }
  private var gridTop: Double { legendTop + legend.height(width: Self.width - 2 * Self.margin) + 6 }
  private var rows: Int { (panelCount + columns - 1) / max(columns, 1) }
  private var rowHeight: Double { panelHeight + (rowHeaders.isEmpty ? 0 : 20) }
  var gridBottom: Double { gridTop + Double(rows) * rowHeight }
  var height: Double { gridBottom + Double(footnotes.count) * 15 + 12 }

  /// The panels' frames, row by row.
  var frames: [PanelFrame] {
    let panelWidth = (Self.width - 2 * Self.margin - rightGutter) / Double(max(columns, 1))
    return (0..<panelCount).map { i in
      PanelFrame(
        x: Self.margin + Double(i % columns) * panelWidth,
        y: gridTop + Double(i / columns) * rowHeight + (rowHeaders.isEmpty ? 0 : 20),
        width: panelWidth, height: panelHeight)
    }
  }

  /// A document with the title, legend and footnotes drawn; the caller draws the panels.
  func document() -> SVGDocument {
    var doc = SVGDocument(width: Self.width, height: height)
    doc.text(name, x: Self.margin, y: 24, size: 18, weight: "bold")
    for (i, line) in titleLines.enumerated() {
      doc.text(line, x: Self.margin, y: 44 + Double(i) * 17, size: 13.5, fill: "#333333")
    }
    legend.draw(&doc, x: Self.margin, y: legendTop, width: Self.width - 2 * Self.margin)
    for (row, header) in rowHeaders.enumerated() {
      doc.text(header, x: Self.margin + 4, y: gridTop + Double(row) * rowHeight + 16, size: 14,
        weight: "bold")
    }
    for (i, note) in footnotes.enumerated() {
      doc.text(note, x: Self.margin, y: gridBottom + 14 + Double(i) * 15, size: 11, fill: "#555555")
    }
    return doc
  }
}
