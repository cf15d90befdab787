import LossLabFormats
import LossLabMeasurement
import LossLabRunner

/// The two-line finding on top of a table, computed from its rows.
public enum Findings {
  public static func headline(_ result: ExperimentResult) -> [String] {
    let rows = result.rows
    guard let worst = rows.max(by: { worseThan($1, $0) }) else { return ["No rows."] }
    let s = worst.statistics
    let nonFinite = s.count(.nan) + s.count(.overflow)
    let summations = Set(rows.map(\.summation)).count
    var first = "Worst: \(name(worst, summations > 1)) in \(worst.format.rawValue)"
    if !worst.axes.isEmpty { first += " at \(sweepLabel(worst.axes))" }
    first += ": max \(tableNumber(s.maxULP)) ulp (\(tableNumber(s.maxBits)) bits)"
    if nonFinite > 0 { first += ", \(nonFinite) of \(s.points) points NaN or overflow" }
    first += "."
    let perFormat = Format.allCases.compactMap { format -> String? in
      let formatRows = rows.filter { $0.format == format }
      guard !formatRows.isEmpty else { return nil }
      let maxULP = formatRows.map(\.statistics.maxULP).max()!
      let broken = formatRows.filter { $0.statistics.count(.nan) + $0.statistics.count(.overflow) > 0 }.count
      return "\(format.rawValue) \(tableNumber(maxULP)) ulp" + (broken > 0 ? " (\(broken) of \(formatRows.count) rows non-finite)" : "")
    }
    var second = "Max error per format: " + perFormat.joined(separator: ", ") + "."
    let ratios = rows.compactMap(\.statistics.maxBoundRatio)
    if let ratio = ratios.max() {
      second += " Error over Higham bound: at most \(tableNumber(ratio))" + (ratio > 1 ? " (EXCEEDS THE BOUND: a bug)." : " (within the bound).")
    }
    return [first, second]
  }

  /// Orders rows by harm: more non-finite points, then larger ulp error.
  static func worseThan(_ a: TableRow, _ b: TableRow) -> Bool {
    let badA = a.statistics.count(.nan) + a.statistics.count(.overflow)
    let badB = b.statistics.count(.nan) + b.statistics.count(.overflow)
    if badA != badB { return badA > badB }
    return a.statistics.maxULP > b.statistics.maxULP
  }

  /// `loss/variant`, with the summation when the table compares several.
  static func name(_ row: TableRow, _ withSummation: Bool = false) -> String {
    row.formula.name
      + (withSummation ? " (\(row.summation.rawValue) sum)" : "")
  }
}
