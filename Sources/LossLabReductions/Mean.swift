import LossLabFormats

/// How a batch of per-element losses becomes one number.
public enum Reduction: String, CaseIterable, Sendable {
  /// `sum / n` with `n` converted to the loss format: Keras "sum_over_batch_size", PyTorch and
  /// optax "mean".
  case mean
  /// The sum alone: Keras and PyTorch "sum".
  case sum
  /// The epoch loss Keras reports: a `RunningMean` of the values, each added with the weight of
  /// a batch of `epochBatchSize` (Keras' `sample_weight` = batch size), `total / count`.
  case epochMean = "epoch-mean"
  /// The last point of TensorBoard's smoothed curve of the values (`tensorBoardSmoothed`).
  case ema
}

/// The batch size each value of an `epoch-mean` stands for (Keras' default `batch_size`).
public let epochBatchSize = 32

/// TensorBoard's default smoothing weight.
public let defaultSmoothing = 0.6

/// The batch loss: `Σ x` computed with `summation`, divided by `n` for `.mean`. For the
/// reductions over a series of losses, `.epochMean` and `.ema`, `summation` chooses where the
/// state is kept: `.wide` (and the frameworks' sums where they accumulate the 16-bit formats in
/// float: `keepsStateWide`) keeps the running total and count (or the moving average) in
/// `T.Wide` and rounds the result to `T` once; any other keeps it in `T`. `smoothing` is the
/// EMA weight (TensorBoard's 0.6 when nil).
///
/// The divisor is `T(integer: n)`, the element count converted to the loss format, as in Keras 3
/// `reduce_values` (keras/src/losses/loss.py): `ops.divide_no_nan(loss, ops.cast(num_elements,
/// loss.dtype))`; recent versions divide by the count as a Python int when the shape is static,
/// which TensorFlow and JAX convert to the loss dtype as well. So a Float16 count above 2048 is
/// inexact and one of 65520 or more is +inf, and the mean of a large Float16 batch can be 0 or
/// NaN.
///
/// With `.wide` the mean is the wide total divided by the count in `T.Wide`, rounded to `T`
/// once (PyTorch's accumulate-type mean), so neither the total nor the count is rounded to `T`.
/// The frameworks' orders take their own means: `.torch` is `torchMean` (16-bit: the
/// float total divided in float), `.eigen` `eigenMean` and `.xla` `xlaMean` (the total times
/// `1/n`, as XLA rewrites `jnp.mean`).
///
/// **Edge cases**: an empty buffer gives 0 for both reductions (Keras's `divide_no_nan`; PyTorch
/// gives NaN for the mean of an empty tensor). Float16: 70000 ones give `2048 / inf = 0` with
/// `.recursive` (the sum stalls at 2048), `inf / inf = NaN` with `.pairwise` (the sum overflows)
/// and exactly 1 with `.wide`.
///
/// **Error bound**: the summation's bound plus one rounding of the quotient, when the divisor is
/// exact (n ≤ 2048 in Float16, ≤ 256 in bfloat16, ≤ 2^24 in Float).
@inlinable
public func reduce<T: LossReal>(
  _ x: UnsafeBufferPointer<T>, _ reduction: Reduction, summation: Summation,
  smoothing: T? = nil
) -> T {
  switch reduction {
  case .sum:
    return sum(x, using: summation)
  case .mean:
    return x.isEmpty ? T.zero : mean(x, using: summation)
  case .epochMean:
    if summation.keepsStateWide(T.self) { return T(narrowing: epochMean(x.lazy.map(\.widened))) }
    return epochMean(x)
  case .ema:
    let weight = smoothing ?? T(integer: 6) / T(integer: 10)
    if summation.keepsStateWide(T.self) {
      return T(narrowing: tensorBoardSmoothed(x.map(\.widened), weight: weight.widened).last ?? .zero)
    }
    return tensorBoardSmoothed(Array(x), weight: weight).last ?? T.zero
  }
}

extension Summation {
  /// Whether a running reduction (`epochMean`, `ema`) keeps its state in `T.Wide`: `.wide`
  /// always; the frameworks' sums where they accumulate the 16-bit formats in float (PyTorch and
  /// XLA both, TensorFlow bfloat16 only).
  @inlinable
  func keepsStateWide<T: LossReal>(_: T.Type) -> Bool {
    switch self {
    case .wide: true
    case .torch, .xla: MemoryLayout<T>.size == 2
    case .eigen: MemoryLayout<T>.size == 2 && !isHalf(T.self)
    case .recursive, .pairwise, .kahan, .neumaier: false
    }
  }
}

/// The Keras epoch loss of a series of batch losses (see `Reduction.epochMean`).
@inlinable
public func epochMean<T: LossReal, S: Sequence<T>>(_ values: S) -> T {
  var mean = RunningMean<T>()
  for value in values { mean.add(value, weight: epochBatchSize) }
  return mean.value
}

/// The batch loss of an array; see `reduce(_:_:summation:)` on a buffer.
@inlinable
public func reduce<T: LossReal>(
  _ x: [T], _ reduction: Reduction, summation: Summation, smoothing: T? = nil
) -> T {
  x.withUnsafeBufferPointer { reduce($0, reduction, summation: summation, smoothing: smoothing) }
}

/// `sum / count` with the division done in `T.Wide`: `T(narrowing: sum.widened /
/// T.Wide(integer: count))`.
///
/// The alternative to Keras's divisor cast to the loss dtype: for Float16 and bfloat16 the count
/// is a Float (exact up to 2^24), so a mean over 70000 elements divides by 70000 rather than by
/// inf. It fixes only the divisor: a sum that stalled or overflowed in `T` stays wrong.
///
/// **Edge cases**: `count == 0` gives 0, as `reduce` does. The quotient is rounded twice, to
/// `T.Wide` and then to `T`; both roundings are to nearest, so the error is below one ulp of `T`
/// (and for Double, whose `Wide` is Double, this is the plain quotient).
@inlinable
public func meanWithWideDivisor<T: LossReal>(sum: T, count: Int) -> T {
  guard count != 0 else { return T.zero }
  return T(narrowing: sum.widened / T.Wide(integer: count))
}
