import LossLabFormats
import LossLabReductions
import LossLabReference

/// `γ_k = k u / (1 - k u)` (Higham, Accuracy and Stability of Numerical Algorithms, §3.1);
/// +inf once `k u ≥ 1`.
func gamma(_ k: Int, _ u: Double) -> Double {
  let ku = Double(k) * u
  return ku < 1 ? ku / (1 - ku) : .infinity
}

/// The largest number of roundings any one term passes through in NumPy's pairwise sum of n
/// terms (see `pairwiseSum`): a plain loop below 8 terms, 8 accumulators and a 3-level combine
/// up to 128, a split in two above. Higham's `γ_⌈log2 n⌉` is for a pure binary tree; NumPy's
/// blocks add up to 25 roundings at the leaves, so the bound here uses this depth instead.
func pairwiseDepth(_ n: Int) -> Int {
  if n < 8 { return max(n - 1, 0) }
  if n <= 128 { return (n - n % 8) / 8 - 1 + 3 + n % 8 }
  var half = n / 2
  half -= half % 8
  return 1 + max(pairwiseDepth(half), pairwiseDepth(n - half))
}

/// A priori bound on `|computed - exact|` for reducing `values` (already in format T) with
/// `summation` and `reduction`, given the exact reduced value; nil where no bound applies
/// (`epoch-mean`, `ema`, or compensated sums with n·u ≥ 0.1, beyond the first-order analysis).
///
/// Sums (Higham ch. 4): recursive `γ_(n-1) Σ|x|`; pairwise `γ_depth Σ|x|`; Kahan and Neumaier
/// `(2u + 3n u²) Σ|x|` for n·u < 0.1 (Higham (4.8), Goldberg's Theorem 8, with the second-order
/// constant written out); wide: the recursive bound in the wide format plus the final rounding.
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
  let sumBound: Double
  switch summation {
  case .recursive: sumBound = gamma(n - 1, u) * absSum
  case .pairwise: sumBound = gamma(pairwiseDepth(n), u) * absSum
  case .kahan, .neumaier:
    guard Double(n) * u < 0.1 else { return nil }
    sumBound = (2 * u + 3 * Double(n) * u * u) * absSum
  case .wide:
    let wide = gamma(n - 1, T.Wide.self == Double.self ? 0x1p-53 : 0x1p-24) * absSum
    sumBound = wide + u * (exactSum + wide)
  }
  if reduction == .sum { return sumBound }
  let divisor = T(integer: n).doubleValue
  guard divisor.isFinite, divisor > 0 else { return nil }
  let divisorError = exactSum * abs(1 / divisor - 1 / Double(n))
  return (sumBound / divisor + divisorError) * (1 + u) + u * exactSum / Double(n)
}
