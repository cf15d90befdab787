import Foundation
import LossLabOutput

/// The side-by-side report of a `TableComparison`: a summary line and a row per change.
public enum ComparisonReport {
  /// The summary line, e.g. `2 worse, 1 better, ... of 500 matched rows`.
  public static func summary(_ comparison: TableComparison) -> String {
    let c = comparison
    let t = c.tolerance
    let tolerance = "tolerance \(tableNumber(t.ulps)) ulp or \(tableNumber(t.relative * 100))%"
    if c.changes.isEmpty {
      return "No row changed: \(c.matched) rows match (\(tolerance))."
    }
    let parts = [
      "\(c.count(.worse)) worse", "\(c.count(.mixed)) mixed (some figures worse)",
      "\(c.count(.better)) better", "\(c.count(.changed)) changed within tolerance",
      "\(c.count(.resampled)) resampled (another seed: no class count moved past sampling noise)",
      "\(c.count(.added)) added", "\(c.count(.removed)) removed",
    ]
    return parts.joined(separator: ", ") + "; \(c.matched) rows in both (\(tolerance))."
  }

  /// Every changed, added or removed row with old → new figures.
  public static func table(_ comparison: TableComparison) -> ReportTable {
    var table = ReportTable(header: [
      "status", "experiment", "case", "formula", "reduction", "profile", "format", "sweep",
      "max rounding ulp", "max ulp",
      "p99 ulp", "mean ulp", "NaN", "overflow", "flush to 0", "bound ratio", "worse in",
    ])
    for change in comparison.changes {
      let k = change.key
      let (a, b) = (change.old, change.new)
      func ulps(_ path: KeyPath<RowFigures, Double>) -> String {
        pair(a.map { $0[keyPath: path] }, b.map { $0[keyPath: path] })
      }
      func counts(_ path: KeyPath<RowFigures, Int>) -> String {
        pair(a.map { Double($0[keyPath: path]) }, b.map { Double($0[keyPath: path]) })
      }
      let ratio = pair(a.flatMap(\.boundRatio), b.flatMap(\.boundRatio))
      let tone: ReportTable.Tone =
        switch change.status {
        case .worse, .mixed, .removed: .bad
        case .better: .good
        case .changed, .resampled, .added: .plain
        }
      table.append([
        change.status.rawValue, k.experiment, k.caseName, k.formula,
        k.reductionCell, k.profile, k.format, k.sweepCell,
        pair(a?.roundingMaxULP, b?.roundingMaxULP), ulps(\.maxULP),
        ulps(\.p99ULP), ulps(\.meanULP), counts(\.nan), counts(\.overflow), counts(\.flushToZero),
        ratio, change.worseFigures.joined(separator: ", "),
      ], tone: tone)
    }
    return table
  }

  /// `old -> new (+delta)` when the figure moved, the figure alone when it did not.
  static func pair(_ old: Double?, _ new: Double?) -> String {
    switch (old, new) {
    case let (a?, b?):
      if a == b || (a.isNaN && b.isNaN) { return tableNumber(a) }
      let delta = b - a
      let change = delta.isFinite ? " (\(delta > 0 ? "+" : "")\(tableNumber(delta)))" : ""
      return "\(tableNumber(a)) -> \(tableNumber(b))\(change)"
    case let (a?, nil): return tableNumber(a)
    case let (nil, b?): return tableNumber(b)
    case (nil, nil): return ""
    }
  }
}
