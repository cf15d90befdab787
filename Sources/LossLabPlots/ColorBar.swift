/// The heat maps' colour key: the viridis ramp over the error decades, a swatch for exact (0)
/// below it and the hatched swatch for inf/NaN above it, labelled.
struct ColorBar {
  var scale: ErrorScale
  var title = "max error (ulps, log)"

  func draw(_ doc: inout SVGDocument, x: Double, top: Double, height: Double) {
    doc.beginGroup("colorbar")
    let barWidth = 16.0, swatch = 16.0
    doc.rect(x: x, y: top, width: barWidth, height: swatch, fill: "url(#nonfinite)",
      stroke: Axes.ink, strokeWidth: 0.5)
    doc.text("inf/NaN", x: x + barWidth + 5, y: top + 12, size: 11)
    let rampTop = top + swatch + 10, rampBottom = top + height - swatch - 10
    let steps = 48
    for i in 0..<steps {
      let t0 = Double(i) / Double(steps)
      let y = rampBottom - (t0 + 1 / Double(steps)) * (rampBottom - rampTop)
      doc.rect(x: x, y: y, width: barWidth, height: (rampBottom - rampTop) / Double(steps) + 0.4,
        fill: ColorRamp.viridis(0.12 + 0.88 * (t0 + 0.5 / Double(steps))))
    }
    for (exponent, labelled) in scale.ticks where labelled {
      let t = Double(exponent - scale.low) / Double(scale.high - scale.low)
      let y = rampBottom - t * (rampBottom - rampTop)
      doc.line(x1: x + barWidth, y1: y, x2: x + barWidth + 3, y2: y, stroke: Axes.ink)
      doc.text(decadeLabel(exponent), x: x + barWidth + 5, y: y + 4, size: 11)
    }
    doc.rect(x: x, y: top + height - swatch, width: barWidth, height: swatch,
      fill: ColorRamp.viridis(0), stroke: Axes.ink, strokeWidth: 0.5)
    doc.text("0", x: x + barWidth + 5, y: top + height - 4, size: 11)
    doc.text(title, x: x - 6, y: top + height / 2, size: 11.5, anchor: "middle", rotate: -90)
    doc.endGroup()
  }
}
