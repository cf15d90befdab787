import LossLabOutput
import LossLabRunner

/// Max error against the sweep axis with the most values (log scale when its values are
/// positive numbers, categorical otherwise), one line per formula × format, one panel per
/// combination of the other axes (and per case where cases overlap). With more than 8 lines, a
/// panel per formula, lines per format.
enum SweepPlot {
  /// Axis titles with units, by sweep key.
  static let axisTitles = [
    "classes": "classes (count, log scale)", "scale": "unit scale (factor on y, log scale)",
    "weights": "per-example weight (log scale)", "n": "n (elements, log scale)",
    "margin": "margin of the true class (logit units)", "delta": "Huber delta", "eps": "eps",
    "reduction": "reduction",
  ]

  static func svg(_ result: ExperimentResult) -> String {
    let spec = result.spec
    let rows = result.rows
    let coordinates = rows.map { RowCoordinates($0, spec: spec) }
    let keys = ordered(coordinates.flatMap { $0.axes.map(\.key) })
    let xKey = keys.max { a, b in
      ordered(coordinates.compactMap { $0.value(a) }).count
        < ordered(coordinates.compactMap { $0.value(b) }).count
    } ?? ""
    let otherKeys = RowCoordinates.varyingKeys(coordinates).filter { $0 != xKey }
    let formulas = ordered(rows.map(\.formula.name))
    let formats = ordered(rows.map(\.format))
    let splitFormulas = formulas.count * formats.count > 8
    // Cases stay apart only where their rows would land on the same coordinates.
    let identities = rows.indices.map { i in
      "\(rows[i].formula.name) \(rows[i].format) \(rows[i].summation) \(coordinates[i].label(keys))"
    }
    let separateCases = Set(identities).count < rows.count
    let panelKeys = rows.indices.map { i in
      [separateCases ? rows[i].caseName : "", splitFormulas ? rows[i].formula.name : "",
       coordinates[i].label(otherKeys)].filter { !$0.isEmpty }.joined(separator: ", ")
    }

    let xValues = coordinates.map { $0.value(xKey) }
    let numbers = xValues.map { $0?.number }
    var xScale: InputScale
    var xs: [Double]
    if numbers.allSatisfy({ $0 != nil }), InputScale(values: numbers.map { $0! }).kind == .log {
      xScale = InputScale(values: numbers.map { $0! })
      xs = numbers.map { $0! }
    } else {
      let categories = ordered(xValues)
      xScale = InputScale(categories: categories.map { $0.map(sweepText) ?? "" })
      xs = xValues.map { Double(categories.firstIndex(of: $0)!) }
    }
    let xTitle = axisTitles[xKey] ?? xKey

    func style(_ i: Int) -> SeriesStyle {
      .series(variant: splitFormulas ? 0 : formulas.firstIndex(of: rows[i].formula.name)!,
        format: formats.firstIndex(of: rows[i].format)!, formats: formats.count)
    }
    func seriesName(_ i: Int) -> String {
      splitFormulas ? rows[i].format.rawValue : "\(rows[i].formula.name) \(rows[i].format.rawValue)"
    }
    let legendNames = ordered(rows.indices.map(seriesName))
    let legend = Legend(entries: legendNames.map { name in
      (name, style(rows.indices.first { seriesName($0) == name }!), false)
    })
    let panels = ordered(panelKeys)
    let layout = FigureLayout(
      name: spec.name, question: spec.question, legend: legend, panelCount: panels.count,
      columns: panels.count == 1 ? 1 : 2, panelHeight: panels.count == 1 ? 380 : 280,
      footnotes: [ExperimentPlot.bandsNote])
    var doc = layout.document()
    let yScale = ErrorScale(values: rows.map(\.statistics.rounding.maxULP))
    for (panel, frame) in zip(panels, layout.frames) {
      let members = rows.indices.filter { panelKeys[$0] == panel }
      let series = ordered(members.map(seriesName)).map { name in
        let lineMembers = members.filter { seriesName($0) == name }
        return PlotSeries(name: name, style: style(lineMembers[0]),
          points: lineMembers.map { (xs[$0], rows[$0].statistics.rounding.maxULP) })
      }
      LinePanel(title: panel.isEmpty ? formulas.joined(separator: ", ") : panel, xScale: xScale, yScale: yScale,
        xTitle: xTitle, yTitle: "max error (ulps, log)", series: series)
        .draw(&doc, in: frame)
    }
    return doc.render(title: "\(spec.name): \(spec.question)")
  }
}
