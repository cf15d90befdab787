import LossLabMeasurement
import LossLabRunner

/// The CSV precision table: one header, one line per row, columns in this fixed order.
public enum CSVTable {
  public static let columns = [
    "experiment", "case", "loss", "variant", "reduction", "summation", "profile", "format",
    "sweep",
    "points", "max_rounding_ulp", "mean_rounding_ulp", "p99_rounding_ulp", "max_rounding_bits",
    "rounding_exact", "rounding_finite", "rounding_subnormal", "rounding_flush_to_zero",
    "rounding_overflow", "rounding_nan", "max_ulp", "mean_ulp", "p99_ulp", "max_bits",
    "mean_bits", "max_rel_error", "exact", "finite", "subnormal", "flush_to_zero", "overflow", "nan", "max_formula_ulp",
    "max_bias", "max_value", "max_reference", "bound_ratio", "cliff", "worst_input", "seed",
    "reference_bits", "uncertified",
  ]

  public static func render(_ result: ExperimentResult) -> String {
    var lines = [columns.joined(separator: ",")]
    for row in result.rows {
      let s = row.statistics
      let fields: [String] =
        [
          row.experiment, row.caseName, row.formula.lossName, row.formula.variant,
          row.reduction.rawValue, row.summation.rawValue, row.executionProfile.rawValue,
          row.format.rawValue, sweepLabel(row.sweepAxes), String(s.points),
        ] + tallyFields(s.rounding, relative: false) + tallyFields(s.endToEnd, relative: true)
        + [
          tableNumber(s.maxFormulaULP), tableNumber(s.maxBias), tableNumber(s.maxValue),
          tableNumber(s.maxIdeal), s.maxBoundRatio.map(tableNumber) ?? "",
          cliffText(row.cliffs), worstInputText(row.worstInput), row.seed.map(String.init) ?? "",
          String(s.referenceBits), String(s.uncertified),
        ]
      lines.append(fields.map(quoted).joined(separator: ","))
    }
    return lines.joined(separator: "\n") + "\n"
  }

  /// A tally's figures in the column order above: max, mean, p99 ulp, max bits (and, with
  /// `relative`, the mean bits and max relative error), then the six class counts (in
  /// `ErrorClass`'s declaration order, best to worst).
  static func tallyFields(_ tally: ErrorTally, relative: Bool) -> [String] {
    [tableNumber(tally.maxULP), tableNumber(tally.meanULP), tableNumber(tally.p99ULP), tableNumber(tally.maxBits)]
      + (relative ? [tableNumber(tally.meanBits), tableNumber(tally.maxRelative)] : [])
      + ErrorClass.allCases.map { String(tally.count($0)) }
  }

  /// RFC 4180 quoting where a field needs it.
  public static func quoted(_ field: String) -> String {
    guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) else { return field }
    return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
  }
}
