/// The figure's legend: one entry per series style (shared by every panel), flowed into rows.
struct Legend {
  var entries: [(name: String, style: SeriesStyle, isBound: Bool)]

  static let rowHeight = 20.0

  /// Entry widths laid out left to right, wrapping at `width`: the rows' entry indices.
  func rows(width: Double) -> [[Int]] {
    var rows: [[Int]] = [[]]
    var used = 0.0
    for (i, entry) in entries.enumerated() {
      let w = 46 + textWidth(entry.name, size: 12) + 18
      if used + w > width, !rows[rows.count - 1].isEmpty {
        rows.append([])
        used = 0
      }
      rows[rows.count - 1].append(i)
      used += w
    }
    return entries.isEmpty ? [] : rows
  }

  func height(width: Double) -> Double { Double(rows(width: width).count) * Self.rowHeight }

  func draw(_ doc: inout SVGDocument, x: Double, y: Double, width: Double) {
    doc.beginGroup("legend")
    for (r, row) in rows(width: width).enumerated() {
      var left = x
      let middle = y + Double(r) * Self.rowHeight + Self.rowHeight / 2
      for i in row {
        let entry = entries[i]
        doc.line(x1: left, y1: middle, x2: left + 36, y2: middle, stroke: entry.style.color,
          width: entry.isBound ? 1.3 : 1.6, dash: entry.isBound ? "7 4" : entry.style.dash)
        if !entry.isBound {
          doc.raw(entry.style.marker.svg(x: left + 18, y: middle, color: entry.style.color))
        }
        doc.text(entry.name, x: left + 42, y: middle + 4, size: 12)
        left += 46 + textWidth(entry.name, size: 12) + 18
      }
    }
    doc.endGroup()
  }
}
