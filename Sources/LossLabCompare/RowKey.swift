/// What identifies a row across two runs: experiment, case, formula, reduction, summation, format
/// and the sweep coordinates.
public struct RowKey: Hashable, Comparable, Sendable {
  public var experiment: String
  public var caseName: String
  public var loss: String
  public var variant: String
  public var reduction: String
  public var summation: String
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

  /// Whether the row ran under a framework profile (`profile=torch` in its sweep): its
  /// summation is then its framework's for the format (wide for torch's 16-bit sums), not a
  /// choice to compare across formats.
  public var hasFrameworkProfile: Bool {
    sweep.split(separator: ";").contains { $0.hasPrefix("profile=") && $0 != "profile=pure" }
  }

  /// The key that lines up a row's formats side by side: no format and, under a framework
  /// profile, no summation.
  public var acrossFormats: RowKey {
    var key = with(format: "")
    if hasFrameworkProfile { key.summation = "" }
    return key
  }

  var ordering: [String] {
    [experiment, caseName, loss, variant, reduction, summation, sweep, format]
  }

  public static func < (a: RowKey, b: RowKey) -> Bool { a.ordering.lexicographicallyPrecedes(b.ordering) }
}
