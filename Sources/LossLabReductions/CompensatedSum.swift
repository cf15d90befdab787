import LossLabFormats

/// `Σ x` by Kahan's compensated summation (Higham, *Accuracy and Stability of Numerical
/// Algorithms*, 2nd ed., §4.3), every operation rounded to `T`:
///
///     s = 0, e = 0
///     for each x:  y = x + e;  t = s + y;  e = (s - t) + y;  s = t
///     return s
///
/// `e` recovers the rounding error of `s + y` exactly (as long as |s| ≥ |y|, Dekker's Fast2Sum)
/// and carries it into the next term. The final `e` is dropped, as in Kahan's original.
///
/// **Error bound** (Higham (4.8), after Knuth): `|Ŝ - S| ≤ (2u + O(n·u²)) Σ|x_i|`, independent
/// of n to first order; see `kahanSumBound`.
///
/// **Edge cases**: empty input gives +0. Ones in Float16 sum exactly past 2048 (10⁴ ones give
/// 10⁴): the lost 1 comes back as e and the next term is 2. In bfloat16 they stall at 65536 =
/// 2^16: there `y` must reach 256 to move `s`, but `1 + 256` rounds back to 256 (ties to even),
/// so the compensation itself stalls (in precision p, once s reaches 2^(2p)). An infinite term
/// makes `e = inf - inf = NaN`, so the result is NaN unless that term is the last one (then
/// ±inf); an overflowing partial sum gives NaN the same way.
@inlinable
public func kahanSum<T: LossReal>(_ x: UnsafeBufferPointer<T>) -> T {
  var s = KahanAccumulator<T>()
  for i in x.indices { s.add(x[i]) }
  return s.sum
}

/// `kahanSum` one term at a time: the running sum `sum` and the compensation `e`.
public struct KahanAccumulator<T: LossReal>: SumAccumulator {
  public var sum: T
  public var e: T

  @inlinable
  public init() {
    sum = T.zero
    e = T.zero
  }

  @inlinable @inline(__always)
  public mutating func add(_ x: T) {
    let y = x + e
    let t = sum + y
    e = (sum - t) + y
    sum = t
  }
}

/// `Σ x` by Neumaier's improvement of Kahan–Babuška summation, every operation rounded to `T`:
///
///     s = 0, c = 0
///     for each x:  t = s + x
///                  c += |s| ≥ |x| ? (s - t) + x : (x - t) + s
///                  s = t
///     return s + c
///
/// Each addition's rounding error is computed exactly by Fast2Sum with the larger operand first,
/// so a term larger than the running sum is handled (where Kahan's is not: in Double
/// `[1, 1e100, 1, -1e100]` gives 2 here and 0 with `kahanSum`). The errors are accumulated in
/// `c` by a plain recursive sum and added once at the end (A. Neumaier, ZAMM 54, 1974).
///
/// **Error bound**: to first order u·Σ|x_i|, but the second-order term grows like n²u² because
/// `c` is itself a recursive sum in `T`; see `neumaierSumBound`, which is infinite once
/// (n-1)·u ≥ 1 (Float16 past 2048 terms).
///
/// **Edge cases**: empty input gives +0. Because `c` is a recursive sum, it stalls like one:
/// 10⁴ ones in Float16 give 4096 (s stalls at 2048 and so does c), and in bfloat16 every sum
/// of 512 or more ones gives 512. An infinite term or an overflowing partial sum gives
/// `inf - inf = NaN` in `c`, so the result is NaN.
@inlinable
public func neumaierSum<T: LossReal>(_ x: UnsafeBufferPointer<T>) -> T {
  var s = NeumaierAccumulator<T>()
  for i in x.indices { s.add(x[i]) }
  return s.sum
}

/// `neumaierSum` one term at a time: the running sum `s` and the compensation `c`; `sum` is
/// `s + c`.
public struct NeumaierAccumulator<T: LossReal>: SumAccumulator {
  public var s: T
  public var c: T

  @inlinable
  public init() {
    s = T.zero
    c = T.zero
  }

  @inlinable @inline(__always)
  public mutating func add(_ v: T) {
    let t = s + v
    if s.magnitude >= v.magnitude {
      c = c + ((s - t) + v)
    } else {
      c = c + ((v - t) + s)
    }
    s = t
  }

  @inlinable
  public var sum: T { s + c }
}
