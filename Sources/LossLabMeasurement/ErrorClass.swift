/// What happened to one computed value, judged against the reference. When several apply, the
/// first in this order wins: nan, overflow, flush-to-zero, exact, subnormal, finite.
public enum ErrorClass: String, CaseIterable, Sendable {
  /// The computed value equals the reference rounded to the format (the best possible answer).
  case exact
  /// Finite, normal, and not the correctly rounded value.
  case finite
  /// A nonzero subnormal that is not the correctly rounded value: precision has been lost to
  /// gradual underflow.
  case subnormal
  /// The reference is nonzero but the result is 0.
  case flushToZero = "flush-to-zero"
  /// The reference is finite but the result is ±inf.
  case overflow
  /// The result is NaN.
  case nan
}
