import LossLabRunner

/// The cliff curves of a spec's maps (`NAME.cliffs.csv`): per map row (formula, format) and run
/// of consecutive targets, the logit nearest 0 on each side where the formula first turns bad
/// (NaN, overflow, or more than the case's cliff_ulps off the ideal); empty where it never does.
/// Targets whose curves agree share a line (`targets` counts them). Values are exact: the
/// shortest decimal that reads back as the same binary64.
public enum MapCliffTable {
  public static let columns = [
    "experiment", "case", "loss", "variant", "profile", "format", "target_from", "target_to",
    "targets", "first_bad_negative_logit", "first_bad_positive_logit",
  ]

  /// nil when no row has a map.
  public static func render(_ result: ExperimentResult) -> String? {
    let mapped = result.rows.filter { $0.map != nil }
    guard !mapped.isEmpty else { return nil }
    var lines = [columns.joined(separator: ",")]
    for row in mapped {
      for run in runs(row.map!) {
        let fields = [
          row.experiment, row.caseName, row.formula.lossName, row.formula.variant,
          row.executionProfile.rawValue, row.format.rawValue, exactText(run.from),
          exactText(run.to), String(run.count), run.below.map(exactText) ?? "",
          run.above.map(exactText) ?? "",
        ]
        lines.append(fields.map(CSVTable.quoted).joined(separator: ","))
      }
    }
    return lines.joined(separator: "\n") + "\n"
  }

  /// Consecutive targets with the same cliffs, as one run each.
  public static func runs(_ map: MapResult)
    -> [(from: Double, to: Double, count: Int, below: Double?, above: Double?)]
  {
    coalesced(map) { [$0.below, $0.above] }.map { run in
      (run.from, run.to, run.count, run.key[0], run.key[1])
    }
  }

  /// The map's targets in runs of consecutive targets whose `key` (some of their cliffs) agree.
  static func coalesced(
    _ map: MapResult, by key: ((target: Double, below: Double?, above: Double?)) -> [Double?]
  ) -> [(from: Double, to: Double, count: Int, key: [Double?])] {
    var runs: [(from: Double, to: Double, count: Int, key: [Double?])] = []
    for value in map.cliffValues {
      let k = key(value)
      if let last = runs.last, last.key == k {
        runs[runs.count - 1].to = value.target
        runs[runs.count - 1].count += 1
      } else {
        runs.append((value.target, value.target, 1, k))
      }
    }
    return runs
  }

  static func exactText(_ x: Double) -> String {
    let text = x == 0 ? "0" : "\(x)"
    return text.hasSuffix(".0") ? String(text.dropLast(2)) : text
  }

  /// Where a map row first turns bad, in words, each side of logit 0: "below 0 at logit -12.42
  /// (y_true 0.03125 to 1), -9.336 (y_true 0); above 0 at 9.336 (every y_true)"; with more than
  /// three runs on a side, their range. nil when no point is bad.
  public static func sentence(_ map: MapResult) -> String? {
    var parts: [String] = []
    for (side, below) in [("below 0", true), ("above 0", false)] {
      let runs = coalesced(map) { [below ? $0.below : $0.above] }
        .map { (logit: $0.key[0], from: $0.from, to: $0.to) }
      let bad = runs.filter { $0.logit != nil }
      guard !bad.isEmpty else { continue }
      let targets = bad.count == runs.count && runs.count == 1 ? "every y_true" : nil
      if bad.count <= 3 {
        parts.append("\(side) at logit " + bad.map { run in
          let range = run.from == run.to ? "y_true \(exactText(run.from))" : "y_true \(exactText(run.from)) to \(exactText(run.to))"
          return "\(tableNumber(run.logit!)) (\(targets ?? range))"
        }.joined(separator: ", "))
      } else {
        let logits = bad.map { $0.logit! }
        let good = runs.filter { $0.logit == nil }.count
        parts.append("\(side) between logits \(tableNumber(logits.min()!)) and \(tableNumber(logits.max()!)), moving with y_true in \(bad.count) steps" + (good > 0 ? " (never for \(good) runs of y_true)" : ""))
      }
    }
    return parts.isEmpty ? nil : parts.joined(separator: "; ")
  }
}
