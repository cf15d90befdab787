import LossLabFormats
import LossLabReductions

/// Categorical cross-entropy from a row of logits x and a row of targets y: `-Σ y log
/// softmax(x)` (Keras `categorical_crossentropy(from_logits=True)`, torch `cross_entropy` with
/// probability targets, optax `softmax_cross_entropy`).
@usableFromInline
enum CategoricalCrossEntropyFromLogits: LossFamily {
  @usableFromInline
  enum Variant: Int, CaseIterable, Sendable { case stable, naive, torch, tf }

  @usableFromInline static let summary = "categorical cross-entropy, one-hot targets, logits"
  @usableFromInline static let shape = LossShape.rows
  @usableFromInline static let parameters: [LossParameter] = []

  @usableFromInline static func formula(_ variant: Variant) -> String {
    switch variant {
    case .stable: "-sum y (x - m - log sum exp(x - m)), m = max x"
    case .naive: "-sum y log(exp(x) / sum exp(x))"
    case .torch: "-sum y log_softmax(x), log_softmax(x) = (x - m) - log sum exp(x - m)"
    case .tf: "sum y (log sum exp(x - m) - (x - m)), m = max x; 16-bit logits in float32"
    }
  }

  @usableFromInline static func source(_ variant: Variant) -> String {
    switch variant {
    case .stable: "optax softmax_cross_entropy; torch log_softmax (max-shifted logsumexp)"
    case .naive: "softmax then log, as a hand-written loss computes it"
    case .torch:
      "torch 2.15 cross_entropy with probability targets: -(log_softmax(x) * y).sum(1) (aten/src/ATen/native/LossNLL.cpp cross_entropy_loss_prob_target; torch/nn/functional.py:3478-3568)"
    case .tf:
      "TF 2.21 softmax_cross_entropy_with_logits: tensorflow/python/ops/nn_ops.py:4122-4125 and 4180-4181 (float16 and bfloat16 cast to float32 and back), kernel tensorflow/core/kernels/xent_op.h"
    }
  }

  @usableFromInline static func hasBias(_ variant: Variant) -> Bool {
    switch variant {
    case .stable, .naive, .torch, .tf: false
    }
  }

  @inlinable
  static func forEachExample<T: LossReal, S: ExampleLossSink<T>>(
    _ variant: Variant, on batch: Batch<T>, parameters: LossParameters<T>, into sink: inout S
  ) -> Int {
    switch variant {
    case .stable: rowwise(batch, &sink) { categoricalCrossEntropyLogitsStable($0, $1) }
    case .naive: rowwise(batch, &sink) { categoricalCrossEntropyLogitsNaive($0, $1) }
    case .torch: rowwise(batch, &sink) { categoricalCrossEntropyLogitsTorch($0, $1) }
    case .tf: rowwise(batch, &sink) { categoricalCrossEntropyLogitsTF($0, $1) }
    }
    return batch.rows
  }

  @inlinable
  static func idealExample<T: LossReal>(
    on batch: Batch<T>, row: Int, parameters: LossParameters<T>
  ) -> T {
    withRow(batch.yTrue, row, batch.columns) { y in
      withRow(batch.yPred, row, batch.columns) { x in categoricalCrossEntropyLogitsIdeal(y, x) }
    }
  }
}

/// Softmax then log.
///
/// **Edge cases:** `exp(x)` overflows Float16 for x > 11.09 (inf / inf = NaN), and a
/// probability that underflows to 0 gives `log 0 = -inf`.
@inlinable
public func categoricalCrossEntropyLogitsNaive<T: LossReal>(
  _ y: UnsafeBufferPointer<T>, _ x: UnsafeBufferPointer<T>
) -> T {
  let total = naiveExpSum(x)
  var sum = T.zero
  for c in 0..<x.count { sum += y[c] * T.log(T.exp(x[c]) / total) }
  return -sum
}

/// Log-softmax through the max-shifted logsumexp: `-Σ y (x - m - log Σ exp(x - m))`.
///
/// **Edge cases:** every exponent is ≤ 0, so nothing overflows; each term of the sum is at
/// most 1 and one term is 1. A -inf logit under a zero target contributes `0 · -inf = NaN`
/// (optax issue 896). A confident correct row's loss is a difference of nearly equal numbers:
/// below ulp(x)/2 it flushes to 0.
@inlinable
public func categoricalCrossEntropyLogitsStable<T: LossReal>(
  _ y: UnsafeBufferPointer<T>, _ x: UnsafeBufferPointer<T>
) -> T {
  let logNormalizer = shiftedLogSumExp(x)
  var sum = T.zero
  for c in 0..<x.count { sum += y[c] * (x[c] - logNormalizer) }
  return -sum
}

/// PyTorch 2.15 `cross_entropy` with probability targets, one row (reduction `none`):
/// `-Σ_c (log_softmax(x)_c · y_c)`. Each log-probability is `torchLogSoftmax`, each product rounds
/// in the format, and the sum over classes is torch's: a float accumulator for the 16-bit formats
/// rounded once, Float and Double adding in themselves (left to right here).
///
/// **Edge cases:** a -inf logit under a zero target gives `-inf · 0 = NaN`; a +inf logit gives
/// NaN (the max is not replaced). Otherwise finite.
///
/// **Error bound:** the log-softmax's error (see `torchLogSoftmax`) times the targets, plus the
/// sum's: a few ulps of the loss when the targets are one-hot; soft targets add no cancellation
/// (every term has the same sign).
@inlinable
public func categoricalCrossEntropyLogitsTorch<T: LossReal>(
  _ y: UnsafeBufferPointer<T>, _ x: UnsafeBufferPointer<T>
) -> T {
  // The row's max and log-sum once, then each entry as `torchLogSoftmax` computes it.
  if torchComputesInFloat(T.self) {
    let (m, logSum) = torchLogSoftmaxRow(x, { $0.widened }, { T(narrowing: $0).widened })
    var sum = T.Wide.zero
    for c in 0..<x.count {
      let logP = T(narrowing: (x[c].widened - m) - logSum)
      sum = sum + (logP * y[c]).widened
    }
    return -T(narrowing: sum)
  }
  let (m, logSum) = torchLogSoftmaxRow(x, { $0 }, { $0 })
  var sum = T.zero
  for c in 0..<x.count { sum += ((x[c] - m) - logSum) * y[c] }
  return -sum
}

/// TensorFlow 2.21 `softmax_cross_entropy_with_logits` (the fused CPU kernel, xent_op.h):
/// `Σ y (log Σ exp(x - m) - (x - m))` with `m = max x`, left to right here. float16 and
/// bfloat16 logits are cast to float32 first and the loss cast back
/// (tensorflow/python/ops/nn_ops.py:4122-4125, 4180-4181): for the 16-bit formats the row runs
/// in Float and rounds once.
///
/// **Edge cases:** a -inf logit under a zero target gives `0 · inf = NaN`; a +inf logit gives
/// NaN (inf - inf). Finite otherwise; every exponent is ≤ 0.
///
/// **Error bound:** in Float, a few ulps of `log s` plus the shifted logit per term (no
/// cancellation for one-hot targets where the label is not the max); for the 16-bit formats the
/// final rounding dominates: within half an ulp of the float value.
@inlinable
public func categoricalCrossEntropyLogitsTF<T: LossReal>(
  _ y: UnsafeBufferPointer<T>, _ x: UnsafeBufferPointer<T>
) -> T {
  if torchComputesInFloat(T.self) {
    return T(narrowing: tfSoftmaxCrossEntropy(y, x) { $0.widened })
  }
  return tfSoftmaxCrossEntropy(y, x) { $0 }
}

@inlinable @inline(__always)
func tfSoftmaxCrossEntropy<T: LossReal, U: LossReal>(
  _ y: UnsafeBufferPointer<T>, _ x: UnsafeBufferPointer<T>, _ compute: (T) -> U
) -> U {
  let (m, s) = maxAndShiftedExpSum(x, compute)
  let logSum = U.log(s)
  var loss = U.zero
  for i in x.indices { loss = loss + compute(y[i]) * (logSum - (compute(x[i]) - m)) }
  return loss
}

/// The ideal loss from logits: `-Σ y (x - logsumexp x)` over the classes with nonzero target.
@inlinable
public func categoricalCrossEntropyLogitsIdeal<T: LossReal>(
  _ y: UnsafeBufferPointer<T>, _ x: UnsafeBufferPointer<T>
) -> T {
  var sum = T.zero
  for c in 0..<x.count where !y[c].isZero { sum += y[c] * logSumExpAbove(x, c) }
  return sum
}

/// `logsumexp(x) - x[c]` without cancellation: `(m - x[c]) + log1p(Σ_{j ≠ k} exp(x_j - m))`
/// with m = x[k] the (first) largest logit. Every term is nonnegative, so a reference keeps its
/// relative accuracy where the loss is tiny: `log(1 + e^-10000)` as `log(Σ exp(x - m))` would
/// need 14,000 bits to tell from 0. (The stable formula computes `log Σ exp(x - m) + m - x[c]`.)
@inlinable
public func logSumExpAbove<T: LossReal>(_ x: UnsafeBufferPointer<T>, _ c: Int) -> T {
  var k = 0
  for j in x.indices where x[j] > x[k] || x[k].isNaN { k = j }
  let m = x[k]
  guard m.isFinite else { return shiftedLogSumExp(x) - x[c] }
  var rest = T.zero
  for j in x.indices where j != k { rest += T.exp(x[j] - m) }
  return (m - x[c]) + T.log(onePlus: rest)
}

/// `Σ exp x` in the format, left to right.
@inlinable
func naiveExpSum<T: LossReal>(_ x: UnsafeBufferPointer<T>) -> T {
  var total = T.zero
  for c in 0..<x.count { total += T.exp(x[c]) }
  return total
}
