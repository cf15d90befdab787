/// Draws a panel's frame, grid, ticks and axis titles.
enum Axes {
  static let grid = "#e4e4e4", ink = "#444444"

  /// The panel title (above the plot area) and the plot area's border.
  static func frame(_ doc: inout SVGDocument, _ frame: PanelFrame, title: String) {
    doc.text(title, x: frame.plotLeft, y: frame.y + 15, size: 12.5, weight: "bold")
    doc.rect(
      x: frame.plotLeft, y: frame.plotTop, width: frame.plotWidth, height: frame.plotHeight,
      fill: "none", stroke: ink, strokeWidth: 1)
  }

  /// The error axis on the left: decade grid lines and labels, the shaded "inf/NaN" band at the
  /// top and the "0" band at the bottom, and the axis title.
  static func errorAxis(
    _ doc: inout SVGDocument, _ frame: PanelFrame, scale: ErrorScale, title: String
  ) {
    doc.beginGroup("error-axis")
    let band = ErrorScale.band * frame.plotHeight
    doc.rect(
      x: frame.plotLeft, y: frame.plotTop, width: frame.plotWidth, height: band,
      fill: "#fbe3e3", extra: " class=\"inf-band\"")
    doc.text("inf/NaN", x: frame.plotLeft - 4, y: frame.py(scale.position(.infinity)) + 4,
      size: 11, anchor: "end", fill: "#a01010")
    doc.rect(
      x: frame.plotLeft, y: frame.plotBottom - band, width: frame.plotWidth, height: band,
      fill: "#eeeeee", extra: " class=\"zero-band\"")
    doc.text("0", x: frame.plotLeft - 4, y: frame.py(scale.position(0)) + 4, size: 11, anchor: "end")
    for (exponent, labelled) in scale.ticks {
      let y = frame.py(scale.decadePosition(Double(exponent)))
      // Grid lines at labelled decades only (dozens of decades would grey the panel out).
      doc.line(x1: frame.plotLeft, y1: y, x2: labelled ? frame.plotRight : frame.plotLeft + 4, y2: y,
        stroke: labelled ? grid : ink, extra: " class=\"tick\" data-decade=\"\(exponent)\"")
      doc.line(x1: frame.plotLeft - (labelled ? 4 : 2), y1: y, x2: frame.plotLeft, y2: y, stroke: ink)
      if labelled {
        doc.text(decadeLabel(exponent), x: frame.plotLeft - 6, y: y + 4, size: 11, anchor: "end")
      }
    }
    doc.text(title, x: frame.x + 13, y: (frame.plotTop + frame.plotBottom) / 2, size: 11.5,
      anchor: "middle", rotate: -90)
    doc.endGroup()
  }

  /// The input axis at the bottom: ticks, labels, light vertical grid lines and the title.
  static func inputAxis(
    _ doc: inout SVGDocument, _ frame: PanelFrame, scale: InputScale, title: String
  ) {
    doc.beginGroup("input-axis")
    // Two lines of labels: a label that would overlap the previous one on the first line goes
    // on the second, and is left out if it overlaps there too.
    var lineEnds = [-Double.infinity, -Double.infinity]
    for (position, label) in scale.ticks.sorted(by: { $0.position < $1.position }) {
      let x = frame.px(position)
      if label != nil {
        doc.line(x1: x, y1: frame.plotTop, x2: x, y2: frame.plotBottom, stroke: grid)
      }
      doc.line(x1: x, y1: frame.plotBottom, x2: x, y2: frame.plotBottom + (label == nil ? 3 : 5),
        stroke: ink)
      if let label {
        let width = textWidth(label, size: 11)
        let start = max(x - width / 2, frame.x + 2)
        if let line = lineEnds.firstIndex(where: { start > $0 + 6 }) {
          doc.text(label, x: start + width / 2, y: frame.plotBottom + 16 + Double(line) * 12,
            size: 11, anchor: "middle")
          lineEnds[line] = start + width
        }
      }
    }
    doc.text(title, x: (frame.plotLeft + frame.plotRight) / 2, y: frame.plotBottom + frame.bottom - 5,
      size: 11.5, anchor: "middle")
    doc.endGroup()
  }
}
