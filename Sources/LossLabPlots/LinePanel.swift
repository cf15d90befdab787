/// One panel of a line plot: errors in ulps (log scale with "0" and "inf/NaN" bands) against an
/// input, with optional cliff markers and dashed reference lines.
struct LinePanel {
  var title: String
  var xScale: InputScale
  var yScale: ErrorScale
  var xTitle: String
  var yTitle = "error (ulps, log scale)"
  var series: [PlotSeries]
  var cliffs: [CliffMarker] = []
  /// Horizontal dashed lines at these y values, with labels (e.g. "bound" at ratio 1).
  var references: [(y: Double, label: String)] = []
  /// At most this many markers per series (long profiles get every k-th point marked).
  var markerLimit = 14
  /// Join each series' points with a line (false: dots only, for categories).
  var connectPoints = true

  func draw(_ doc: inout SVGDocument, in frame: PanelFrame) {
    doc.beginGroup("panel")
    Axes.frame(&doc, frame, title: title)
    Axes.errorAxis(&doc, frame, scale: yScale, title: yTitle)
    Axes.inputAxis(&doc, frame, scale: xScale, title: xTitle)
    for reference in references {
      let y = frame.py(yScale.position(reference.y))
      doc.line(x1: frame.plotLeft, y1: y, x2: frame.plotRight, y2: y, stroke: "#222222",
        width: 1.2, dash: "5 4", extra: " class=\"reference\"")
      doc.text(reference.label, x: frame.plotRight - 3, y: y - 4, size: 11, anchor: "end")
    }
    drawCliffs(&doc, frame)
    for series in series {
      let points = series.points
        .map { (x: frame.px(xScale.position($0.x)), y: frame.py(yScale.position($0.y))) }
        .sorted { $0.x < $1.x }
      doc.beginGroup(series.isBound ? "bound" : "series")
      if series.isBound {
        doc.polyline(points, stroke: series.style.color, width: 1.3, dash: "7 4")
      } else {
        if connectPoints, points.count > 1 {
          doc.polyline(points, stroke: series.style.color, width: 1.6, dash: series.style.dash)
        }
        let stride = max(1, (points.count + markerLimit - 1) / markerLimit)
        for (i, point) in points.enumerated() where i % stride == 0 || i == points.count - 1 {
          doc.raw(series.style.marker.svg(x: point.x, y: point.y, color: series.style.color))
        }
      }
      doc.endGroup()
    }
    doc.endGroup()
  }

  /// Vertical lines at the cliffs, every one drawn; labels packed into three lines under the
  /// top band, a label left out where it would overlap another (its line stays).
  private func drawCliffs(_ doc: inout SVGDocument, _ frame: PanelFrame) {
    var lineEnds = [-Double.infinity, -Double.infinity, -Double.infinity]
    for cliff in cliffs.sorted(by: { ($0.x, $0.label) < ($1.x, $1.label) }) {
      let x = frame.px(xScale.position(cliff.x))
      doc.line(x1: x, y1: frame.plotTop, x2: x, y2: frame.plotBottom, stroke: cliff.color,
        width: 1, dash: "1 3", extra: " class=\"cliff\" data-x=\"\(cliff.x)\"")
      let width = textWidth(cliff.label, size: 11)
      let start = min(x + 2, frame.plotRight - width - 2)
      guard let line = lineEnds.firstIndex(where: { $0 + 4 < start }) else { continue }
      lineEnds[line] = start + width
      doc.text(cliff.label, x: start,
        y: frame.plotTop + ErrorScale.band * frame.plotHeight + 13 + Double(line) * 13,
        size: 11, fill: cliff.color)
    }
  }
}
