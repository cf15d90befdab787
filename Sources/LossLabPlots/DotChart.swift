import LossLabRunner

/// Nothing swept: the max error of each case's formulas, one dot per format, side by side.
enum DotChart {
  static func svg(_ result: ExperimentResult) -> String {
    let spec = result.spec
    let rows = result.rows
    let multipleCases = Set(rows.map(\.caseName)).count > 1
    func category(_ row: TableRow) -> String {
      multipleCases ? "\(row.caseName): \(row.formula.name)" : row.formula.name
    }
    let categories = ordered(rows.map(category))
    let formats = ordered(rows.map(\.format))
    let legend = Legend(entries: formats.enumerated().map { f, format in
      (format.rawValue, SeriesStyle.series(variant: 0, format: f, formats: formats.count), false)
    })
    let layout = FigureLayout(
      name: spec.name, question: spec.question, legend: legend, panelCount: 1, columns: 1,
      panelHeight: 340, footnotes: [ExperimentPlot.bandsNote])
    var doc = layout.document()
    let series = formats.enumerated().map { f, format in
      let offset = (Double(f) - Double(formats.count - 1) / 2) * 0.12
      let points = rows.filter { $0.format == format }.map { row in
        (x: Double(categories.firstIndex(of: category(row))!) + offset, y: row.statistics.rounding.maxULP)
      }
      return PlotSeries(name: format.rawValue, style: .series(variant: 0, format: f, formats: formats.count), points: points)
    }
    var panel = LinePanel(title: "max error per formula, one point per format",
      xScale: InputScale(categories: categories), yScale: ErrorScale(values: rows.map(\.statistics.rounding.maxULP)),
      xTitle: "formula (no sweep)", yTitle: "max error (ulps, log)", series: series)
    panel.connectPoints = false
    var frame = layout.frames[0]
    frame.bottom = 56  // two lines of category labels
    panel.draw(&doc, in: frame)
    return doc.render(title: "\(spec.name): \(spec.question)")
  }
}
