import LossLabFormats

/// A sum taken one term at a time, in the order and precision of one `Summation`: adding
/// x0, x1, … in turn leaves in `sum` the bits `sum(x, using:)` returns, and `mean(count:)` gives
/// those of `reduce(x, .mean, summation:)`. So a batch loss can be reduced while its terms are
/// computed, without storing them. Every method but `.pairwise` has one (NumPy's order needs the
/// count before the first addition): `RecursiveAccumulator`, `KahanAccumulator`,
/// `NeumaierAccumulator`, `WideAccumulator`.
public protocol SumAccumulator<Value> {
  associatedtype Value: LossReal
  /// No terms yet: `sum` is +0.
  init()
  /// Adds the next term.
  mutating func add(_ x: Value)
  /// The sum of the terms so far, in `Value`.
  var sum: Value { get }
  /// The mean of `count` terms as `reduce` takes it: 0 when `count` is 0, else `sum` divided by
  /// the count converted to `Value` (the wide sum divides in `Value.Wide`).
  func mean(count: Int) -> Value
}

extension SumAccumulator {
  @inlinable
  public func mean(count: Int) -> Value {
    count == 0 ? Value.zero : sum / Value(integer: count)
  }
}
