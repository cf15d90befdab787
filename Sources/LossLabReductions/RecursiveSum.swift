import LossLabFormats

/// `Σ x` added left to right in the format, starting from zero: `(((0 + x0) + x1) + …) + x(n-1)`.
///
/// This is the loop a framework's reference kernel or a hand-written training loop runs; every
/// partial sum is rounded to `T`.
///
/// **Error bound** (Higham, *Accuracy and Stability of Numerical Algorithms*, 2nd ed., §4.2):
/// `|Ŝ - S| ≤ γ_(n-1) Σ|x_i|` with `γ_k = k·u / (1 - k·u)`; see `recursiveSumBound`.
///
/// **Edge cases**: empty input gives +0 (and a lone -0 gives +0, since 0 + -0 = +0). A term is
/// lost entirely once it is at most half an ulp of the running sum, so a sum of ones stalls at
/// 2^p: 2048 in Float16, 256 in bfloat16, 2^24 in Float. Overflow gives ±inf; inf - inf or any
/// NaN term gives NaN.
@inlinable
public func recursiveSum<T: LossReal>(_ x: UnsafeBufferPointer<T>) -> T {
  var s = RecursiveAccumulator<T>()
  for i in x.indices { s.add(x[i]) }
  return s.sum
}

/// `recursiveSum` one term at a time: `sum = sum + x`.
public struct RecursiveAccumulator<T: LossReal>: SumAccumulator {
  public var sum: T

  @inlinable
  public init() { sum = T.zero }

  @inlinable @inline(__always)
  public mutating func add(_ x: T) { sum = sum + x }
}
