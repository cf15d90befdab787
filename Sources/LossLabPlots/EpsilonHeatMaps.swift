import LossLabOutput
import LossLabRunner

/// Heat maps of the error over eps (columns, in the spec's order) × the swept input (rows, from
/// the row profiles; a single "all points" row of max errors where a case has no profile), one
/// per case, formula and format (formats across, cases down), one colour scale for all.
enum EpsilonHeatMaps {
  static func svg(_ result: ExperimentResult) -> String {
    let spec = result.spec
    let rows = result.rows
    let coordinates = rows.map { RowCoordinates($0, spec: spec) }
    let epsilons = ordered(coordinates.compactMap { $0.value("eps") })
    let formats = ordered(rows.map(\.format))
    let otherKeys = RowCoordinates.varyingKeys(coordinates).filter { $0 != "eps" }
    let panelKeys = rows.indices.map { i in
      [rows[i].caseName, rows[i].formula.name, coordinates[i].label(otherKeys)]
        .filter { !$0.isEmpty }.joined(separator: ", ")
    }
    let groups = ordered(panelKeys)
    let scale = ErrorScale(values: rows.flatMap { row in
      row.profile.isEmpty ? [row.statistics.rounding.maxULP] : row.profile.map(\.ulp)
    })
    let layout = FigureLayout(
      name: spec.name, question: spec.question, legend: Legend(entries: []),
      panelCount: groups.count * formats.count, columns: formats.count, panelHeight: 240,
      rightGutter: 96, rowHeaders: groups,
      footnotes: [
        "Cell colour: max rounding error (against the formula with that eps) in ulps (log, viridis) of the row's format at that eps and input; hatched: NaN or overflow; darkest: exact. The bias each eps builds in is in the table (max bias).",
        "Panels without a swept input show one row, the max over the row's sampled points.",
      ])
    var doc = layout.document()
    doc.raw(HeatMapPanel.hatchDefinition)
    let frames = layout.frames
    for (g, group) in groups.enumerated() {
      let members = rows.indices.filter { panelKeys[$0] == group }
      let xs = ordered(members.flatMap { rows[$0].profile.map(\.x) }).sorted()
      let input = ProfilePlot.profiledInput(rows[members[0]], spec: spec)
      for (f, format) in formats.enumerated() {
        let cells = members.filter { rows[$0].format == format }
        var values: [[Double?]] = Array(
          repeating: Array(repeating: nil, count: epsilons.count), count: max(xs.count, 1))
        for i in cells {
          guard let column = coordinates[i].value("eps").flatMap(epsilons.firstIndex) else { continue }
          if xs.isEmpty {
            values[0][column] = rows[i].statistics.rounding.maxULP
            continue
          }
          for point in rows[i].profile {
            let r = xs.firstIndex(of: point.x)!
            values[r][column] = max(values[r][column] ?? 0, point.ulp.isNaN ? .infinity : point.ulp)
          }
        }
        HeatMapPanel(
          title: format.rawValue, columnLabels: epsilons.map(sweepText),
          rowLabels: xs.isEmpty ? ["all points"] : xs.map(compactNumber), values: values,
          scale: scale, xTitle: "eps", yTitle: xs.isEmpty ? "" : "\(input) (log grid)")
          .draw(&doc, in: frames[g * formats.count + f])
      }
    }
    let top = frames.first?.plotTop ?? 0
    ColorBar(scale: scale).draw(
      &doc, x: FigureLayout.width - FigureLayout.margin - 60, top: top,
      height: min(360, layout.gridBottom - top - 40))
    return doc.render(title: "\(spec.name): \(spec.question)")
  }
}
