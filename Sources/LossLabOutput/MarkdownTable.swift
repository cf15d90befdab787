import LossLabMeasurement
import LossLabRunner

/// The readable precision table `Results/NAME.md`: the question, the finding, the plot
/// (`NAME.svg`, written beside the table by `LossLabPlots`), notes, the rows.
public enum MarkdownTable {
  /// `specLink`: the spec's path relative to the folder the page is written in (default: the
  /// spec's path as given, from a sibling folder).
  public static func render(_ result: ExperimentResult, specLink: String? = nil) -> String {
    let spec = result.spec
    var lines = ["# \(spec.name)", "", "**Question.** \(spec.question)", ""]
    lines += ResultsIndex.findingLines(Findings.all(result))
    lines.append("")
    let maps = result.rows.filter { $0.map != nil }
    lines.append(plotImage(spec.name, maps: !maps.isEmpty))
    lines.append("")
    if !maps.isEmpty { lines += mapCliffLines(maps, name: spec.name) }
    for note in result.notes { lines.append("- \(noteText(note))") }
    if !result.notes.isEmpty { lines.append("") }
    lines.append("Spec: [`\(spec.file)`](\(specLink ?? "../" + spec.file)); the same rows as CSV: [`\(spec.name).csv`](\(spec.name).csv). Rounding errors are against the formula as written (its ε and clip included) on the inputs as given: what computing in the format loses; `rounding NaN+inf` counts the points whose result is NaN, or infinite where that exact value is finite. The other errors are end to end: against the ideal loss (no ε, no clip) on the inputs as given, so they add the formula's bias (`max bias`) to the rounding. MPFR reference, certified: every figure is the same at both ends of the reference's error ball (the CSV's `reference_bits` and `uncertified` columns say what it took); ulp = units in the last place of the format, bits = Herbie's bits of error.")
    lines.append("")
    let header = [
      "case", "formula", "summation", "profile", "format", "sweep", "points", "max rounding ulp",
      "p99 rounding ulp", "rounding NaN+inf", "max ulp", "p99 ulp", "mean ulp",
      "mean bits", "NaN", "overflow", "flush to 0", "subnormal", "max bias", "max value",
      "bound ratio", "cliff", "worst input",
    ]
    lines.append("| " + header.joined(separator: " | ") + " |")
    lines.append("|" + header.map { _ in "---" }.joined(separator: "|") + "|")
    for row in result.rows {
      let s = row.statistics
      let cells = [
        row.caseName, row.formula.name,
        row.summation.rawValue, row.executionProfile.rawValue, row.format.rawValue,
        sweepLabel(row.sweepAxes, separator: " "), String(s.points),
        tableNumber(s.rounding.maxULP), tableNumber(s.rounding.p99ULP), String(s.rounding.nonFinite),
        tableNumber(s.maxULP), tableNumber(s.p99ULP), tableNumber(s.meanULP),
        tableNumber(s.meanBits), String(s.count(.nan)), String(s.count(.overflow)),
        String(s.count(.flushToZero)), String(s.count(.subnormal)), tableNumber(s.maxBias),
        tableNumber(s.maxValue), s.maxBoundRatio.map(tableNumber) ?? "", cliffText(row.cliffs),
        row.worstInput.map { "`\(worstInputText($0))`" } ?? "",
      ]
      lines.append("| " + cells.map { $0.replacingOccurrences(of: "|", with: "\\|") }.joined(separator: " | ") + " |")
    }
    return lines.joined(separator: "\n") + "\n"
  }

  /// Per map row, its cliff curves: the runs of targets and the logits where the formula first
  /// turns bad each side of 0 (the first `shown` runs; all of them in `NAME.cliffs.csv`).
  static func mapCliffLines(_ rows: [TableRow], name: String, shown: Int = 12) -> [String] {
    var lines = [
      "Cliff curves, per target: the logit nearest 0 on each side where the formula first turns bad (NaN, overflow, or past the case's cliff_ulps); targets whose cliffs agree share a line. All of them: [`\(name).cliffs.csv`](\(name).cliffs.csv).",
      "",
      "| case | formula | format | y_true | targets | first bad logit < 0 | first bad logit ≥ 0 |",
      "|---|---|---|---|---|---|---|",
    ]
    for row in rows {
      let runs = MapCliffTable.runs(row.map!)
      for run in runs.prefix(shown) {
        let targets = run.from == run.to ? MapCliffTable.exactText(run.from) : "\(MapCliffTable.exactText(run.from)) to \(MapCliffTable.exactText(run.to))"
        lines.append("| \(row.caseName) | \(row.formula.name) | \(row.format.rawValue) | \(targets) | \(run.count) | \(run.below.map(MapCliffTable.exactText) ?? "none") | \(run.above.map(MapCliffTable.exactText) ?? "none") |")
      }
      if runs.count > shown {
        lines.append("| \(row.caseName) | \(row.formula.name) | \(row.format.rawValue) | … \(runs.count - shown) more runs in the CSV | | | |")
      }
    }
    return lines + [""]
  }

  /// The Markdown image of an experiment's plot, `NAME.svg` beside its table.
  public static func plotImage(_ name: String, maps: Bool = false) -> String {
    maps
      ? "![\(name): rounding error over y_pred × y_true with the cliff curves, per formula and format](\(name).svg)"
      : "![\(name): error against the swept input, per format](\(name).svg)"
  }
}
