import LossLabOutput

/// A table of text cells rendered as aligned text (optionally coloured), Markdown or CSV.
public struct ReportTable: Sendable {
  public enum Style: String, CaseIterable, Sendable {
    case text, markdown, csv
  }

  /// A row's colour in a terminal.
  public enum Tone: Sendable {
    case plain, bad, good
  }

  public var header: [String]
  public var rows: [(cells: [String], tone: Tone)]

  public init(header: [String]) {
    self.header = header
    self.rows = []
  }

  public mutating func append(_ cells: [String], tone: Tone = .plain) {
    precondition(cells.count == header.count)
    rows.append((cells, tone))
  }

  public func render(_ style: Style, colour: Bool = false) -> String {
    switch style {
    case .csv:
      return ([header] + rows.map(\.cells)).map { $0.map(CSVTable.quoted).joined(separator: ",") }
        .joined(separator: "\n") + "\n"
    case .markdown:
      let escape = { (cell: String) in cell.replacingOccurrences(of: "|", with: "\\|") }
      var lines = ["| " + header.map(escape).joined(separator: " | ") + " |"]
      lines.append("|" + header.map { _ in "---" }.joined(separator: "|") + "|")
      lines += rows.map { "| " + $0.cells.map(escape).joined(separator: " | ") + " |" }
      return lines.joined(separator: "\n") + "\n"
    case .text:
      var widths = header.map(\.count)
      for row in rows { for (i, cell) in row.cells.enumerated() { widths[i] = max(widths[i], cell.count) } }
      func line(_ cells: [String]) -> String {
        cells.enumerated().map { i, cell in
          i == cells.count - 1 ? cell : cell + String(repeating: " ", count: widths[i] - cell.count)
        }.joined(separator: "  ")
      }
      var lines = [line(header)]
      for row in rows {
        let text = line(row.cells)
        switch (colour, row.tone) {
        case (true, .bad): lines.append("\u{1B}[31m" + text + "\u{1B}[0m")
        case (true, .good): lines.append("\u{1B}[32m" + text + "\u{1B}[0m")
        default: lines.append(text)
        }
      }
      return lines.joined(separator: "\n") + "\n"
    }
  }
}
