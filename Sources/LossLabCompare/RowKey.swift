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

  /// The same key in another format (for side-by-side format tables).
  public func with(format: String) -> RowKey {
    var key = self
    key.format = format
    return key
  }

  /// Whether the row ran under a framework profile: its
  /// summation is then its framework's for the format (wide for torch's 16-bit sums), not a
  /// choice to compare across formats.
  public var hasFrameworkProfile: Bool { profile != "pure" }

  var ordering: [String] {
    [experiment, caseName, loss, variant, reduction, summation, profile, sweep, format]
  }

  public static func < (a: RowKey, b: RowKey) -> Bool { a.ordering.lexicographicallyPrecedes(b.ordering) }
}
