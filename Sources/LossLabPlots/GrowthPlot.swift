import LossLabRunner

/// Max error against n (log–log), one line per summation × format, one panel per case and other
/// sweep axis (e.g. the reduction). With more than 8 lines a panel per format instead, lines per
/// summation.
///
/// Where rows carry a bound ratio (measured error / Higham's a priori bound, sums and means),
/// each group gets one more panel: the ratio against n per summation, the largest over the
/// formats, with a dashed line at 1 (the bound). The bound itself is not drawn in ulps: the
/// rows keep only the ratio, and `maxULP / ratio` mixes the input rounding
/// included) with the formula error the bound is about.
enum GrowthPlot {
  static func svg(_ result: ExperimentResult) -> String {
    let spec = result.spec
    let rows = result.rows
    let coordinates = rows.map { RowCoordinates($0, spec: spec) }
    let n = coordinates.map { $0.value("n")?.number ?? .nan }
    let summations = ordered(rows.map(\.summation.rawValue))
    let formats = ordered(rows.map(\.format))
    let splitFormats = summations.count * formats.count > 8
    let otherKeys = RowCoordinates.varyingKeys(coordinates).filter { $0 != "n" }
    let multipleCases = Set(rows.map(\.caseName)).count > 1
    let groupKeys = rows.indices.map { i in
      ([multipleCases ? rows[i].caseName : ""] + [coordinates[i].label(otherKeys)])
        .filter { !$0.isEmpty }.joined(separator: ", ")
    }
    let groups = ordered(groupKeys)
    let hasRatio = rows.contains { $0.statistics.maxBoundRatio != nil }

    func style(_ i: Int) -> SeriesStyle {
      .series(variant: summations.firstIndex(of: rows[i].summation.rawValue)!,
        format: splitFormats ? 0 : formats.firstIndex(of: rows[i].format)!,
        formats: splitFormats ? 1 : formats.count)
    }
    func seriesName(_ i: Int) -> String {
      splitFormats ? rows[i].summation.rawValue : "\(rows[i].summation.rawValue) \(rows[i].format.rawValue)"
    }
    let legendNames = ordered(rows.indices.map(seriesName))
    var entries = legendNames.map { name in
      (name, style(rows.indices.first { seriesName($0) == name }!), false)
    }
    if hasRatio { entries.append(("Higham bound (ratio 1)", SeriesStyle(color: "#222222", marker: .circle, dash: nil), true)) }

    let xScale = InputScale(values: n.filter(\.isFinite))
    let yScale = ErrorScale(values: rows.map(\.statistics.rounding.maxULP))
    let ratioScale = ErrorScale(values: rows.compactMap(\.statistics.maxBoundRatio) + [1])
    let reductions = Set(rows.map(\.reduction))
    let xTitle = reductions.isSubset(of: [.sum, .mean]) ? "n (elements, log scale)" : "n (values accumulated, log scale)"

    struct Panel { var title: String; var indices: [Int]; var isRatio: Bool }
    var panels: [Panel] = []
    for group in groups {
      let members = rows.indices.filter { groupKeys[$0] == group }
      if splitFormats {
        for format in formats {
          panels.append(Panel(title: format.rawValue,
            indices: members.filter { rows[$0].format == format }, isRatio: false))
        }
      } else {
        panels.append(Panel(title: group, indices: members, isRatio: false))
      }
      if members.contains(where: { rows[$0].statistics.maxBoundRatio != nil }) {
        panels.append(Panel(title: splitFormats ? "error / bound" : "\(group): error / bound",
          indices: members, isRatio: true))
      }
    }
    let columns = splitFormats ? formats.count + (hasRatio ? 1 : 0) : 2
    var footnotes = [ExperimentPlot.bandsNote]
    if hasRatio {
      footnotes.append("\"error / bound\" panels: measured error over Higham's a priori bound, the largest over the formats, per summation; above 1 would break the bound.")
    }
    let layout = FigureLayout(
      name: spec.name, question: spec.question, legend: Legend(entries: entries),
      panelCount: panels.count, columns: min(columns, panels.count),
      panelHeight: splitFormats ? 200 : 300, rowHeaders: splitFormats ? groups : [],
      footnotes: footnotes)
    var doc = layout.document()
    for (panel, frame) in zip(panels, layout.frames) {
      if panel.isRatio {
        let series = ordered(panel.indices.map { rows[$0].summation.rawValue }).map { summation in
          let members = panel.indices.filter { rows[$0].summation.rawValue == summation }
          let points = ordered(members.map { n[$0] }).compactMap { x -> (x: Double, y: Double)? in
            let ratios = members.filter { n[$0] == x }.compactMap { rows[$0].statistics.maxBoundRatio }
            return ratios.max().map { (x, $0) }
          }
          return PlotSeries(name: summation, style: style(members[0]), points: points)
        }
        LinePanel(title: panel.title, xScale: xScale, yScale: ratioScale, xTitle: xTitle,
          yTitle: "error / bound (log)", series: series.filter { !$0.points.isEmpty },
          references: [(1, "bound")])
          .draw(&doc, in: frame)
      } else {
        let series = ordered(panel.indices.map(seriesName)).map { name in
          let members = panel.indices.filter { seriesName($0) == name }
          return PlotSeries(name: name, style: style(members[0]),
            points: members.map { (n[$0], rows[$0].statistics.rounding.maxULP) })
        }
        LinePanel(title: panel.title, xScale: xScale, yScale: yScale, xTitle: xTitle,
          yTitle: "max error (ulps, log)", series: series)
          .draw(&doc, in: frame)
      }
    }
    return doc.render(title: "\(spec.name): \(spec.question)")
  }
}
