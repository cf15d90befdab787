/// What identifies a row across two runs: experiment, case, formula, reduction, summation, the
/// framework profile, format and the sweep coordinates.
public struct RowKey: Hashable, Comparable, Sendable {
  public var experiment: String
  public var caseName: String
  public var loss: String
  public var variant: String
  public var reduction: String
  public var summation: String
  /// The execution profile (`pure` for a table without the column or a `profile=` sweep).
  public var profile: String = "pure"
  public var format: String
  public var sweep: String

  /// `loss/variant`, as a user types it.
  public var formula: String { "\(loss)/\(variant)" }

  /// The reduction as the reports show it: with its summation unless it is left to right.
  public var reductionCell: String {
    summation == "recursive" || summation.isEmpty ? reduction : "\(reduction) (\(summation))"
  }

  /// The sweep as the reports show it: the coordinates separated by spaces.
  public var sweepCell: String { sweep.replacingOccurrences(of: ";", with: " ") }

  /// Whether the row ran under a framework profile: its summation is then its framework's for
  /// the format (wide for torch's 16-bit sums), not a choice to compare across formats.
  public var hasFrameworkProfile: Bool { profile != "pure" }

  var ordering: [String] {
    [experiment, caseName, loss, variant, reduction, summation, profile, sweep, format]
  }

  public static func < (a: RowKey, b: RowKey) -> Bool { a.ordering.lexicographicallyPrecedes(b.ordering) }
}
