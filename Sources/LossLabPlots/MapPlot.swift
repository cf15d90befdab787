import LossLabOutput
import LossLabRunner

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The 2-D maps of a spec (`map:` cases): per case, formula and format a heat map of the
/// rounding error over y_pred (across) × y_true (up), cells by rank of value (for exhaustive
/// inputs, by bit pattern: a log scale each side of 0), coloured by the cell's largest error in
/// eighths of a decade, hatched where any point is NaN or overflows; over it the cliff curves,
/// per target the logit nearest 0 on each side where the formula first turns bad.
enum MapPlot {
  static func svg(_ result: ExperimentResult) -> String {
    let spec = result.spec
    let rows = result.rows.filter { $0.map != nil }
    let scale = ErrorScale(values: rows.flatMap { $0.map!.tally.cells.map(\.maxULP) })
    let columns = min(2, rows.count)
    let layout = FigureLayout(
      name: spec.name, question: spec.question, legend: Legend(entries: []),
      panelCount: rows.count, columns: columns, panelHeight: 360, rightGutter: 96,
      footnotes: [
        "Cell colour: the largest rounding error (against the formula as written) in ulps of the row's format over the cell's points (log, viridis, in eighths of a decade);",
        "hatched: some point is NaN or overflows; darkest: exact. Cells hold equal counts of consecutive values of each input: exhaustive inputs fall by bit pattern,",
        "a log scale on each side of 0. Pink: per target, the logit nearest 0 on each side where the formula first turns bad (NaN, overflow, or past cliff_ulps);",
        "\(spec.name).cliffs.csv lists them.",
      ])
    var doc = layout.document()
    doc.raw(HeatMapPanel.hatchDefinition)
    for (i, row) in rows.enumerated() {
      let map = row.map!
      let tally = map.tally
      let values: [[Double?]] = (0..<tally.shape.rows).map { r in
        (0..<tally.shape.columns).map { c in
          let cell = tally.cells[r * tally.shape.columns + c]
          guard cell.points > 0 else { return nil }
          return cell.nonFinite > 0 ? .infinity : quantized(cell.maxULP)
        }
      }
      let title = [row.caseName, row.formula.name, row.format.rawValue, profileText(row)]
        .filter { !$0.isEmpty }.joined(separator: ", ")
      HeatMapPanel(
        title: title,
        columnLabels: (0..<tally.shape.columns).map {
          compactNumber(map.logits[tally.logits(ofColumn: $0).lowerBound])
        },
        rowLabels: (0..<tally.shape.rows).map {
          compactNumber(map.targets[tally.targets(ofRow: $0).lowerBound])
        },
        values: values, scale: scale, xTitle: "y_pred (by rank)", yTitle: "y_true (by rank)",
        mergesRuns: true, curves: curves(tally)
      ).draw(&doc, in: layout.frames[i])
    }
    let top = layout.frames.first?.plotTop ?? 0
    ColorBar(scale: scale).draw(
      &doc, x: FigureLayout.width - FigureLayout.margin - 60, top: top,
      height: min(360, layout.gridBottom - top - 40))
    return doc.render(title: "\(spec.name): \(spec.question)")
  }

  /// An error rounded to an eighth of a decade (so that neighbouring cells share colours and
  /// rectangles); 0 stays 0.
  static func quantized(_ ulp: Double) -> Double {
    ulp > 0 ? pow(10, (8 * log10(ulp)).rounded() / 8) : ulp
  }

  static func profileText(_ row: TableRow) -> String {
    row.executionProfile == .pure ? "" : "under \(row.executionProfile.rawValue)"
  }

  /// The cliff curves below and above 0, in cell units: steps, one vertical segment per run of
  /// targets with the same cliff.
  static func curves(_ tally: MapTally) -> [[(x: Double, y: Double)?]] {
    let xScale = Double(tally.shape.columns) / Double(tally.logitCount)
    let yScale = Double(tally.shape.rows) / Double(tally.targetCount)
    return [\TargetCliffs.below, \TargetCliffs.above].map { side in
      var points: [(x: Double, y: Double)?] = []
      var t = 0
      while t < tally.cliffs.count {
        let logit = tally.cliffs[t][keyPath: side]
        var end = t + 1
        while end < tally.cliffs.count && tally.cliffs[end][keyPath: side] == logit { end += 1 }
        if let logit {
          let x = (Double(logit) + 0.5) * xScale
          points.append((x, Double(t) * yScale))
          points.append((x, Double(end) * yScale))
        } else {
          points.append(nil)
        }
        t = end
      }
      return points
    }
  }
}
