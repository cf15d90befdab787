import LossLabFormats

/// `Σ x` added left to right in `T.Wide` (each term widened exactly) and rounded once to `T`:
/// `T(narrowing: ((0 + x0) + x1) + …)`.
///
/// This is what frameworks do for the 16-bit formats: PyTorch's CPU sum accumulates float16 and
/// bfloat16 in float32 (in its own cascade order), NumPy float16 in float32 (in its pairwise
/// order). Float16 and bfloat16 go through Float, Float through Double; Double's `Wide` is
/// Double, so there this is `recursiveSum`.
///
/// **Error bound**: the wide loop errs by at most `γ_(n-1)(u_wide) Σ|x_i|`, then one rounding to
/// `T` adds at most `u·|S_wide|`; see `wideSumBound`. For the 16-bit formats the result is the
/// correctly rounded sum as long as the Float partial sums are exact (e.g. any sum of up to
/// 2^24 ones: 3000 ones give 3000 in Float16 and bfloat16(3000) = 3008 in bfloat16).
///
/// **Edge cases**: empty input gives +0. A sum beyond `T`'s range is finite in `T.Wide` and
/// becomes ±inf only at the final rounding (70000 ones in Float16 give +inf).
@inlinable
public func wideSum<T: LossReal>(_ x: UnsafeBufferPointer<T>) -> T {
  T(narrowing: wideTotal(x))
}

/// `Σ x` added left to right in `T.Wide`, not yet rounded to `T` (the wide mean divides it first).
@inlinable
public func wideTotal<T: LossReal>(_ x: UnsafeBufferPointer<T>) -> T.Wide {
  var s = WideAccumulator<T>()
  for i in x.indices { s.add(x[i]) }
  return s.total
}

/// `wideSum` one term at a time: `total` in `T.Wide`, rounded to `T` by `sum`; the mean divides
/// `total` by the count in `T.Wide` and rounds once (see `reduce`).
public struct WideAccumulator<T: LossReal>: SumAccumulator {
  public var total: T.Wide

  @inlinable
  public init() { total = T.Wide.zero }

  @inlinable @inline(__always)
  public mutating func add(_ x: T) { total = total + x.widened }

  @inlinable
  public var sum: T { T(narrowing: total) }

  @inlinable
  public func mean(count: Int) -> T {
    count == 0 ? T.zero : T(narrowing: total / T.Wide(integer: count))
  }
}
