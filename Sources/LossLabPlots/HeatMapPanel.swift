#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A heat map: a grid of cells coloured by log10 of the error in ulps (viridis, shared
/// `ErrorScale` across panels), exact cells at the dark end of the ramp, non-finite cells
/// hatched (off the ramp, so they cannot be mistaken for a large finite error), missing cells
/// light grey.
struct HeatMapPanel {
  var title: String
  var columnLabels: [String]
  var rowLabels: [String]
  /// values[row][column], rows from the bottom up; nil where there is no measurement.
  var values: [[Double?]]
  var scale: ErrorScale
  var xTitle: String
  var yTitle: String
  /// Adjacent cells of a row with the same colour drawn as one rectangle (large maps).
  var mergesRuns = false
  /// Lines over the cells, in cell units (x from 0 to the column count, y from 0 to the row
  /// count, from the bottom); a nil point breaks the line.
  var curves: [[(x: Double, y: Double)?]] = []
  var curveColor = "#ff2d95"

  /// The `<pattern>` non-finite cells are filled with; add once per document.
  static let hatchDefinition = """
    <defs><pattern id="nonfinite" width="6" height="6" patternUnits="userSpaceOnUse" \
    patternTransform="rotate(45)"><rect width="6" height="6" fill="#ffffff"/>\
    <line x1="0" y1="0" x2="0" y2="6" stroke="#b01010" stroke-width="2.5"/></pattern></defs>
    """

  func draw(_ doc: inout SVGDocument, in panel: PanelFrame) {
    var frame = panel
    frame.bottom = 56  // rotated column labels
    doc.beginGroup("heatmap")
    doc.text(title, x: frame.plotLeft, y: frame.y + 15, size: 12.5, weight: "bold")
    let columns = max(columnLabels.count, 1), rows = max(rowLabels.count, 1)
    let cellWidth = frame.plotWidth / Double(columns), cellHeight = frame.plotHeight / Double(rows)
    for (r, row) in values.enumerated() {
      let fills = row.map { value -> String in
        guard let value else { return "#eeeeee" }
        return scale.rampFraction(value).map(ColorRamp.viridis) ?? "url(#nonfinite)"
      }
      var c = 0
      while c < fills.count {
        var end = c + 1
        while mergesRuns && end < fills.count && fills[end] == fills[c] { end += 1 }
        doc.rect(
          x: frame.plotLeft + Double(c) * cellWidth,
          y: frame.plotBottom - Double(r + 1) * cellHeight,
          width: Double(end - c) * cellWidth + 0.3, height: cellHeight + 0.3, fill: fills[c])
        c = end
      }
    }
    for curve in curves {
      var run: [(Double, Double)] = []
      for point in curve + [nil] {
        if let point {
          run.append((frame.plotLeft + point.x * cellWidth, frame.plotBottom - point.y * cellHeight))
        } else {
          if run.count > 1 { doc.polyline(run, stroke: curveColor, width: 1.6) }
          run = []
        }
      }
    }
    doc.rect(x: frame.plotLeft, y: frame.plotTop, width: frame.plotWidth, height: frame.plotHeight,
      fill: "none", stroke: Axes.ink)
    let columnStep = ErrorScale.labelStep(decades: columns - 1,
      maxLabels: max(2, Int(frame.plotWidth / 18)))
    // Counted from the last column, which is always labelled (eps = 0 in the default specs).
    for (c, label) in columnLabels.enumerated() where (columns - 1 - c) % columnStep == 0 {
      let x = frame.plotLeft + (Double(c) + 0.5) * cellWidth
      doc.text(label, x: x + 4, y: frame.plotBottom + 8, size: 11, anchor: "end", rotate: -50)
    }
    let rowStep = ErrorScale.labelStep(decades: rows - 1, maxLabels: max(2, Int(frame.plotHeight / 16)))
    for (r, label) in rowLabels.enumerated() where r % rowStep == 0 {
      let y = frame.plotBottom - (Double(r) + 0.5) * cellHeight
      doc.line(x1: frame.plotLeft - 3, y1: y, x2: frame.plotLeft, y2: y, stroke: Axes.ink)
      doc.text(label, x: frame.plotLeft - 5, y: y + 4, size: 11, anchor: "end")
    }
    doc.text(xTitle, x: (frame.plotLeft + frame.plotRight) / 2, y: frame.plotBottom + 50,
      size: 11.5, anchor: "middle")
    doc.text(yTitle, x: frame.x + 11, y: (frame.plotTop + frame.plotBottom) / 2, size: 11.5,
      anchor: "middle", rotate: -90)
    doc.endGroup()
  }
}

/// A compact label for a grid value: "0", "1e-8", "3.2e-5", "0.5".
func compactNumber(_ x: Double) -> String {
  if x == 0 { return "0" }
  guard x.isFinite else { return x.isNaN ? "nan" : (x < 0 ? "-inf" : "inf") }
  let exponent = Int(log10(abs(x)).rounded(.down))
  let mantissa = (abs(x) / pow(10, Double(exponent)) * 10).rounded() / 10
  let sign = x < 0 ? "-" : ""
  if mantissa >= 10 { return sign + decadeLabel(exponent + 1) }
  if mantissa == 1 { return sign + decadeLabel(exponent) }
  if (-2...3).contains(exponent) {
    let value = mantissa * pow(10, Double(exponent))
    return sign + String((value * 100).rounded() / 100)
  }
  return sign + "\(mantissa)e\(exponent)"
}
