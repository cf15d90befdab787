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
    lines += ResultsIndex.findingLines(Findings.perFormat(result))
    lines.append("")
    lines.append(plotImage(spec.name))
    lines.append("")
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

  /// The Markdown image of an experiment's plot, `NAME.svg` beside its table.
  public static func plotImage(_ name: String) -> String {
    "![\(name): error against the swept input, per format](\(name).svg)"
  }
}
