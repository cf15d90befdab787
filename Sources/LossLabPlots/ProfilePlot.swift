import Foundation
import LossLabOutput
import LossLabRunner

/// Error against the swept input, one line per formula × format, one panel per case and sweep
/// coordinate (e.g. y_true), cliffs as dotted vertical lines in the series' colour.
enum ProfilePlot {
  static func svg(_ result: ExperimentResult) -> String {
    let rows = result.rows.filter { !$0.profile.isEmpty }
    let formulas = ordered(rows.map(\.formula.name))
    let formats = ordered(rows.map(\.format))
    // More than 8 series: one panel per formula too.
    let splitFormulas = formulas.count * formats.count > 8
    let multipleCases = Set(rows.map(\.caseName)).count > 1
    let panels = grouped(rows) { row in
      [multipleCases ? row.caseName : "", splitFormulas ? row.formula.name : "",
       sweepLabel(row.axes, separator: ", ")]
        .filter { !$0.isEmpty }.joined(separator: ", ")
    }
    let xScale = InputScale(values: rows.flatMap { $0.profile.map(\.x) })
    let yScale = ErrorScale(values: rows.flatMap { $0.profile.map(\.ulp) })
    let input = profiledInput(rows[0], spec: result.spec)
    let xTitle: String
    switch xScale.kind {
    case .probability: xTitle = "\(input) = p (log p up to 0.5, then log of 1 − p)"
    case .signedLog: xTitle = "logit x = \(input) (log |x|, negatives left)"
    case .log: xTitle = "\(input) (log scale)"
    case .categorical: xTitle = input
    }
    func style(_ row: TableRow) -> SeriesStyle {
      .series(variant: splitFormulas ? 0 : formulas.firstIndex(of: row.formula.name)!,
        format: formats.firstIndex(of: row.format)!, formats: formats.count)
    }
    let legendRows = ordered(rows.map { splitFormulas ? $0.format.rawValue : "\($0.formula.name) \($0.format.rawValue)" })
    let legend = Legend(entries: legendRows.map { name in
      let row = rows.first { (splitFormulas ? $0.format.rawValue : "\($0.formula.name) \($0.format.rawValue)") == name }!
      return (name, style(row), false)
    })
    let layout = FigureLayout(
      name: result.spec.name, question: result.spec.question, legend: legend,
      panelCount: panels.count, columns: panels.count == 1 ? 1 : 2,
      panelHeight: panels.count > 6 ? 270 : 300,
      footnotes: [ExperimentPlot.bandsNote,
        "Dotted vertical lines: cliffs (where a row's result changes class, found by bisection), in the series' colour."]
        + unplotted(result))
    var doc = layout.document()
    for ((title, group), frame) in zip(panels, layout.frames) {
      let series = group.map { row in
        PlotSeries(name: row.formula.name, style: style(row), points: row.profile.map { ($0.x, $0.ulp) })
      }
      let cliffs = group.flatMap { row in
        row.cliffs.filter { $0.input.rawValue == input }
          .map { CliffMarker($0, color: style(row).color) }
      }
      LinePanel(title: title.isEmpty ? formulas.joined(separator: ", ") : title, xScale: xScale, yScale: yScale,
        xTitle: xTitle, series: series, cliffs: cliffs)
        .draw(&doc, in: frame)
    }
    return doc.render(title: "\(result.spec.name): \(result.spec.question)")
  }

  /// A footnote naming the cases whose rows have no profile (sampled inputs): only in the table.
  static func unplotted(_ result: ExperimentResult) -> [String] {
    let cases = ordered(result.rows.filter { $0.profile.isEmpty }.map(\.caseName))
    if cases.isEmpty { return [] }
    let list = cases.map { "\"\($0)\"" }.joined(separator: ", ")
    return ["Not drawn (random inputs, no single swept input): case \(list); see the table."]
  }

  /// The name of the input a row's profile sweeps: the first input of its case that is neither
  /// a constant nor a `sweep` list (y_pred before y_true).
  static func profiledInput(_ row: TableRow, spec: ExperimentSpec) -> String {
    guard let spec = spec.cases.first(where: { $0.name == row.caseName }) else { return "input" }
    for name in [InputName.yPred, .yTrue, .weights] {
      switch spec.inputs[name] {
      case .none, .constant, .sweep: continue
      case .values, .grid, .uniform, .normal, .sigmoidNormal, .bitPatterns, .special,
        .exhaustive, .firstThen, .bernoulli, .randomClass, .decay, .concatenation, .file:
        return name.rawValue
      }
    }
    return "input"
  }
}
