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
    case .stable: "-sum y ((x - m) - log sum exp(x - m)), m = max x"
    case .naive: "-sum y log(exp(x) / sum exp(x))"
    case .torch: "-sum y log_softmax(x), log_softmax(x) = (x - m) - log sum exp(x - m)"
    case .tf: "sum y (log sum exp(x - m) - (x - m)), m = max x; 16-bit logits in float32"
    }
  }

  @usableFromInline static func source(_ variant: Variant) -> String {
    switch variant {
    case .stable:
      "optax 0.2.8 softmax_cross_entropy (optax/losses/_classification.py:295-296) and Keras 3.15 on JAX categorical_crossentropy(from_logits=True) (keras/src/backend/jax/nn.py:981, 986): -sum(y * jax.nn.log_softmax(x)) (jax/_src/nn/functions.py:566-571)"
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

  /// torch's `cross_entropy` with probability targets reduces `-(log_softmax(x) * y).sum()`
  /// over the whole [n, C] batch at once (aten/src/ATen/native/LossNLL.cpp
  /// `cross_entropy_loss_prob_target`): one `torch.sum` of the products, negated, divided by n
  /// for the mean (a batch of zero losses gives -0).
  @inlinable
  static func kernelBatchLoss<T: LossReal>(
    _ variant: Variant, on batch: Batch<T>, parameters: LossParameters<T>, reduction: Reduction
  ) -> T? {
    switch variant {
    case .torch:
      let products = torchLogSoftmaxProducts(batch)
      let total = -torchSum(count: products.count) { products[$0] }
      return reduction == .mean ? total / T(integer: batch.rows) : total
    case .stable, .naive, .tf: return nil
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
    case .tf:
      if floatKernelApplies(T.self) {
        tfSoftmaxCrossEntropyRows(batch, &sink)
      } else {
        rowwise(batch, &sink) { categoricalCrossEntropyLogitsTF($0, $1) }
      }
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

/// optax 0.2.8 `softmax_cross_entropy` and Keras 3.15's
/// `categorical_crossentropy(from_logits=True)` on JAX: `-Σ y · log_softmax(x)`
/// (optax/losses/_classification.py:295-296, keras/src/backend/jax/nn.py:981, 986), with
/// `jax.nn.log_softmax` as `jaxLogSoftmaxRow` computes it: each entry `(x - m) - log Σ exp(x -
/// m)`, the shift first, so a confident correct row's loss is `log(1 + tiny)` itself, not a
/// difference of two numbers near `m`. Every
/// operation rounds in the format; the sum over classes is `jnp.sum`'s, which adds float16 and
/// bfloat16 in float and rounds once (`jaxRowSum`), Float and Double in themselves (left to
/// right here, as XLA:CPU adds a row of up to 10 classes on the vectors).
///
/// Measured on the vectors (Tests/FrameworkVectors, optax with and without jit, keras-jax): this
/// expression with glibc's exp and log differs from JAX only where XLA's own exp and log differ
/// from glibc's (1-2 float32 ulps); with XLA's exp and log it matches every row.
///
/// **Edge cases:** every exponent is ≤ 0, so nothing overflows. A -inf logit under a zero target
/// gives `0 · -inf = NaN` (optax issue 896); a +inf logit, or a row of -inf, gives NaN (the max is
/// not replaced, as in `jax.nn.log_softmax`).
///
/// **Error bound:** each log-probability is the exact shift (Sterbenz for nearby logits) minus
/// `log s`, `s` in [1, C]: a few ulps of the larger of the two; no cancellation at `m`. The sum
/// of one-hot products is exact; soft targets add the sum's rounding (all terms of one sign).
@inlinable
public func categoricalCrossEntropyLogitsStable<T: LossReal>(
  _ y: UnsafeBufferPointer<T>, _ x: UnsafeBufferPointer<T>
) -> T {
  let (m, logSum) = jaxLogSoftmaxRow(x)
  return -jaxRowSum(x.count) { c in y[c] * ((x[c] - m) - logSum) }
}

/// Whether `jnp.sum` adds `T` in float32 and rounds once (`_upcast_f16`,
/// jax/_src/numpy/reductions.py:67-70, used by `sum`, `mean` and `logsumexp`'s sum): true for
/// float16 and bfloat16 (and types storing one, `LossReal.encodedFormat`), whose `Wide` is
/// float32; Float and Double add in themselves.
@inlinable @inline(__always)
func jaxSumsInFloat<T: LossReal>(_: T.Type) -> Bool { T.isSixteenBitEncoded }

/// `Σ term(i)` for `i` in `0..<count`, left to right, as `jnp.sum` of a row: in float, rounded
/// once, for the 16-bit formats (`jaxSumsInFloat`); in the format otherwise. Starts at +0.
@inlinable @inline(__always)
func jaxRowSum<T: LossReal>(_ count: Int, _ term: (Int) -> T) -> T {
  if jaxSumsInFloat(T.self) {
    var sum = T.Wide.zero
    for i in 0..<count { sum = sum + term(i).widened }
    return T(narrowing: sum)
  }
  var sum = T.zero
  for i in 0..<count { sum = sum + term(i) }
  return sum
}

/// The row part of `jax.nn.log_softmax` (jax/_src/nn/functions.py:566-571): `m = max x`
/// (`jnp.max` from -inf; NaN propagates; not replaced when infinite) and
/// `log Σ exp(x - m)`, each `x - m` and `exp` rounding in the format and the sum `jaxRowSum`.
/// Entry `c` of the log-softmax is then `(x[c] - m) - logSum`, in the format.
///
/// **Edge cases:** a +inf logit or a row of -inf gives `m - m = NaN` in the sum; a -inf entry
/// of a finite row contributes exp(-inf) = 0. The sum is in [1, C] otherwise.
@inlinable @inline(__always)
func jaxLogSoftmaxRow<T: LossReal>(_ x: UnsafeBufferPointer<T>) -> (max: T, logSum: T) {
  var m = -T.infinity
  for i in x.indices { m = T.larger(m, x[i]) }
  return (m, T.log(jaxRowSum(x.count) { i in T.exp(x[i] - m) }))
}

/// PyTorch 2.15 `cross_entropy` with probability targets, one row (reduction `none`):
/// `-Σ_c (log_softmax(x)_c · y_c)`. Each log-probability is `torchLogSoftmax`, each product rounds
/// in the format, and the sum over classes is torch's: a float accumulator for the 16-bit formats
/// rounded once, Float and Double adding in themselves (`torchSum`'s order).
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
  withUnsafeTemporaryAllocation(of: T.self, capacity: x.count) { products in
    torchLogSoftmaxProducts(y, x, into: products)
    return -torchSum(count: x.count) { products[$0] }
  }
}

/// `log_softmax(x)_c · y_c` for each class of one row, in `T`: `torchLogSoftmaxEntries`, then
/// each product in `T`.
@inlinable
func torchLogSoftmaxProducts<T: LossReal>(
  _ y: UnsafeBufferPointer<T>, _ x: UnsafeBufferPointer<T>, into products: UnsafeMutableBufferPointer<T>
) {
  torchLogSoftmaxEntries(x, into: products)
  for c in 0..<x.count { products[c] = products[c] * y[c] }
}

/// The products of `torchLogSoftmaxProducts` for every row of `batch`, row-major.
@inlinable
func torchLogSoftmaxProducts<T: LossReal>(_ batch: Batch<T>) -> [T] {
  let classes = batch.columns
  return [T](unsafeUninitializedCapacity: batch.yPred.count) { all, count in
    for row in 0..<batch.rows {
      withRow(batch.yTrue, row, classes) { y in
        withRow(batch.yPred, row, classes) { x in
          torchLogSoftmaxProducts(
            y, x, into: UnsafeMutableBufferPointer(rebasing: all[row * classes..<(row + 1) * classes]))
        }
      }
    }
    count = batch.yPred.count
  }
}

/// TensorFlow 2.21 `softmax_cross_entropy_with_logits` on float32, float16 and bfloat16 tensors
/// (tensorflow/python/ops/nn_ops.py:4122-4125, 4180-4181: 16-bit logits and labels cast to
/// float32, the loss cast back): each row's loss as the fused float32 kernel computes it at its
/// place in the batch (`tfSoftmaxCrossEntropyRow`: Eigen's packet exp and summation order within
/// the row, Eigen's packet log for rows in whole packets of the batch), rounded once to `T`.
/// The summation order within a row decides a confident row's loss: for a bfloat16 row of 10
/// classes with the label at the max, TF's sum is 1 + 29 ulps where left to right gives
/// 1 + 28, and one ulp of that sum is 8 bfloat16 ulps of the loss (log s ≈ 2^-19;
/// Tests/FrameworkVectors/tf-nn-eager.jsonl:264).
///
/// **Edge cases** and **Error bound:** `tfSoftmaxCrossEntropyRow`'s, then for the 16-bit formats
/// within half an ulp of the float value.
@inlinable
func tfSoftmaxCrossEntropyRows<T: LossReal, S: ExampleLossSink<T>>(
  _ batch: Batch<T>, _ sink: inout S
) {
  let columns = batch.columns
  let x = UnsafeMutableBufferPointer<Float>.allocate(capacity: columns)
  let y = UnsafeMutableBufferPointer<Float>.allocate(capacity: columns)
  defer {
    x.deallocate()
    y.deallocate()
  }
  for row in 0..<batch.rows {
    for c in 0..<columns {
      x[c] = floatValue(batch.yPred[row * columns + c])
      y[c] = floatValue(batch.yTrue[row * columns + c])
    }
    let loss = tfSoftmaxCrossEntropyRow(
      logits: UnsafeBufferPointer(x), labels: UnsafeBufferPointer(y), row: row, rows: batch.rows)
    sink.add(fromFloat(loss))
  }
}

/// TensorFlow 2.21 `softmax_cross_entropy_with_logits` (the fused CPU kernel, xent_op.h) on the
/// number types its float kernel model does not take (`tfSoftmaxCrossEntropyRows` does float32
/// and the 16-bit formats): Keras on TensorFlow's `EigenReal`, whose `rowExpSum` is the kernel's
/// exp sum, and Double. `Σ y (log Σ exp(x - m) - (x - m))` with `m = max x`, in `T`.
///
/// **Edge cases:** a -inf logit under a zero target gives `0 · inf = NaN`; a +inf logit gives
/// NaN (inf - inf). Finite otherwise; every exponent is ≤ 0.
///
/// **Error bound:** a few ulps of `log s` plus the shifted logit per term (no cancellation for
/// one-hot targets where the label is not the max).
@inlinable
func categoricalCrossEntropyLogitsTF<T: LossReal>(
  _ y: UnsafeBufferPointer<T>, _ x: UnsafeBufferPointer<T>
) -> T {
  let (m, s) = maxAndShiftedExpSum(x) { $0 }
  let logSum = T.log(s)
  var loss = T.zero
  for i in x.indices { loss = loss + y[i] * (logSum - (x[i] - m)) }
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
