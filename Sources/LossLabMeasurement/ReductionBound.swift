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
  _ values: [T], _ type: T.Type, reduction: Reduction, summation: Summation,
  exactSum reduced: MPFRReal
) -> Double? {
  guard reduction == .sum || reduction == .mean else { return nil }
  let n = values.count
  let u = T.format.unitRoundoff
  var absSum = 0.0, compensation = 0.0  // Neumaier in Double: relative error ~2^-52
  for value in values {
    let x = abs(value.doubleValue)
    let t = absSum + x
    compensation += absSum >= x ? (absSum - t) + x : (x - t) + absSum
    absSum = t
  }
  absSum = (absSum + compensation) * (1 + 0x1p-50)
  let exactSum = abs(reduction == .sum ? reduced.doubleValue : reduced.doubleValue * Double(n))
  if summation == .kahan && Double(n) * u >= 0.1 { return nil }
  let sumBound = bound(for: summation, n: n, u: u, absSum: absSum)
  if reduction == .sum { return sumBound }
  let divisor = T(integer: n).doubleValue
  guard divisor.isFinite, divisor > 0 else { return nil }
  let divisorError = exactSum * abs(1 / divisor - 1 / Double(n))
  return (sumBound / divisor + divisorError) * (1 + u) + u * exactSum / Double(n)
}
