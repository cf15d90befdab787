import LossLabFormats
import LossLabReductions
import LossLabReference

/// A priori bound on `|computed - exact|` for reducing `values` (already in format T) with
/// `summation` and `reduction`, given the exact reduced value; nil where no bound applies
/// (`epoch-mean`, `ema`, a divisor that overflows).
///
/// Sums: `LossLabReductions.bound(for:n:u:absSum:)` (Higham ch. 4, NumPy's pairwise depth,
/// Neumaier's bound with its recursive compensation). Kahan's `(2u + n u²) Σ|x|` is first-order
/// with a nominal second-order term, so it is used only while n·u < 0.1.
/// Mean `fl(Ŝ / fl(n))`: the sum's bound divided by `fl(n)`, the error of dividing by `fl(n)`
/// instead of n, and one more rounding.
func reductionBound<T: MachineFloat>(
  n: Int, _ type: T.Type, absSum: Double, reduction: Reduction, summation: Summation,
  exactSum reduced: MPFRReal
) -> Double? {
  guard reduction == .sum || reduction == .mean else { return nil }
  let u = T.format.unitRoundoff
  let exactSum = abs(reduction == .sum ? reduced.doubleValue : reduced.doubleValue * Double(n))
  if summation == .kahan && Double(n) * u >= 0.1 { return nil }
  let sumBound = bound(for: summation, n: n, u: u, absSum: absSum)
  if reduction == .sum { return sumBound }
  let divisor = T(integer: n).doubleValue
  guard divisor.isFinite, divisor > 0 else { return nil }
  let divisorError = exactSum * abs(1 / divisor - 1 / Double(n))
  return (sumBound / divisor + divisorError) * (1 + u) + u * exactSum / Double(n)
}

/// `Σ|x|` of format values, rounded up: Neumaier's sum in Double (relative error about 2^-52 for
/// any n) with a margin of 2^-50, so that the bound it feeds stays an upper bound.
func exactAbsoluteSum<T: MachineFloat>(_ values: [T]) -> Double {
  var sum = 0.0, compensation = 0.0
  for value in values {
    let x = value.magnitude.doubleValue
    let t = sum + x
    compensation += sum >= x ? (sum - t) + x : (x - t) + sum
    sum = t
  }
  return (sum + compensation) * (1 + 0x1p-50)
}
