import LossLabFormats

/// TensorBoard's scalar-chart smoothing: a debiased exponential moving average, in `T`.
///
/// Mirrors `resmoothDataset` in tensorboard/components/vz_line_chart2/line-chart.ts
/// (tensorflow/tensorboard), with `w = weight`:
///
///     if every value == values[0]: return values unchanged        (TensorBoard issue #786)
///     last = 0, k = 0
///     for each value v:
///       if v is not finite: output v
///       else: last = last·w + (1 - w)·v;  k += 1
///             output last / (1 - w^k)   (or last / 1 when w == 1)
///
/// The EMA started at 0 is `c·(1 - w^k)` after k copies of a constant c, so dividing by
/// `1 - w^k` removes the bias toward the starting 0. TensorBoard computes in JavaScript doubles
/// with `Math.pow(w, k)`; here every operation rounds to `T` and `w^k` is a running product in
/// `T` (in Double it can differ from `pow` in the last bits). The operations are in
/// TensorBoard's order: `(last * w) + ((1 - w) * v)`.
///
/// **Edge cases**: an empty series gives an empty one. A constant series is returned as is
/// (without the special case, rounding would make a flat line wobble: in Float16 the debiased
/// EMA of 0.1 with weight 0.6 goes 0.1, 0.1, 0.0999, 0.10004, …). NaN and ±inf pass through
/// unsmoothed and do not count toward k. `weight` 0 returns the finite values unchanged;
/// `weight` 1 gives 0 for every finite value (the EMA never leaves its starting 0 and is not
/// debiased), as TensorBoard does.
@inlinable
public func tensorBoardSmoothed<T: LossReal>(_ values: [T], weight: T) -> [T] {
  guard let first = values.first else { return [] }
  var isConstant = true
  for v in values where !(v == first) {
    isConstant = false
    break
  }
  if isConstant { return values }

  let complement = T.one - weight
  let unitWeight = weight == T.one
  var last = T.zero
  var weightPower = T.one  // w^k for the k finite values seen so far
  var smoothed: [T] = []
  smoothed.reserveCapacity(values.count)
  for v in values {
    guard v.isFinite else {
      smoothed.append(v)
      continue
    }
    last = last * weight + complement * v
    weightPower = weightPower * weight
    let debiasWeight = unitWeight ? T.one : T.one - weightPower
    smoothed.append(last / debiasWeight)
  }
  return smoothed
}
