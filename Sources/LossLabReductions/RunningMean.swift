import LossLabFormats

/// The running mean an epoch loss is reported with: the Keras `Mean` metric.
///
/// Mirrors `keras.metrics.Mean` (keras/src/metrics/reduction_metrics.py): two variables, `total`
/// and `count`, in the metric's dtype; `update_state(loss, sample_weight=w)` does
/// `total += loss * w` and `count += w`; `result()` is `divide_no_nan(total, count)`. Keras's
/// trainer keeps its loss tracker as such a `Mean` in float32 (also under the mixed_float16
/// policy) and updates it once per batch with `sample_weight` = the batch size, so `total` is the
/// sum of batch-size-weighted batch losses and `count` the number of samples seen.
///
/// Use `RunningMean<Float>` for what Keras reports; other formats show what would happen if the
/// accumulators were kept in the loss format.
///
/// **Edge cases**: `value` is 0 while `count` is zero (`divide_no_nan`). Both accumulators are
/// recursive sums, so they stall: Float16 `count` stops at 2048 with unit weights; a constant
/// loss of 0.75 in unit steps reads 1.0 after 3000 steps in Float16 (each 0.75 rounds to a whole
/// 1 between 1024 and 2048, and total and count both stop at 2048). In Float, `count` is exact up
/// to 2^24 samples but `total` rounds every batch: 10⁶ batches of 32 with loss Float(0.1) read
/// about 0.10096, 1% high. With weights of 32, Float16 `total` and `count` reach 65504 after
/// 2047 batches and +inf at the next one, and the value becomes inf / inf = NaN.
public struct RunningMean<T: LossReal> {
  /// The weighted sum of the values added so far, in `T`.
  public var total: T
  /// The sum of the weights added so far, in `T`.
  public var count: T

  /// An empty mean: `total` and `count` zero.
  @inlinable
  public init() {
    total = T.zero
    count = T.zero
  }

  /// Adds `value` with weight `weight` (Keras: a batch's loss with the batch size):
  /// `total += value * T(integer: weight)`, `count += T(integer: weight)`, each rounded to `T`.
  @inlinable
  public mutating func add(_ value: T, weight: Int = 1) {
    let w = T(integer: weight)
    total = total + value * w
    count = count + w
  }

  /// `total / count`, or 0 while `count` is zero.
  @inlinable
  public var value: T {
    count.isZero ? T.zero : total / count
  }
}

extension RunningMean: Sendable where T: Sendable {}
