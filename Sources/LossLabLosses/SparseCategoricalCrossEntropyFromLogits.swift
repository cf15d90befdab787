import LossLabFormats
import LossLabReductions

/// Categorical cross-entropy from a row of logits and one integer label per row (torch
/// `cross_entropy`, optax `softmax_cross_entropy_with_integer_labels`, Keras
/// `sparse_categorical_crossentropy(from_logits=True)`, on TensorFlow and on JAX).
@usableFromInline
enum SparseCategoricalCrossEntropyFromLogits: LossFamily {
  @usableFromInline
  enum Variant: Int, CaseIterable, Sendable { case stable, naive, torch, tf, `log-softmax` }

  @usableFromInline static let summary = "categorical cross-entropy, integer labels, logits"
  @usableFromInline static let shape = LossShape.labels
  @usableFromInline static let parameters: [LossParameter] = []

  @usableFromInline static func formula(_ variant: Variant) -> String {
    switch variant {
    case .stable: "m + log sum exp(x - m) - x[label]"
    case .naive: "-log(exp(x[label]) / sum exp(x))"
    case .torch: "-((x[label] - m) - log sum exp(x - m)), m = max x (log_softmax then nll_loss)"
    case .tf: "log sum exp(x - m) - (x[label] - m), m = max x; float16 logits in float32"
    case .`log-softmax`: "-sum onehot(label) ((x - m) - log sum exp(x - m)), m = max x"
    }
  }

  @usableFromInline static func source(_ variant: Variant) -> String {
    switch variant {
    case .stable:
      "optax 0.2.8 softmax_cross_entropy_with_integer_labels: jax.nn.logsumexp(x) - x[label] (optax/losses/_classification.py:400-404; jax/_src/ops/special.py:86-97)"
    case .naive: "softmax then log, as a hand-written loss computes it"
    case .torch:
      "torch 2.15 cross_entropy with class indices: nll_loss(log_softmax(x, 1)) (torch/nn/functional.py:3478-3568; aten/src/ATen/native/LossNLL.cpp, cpu/SoftMaxKernel.cpp)"
    case .tf:
      "TF 2.21 sparse_softmax_cross_entropy_with_logits: tensorflow/python/ops/nn_ops.py:4349-4350 (float16 cast to float32 and back; bfloat16 runs in bfloat16), kernel tensorflow/core/kernels/sparse_xent_op.h"
    case .`log-softmax`:
      "Keras 3.15 on JAX sparse_categorical_crossentropy(from_logits=True): -sum(one_hot(label) * jax.nn.log_softmax(x)) (keras/src/backend/jax/nn.py:1008, 1013-1014; jax/_src/nn/functions.py:566-571)"
    }
  }

  @usableFromInline static func hasBias(_ variant: Variant) -> Bool {
    switch variant {
    case .stable, .naive, .torch, .tf, .`log-softmax`: false
    }
  }

  /// torch's `cross_entropy` with class indices is `nll_loss(log_softmax(x))`, whose kernel
  /// sums the batch itself (`torchNLLReduction`, in the input's own type).
  @inlinable
  static func kernelBatchLoss<T: LossReal>(
    _ variant: Variant, on batch: Batch<T>, parameters: LossParameters<T>, reduction: Reduction
  ) -> T? {
    switch variant {
    case .torch:
      let losses = [T](unsafeUninitializedCapacity: batch.rows) { buffer, count in
        var sink = ExampleLossBuffer(buffer)
        count = forEachExample(variant, on: batch, parameters: parameters, into: &sink)
      }
      return torchNLLReduction(count: losses.count, mean: reduction == .mean) { -losses[$0] }
    case .stable, .naive, .tf, .`log-softmax`: return nil
    }
  }

  @inlinable
  static func forEachExample<T: LossReal, S: ExampleLossSink<T>>(
    _ variant: Variant, on batch: Batch<T>, parameters: LossParameters<T>, into sink: inout S
  ) -> Int {
    switch variant {
    case .stable: labelled(batch, &sink) { sparseCategoricalCrossEntropyLogitsStable($0, $1) }
    case .naive: labelled(batch, &sink) { sparseCategoricalCrossEntropyLogitsNaive($0, $1) }
    case .torch: labelled(batch, &sink) { sparseCategoricalCrossEntropyLogitsTorch($0, $1) }
    case .tf: labelled(batch, &sink) { sparseCategoricalCrossEntropyLogitsTF($0, $1) }
    case .`log-softmax`:
      labelled(batch, &sink) { sparseCategoricalCrossEntropyLogitsLogSoftmax($0, $1) }
    }
    return batch.rows
  }

  @inlinable
  static func idealExample<T: LossReal>(
    on batch: Batch<T>, row: Int, parameters: LossParameters<T>
  ) -> T {
    withRow(batch.yPred, row, batch.columns) { x in
      sparseCategoricalCrossEntropyLogitsIdeal(batch.labels[row], x)
    }
  }
}

/// `-log(exp(x[label]) / Σ exp x)`.
///
/// **Edge cases:** overflows to NaN (inf / inf) once a logit passes 11.09 in Float16; +inf
/// when the label's probability underflows.
@inlinable
public func sparseCategoricalCrossEntropyLogitsNaive<T: LossReal>(
  _ label: Int, _ x: UnsafeBufferPointer<T>
) -> T {
  -T.log(T.exp(x[label]) / naiveExpSum(x))
}

/// optax 0.2.8 `softmax_cross_entropy_with_integer_labels`: `logsumexp(x) - x[label]`
/// (optax/losses/_classification.py:400-404) with `jax.nn.logsumexp` as
/// jax/_src/ops/special.py:86-97 computes it: `m = max x` (replaced by 0 when not finite),
/// `log(Σ exp(x - m)) + m`, each operation rounding in the format and the sum `jaxRowSum`
/// (float16 and bfloat16 added in float and rounded once, as `jnp.sum` does).
///
/// Measured on the vectors (Tests/FrameworkVectors, optax with and without jit): every float16
/// and bfloat16 row matches; in float32 the rows differ only where XLA's own exp and log differ
/// from glibc's.
///
/// **Edge cases:** finite for finite logits; a confident correct row gives
/// `(m + log(1 + tiny)) - m`, which flushes to 0 below ulp(m)/2. A +inf logit gives
/// `log(inf) + 0 - x[label]`: +inf, or NaN at the label; a row of -inf gives -inf - (-inf) = NaN.
@inlinable
public func sparseCategoricalCrossEntropyLogitsStable<T: LossReal>(
  _ label: Int, _ x: UnsafeBufferPointer<T>
) -> T {
  var m = -T.infinity
  for i in x.indices { m = T.larger(m, x[i]) }
  if !m.isFinite { m = T.zero }
  let sum = jaxRowSum(x.count) { i in T.exp(x[i] - m) }
  return (T.log(sum) + m) - x[label]
}

/// Keras 3.15's `sparse_categorical_crossentropy(from_logits=True)` on JAX
/// (keras/src/backend/jax/nn.py:1008, 1013-1014): `-Σ one_hot(label) · log_softmax(x)`, the
/// log-softmax as `jaxLogSoftmaxRow` computes it and the sum as `jnp.sum` (`jaxRowSum`). The
/// one-hot products are exact and the sum has one nonzero term, so the loss is
/// `-((x[label] - m) - log Σ exp(x - m))`, except that a -inf logit elsewhere in the row gives
/// `0 · -inf = NaN`.
///
/// Measured on the vectors (Tests/FrameworkVectors, keras-jax): every row matches with XLA's exp
/// and log; with glibc's they differ by 1-2 float32 ulps where XLA's do.
///
/// **Edge cases:** a +inf logit or a row of -inf gives NaN; a -inf logit anywhere gives NaN.
///
/// **Error bound:** that of one log-softmax entry: the exact shift minus `log s`, a few ulps; a
/// confident correct row keeps its relative accuracy (`log(1 + tiny)`, no cancellation at m).
@inlinable
public func sparseCategoricalCrossEntropyLogitsLogSoftmax<T: LossReal>(
  _ label: Int, _ x: UnsafeBufferPointer<T>
) -> T {
  let (m, logSum) = jaxLogSoftmaxRow(x)
  return -jaxRowSum(x.count) { c in (c == label ? T.one : T.zero) * ((x[c] - m) - logSum) }
}

/// PyTorch 2.15 `cross_entropy` with class indices (and `nll_loss(log_softmax(x))`), one row:
/// `-log_softmax(x)[label]` with `torchLogSoftmax` (the negation is exact).
///
/// **Edge cases:** as `torchLogSoftmax`: a +inf logit or an all -inf row gives NaN; a -inf
/// logit at the label gives +inf.
///
/// **Error bound:** that of `torchLogSoftmax`: in Float a few ulps of `log s` (absolute); in
/// the 16-bit formats the stored sum's rounding can move a small loss by many of its ulps.
@inlinable
public func sparseCategoricalCrossEntropyLogitsTorch<T: LossReal>(
  _ label: Int, _ x: UnsafeBufferPointer<T>
) -> T {
  -torchLogSoftmax(x, label)
}

/// TensorFlow 2.21 `sparse_softmax_cross_entropy_with_logits` (CPU kernel sparse_xent_op.h):
/// `log Σ exp(x - m) - (x[label] - m)` with `m = max x`. float16 logits are cast to float32 and
/// the loss back (tensorflow/python/ops/nn_ops.py:4349-4350), so the row runs in Float and
/// rounds once; bfloat16 is not cast and each operation rounds in bfloat16, as Float and Double.
///
/// **Edge cases:** a +inf logit gives NaN (inf - inf); a -inf logit at the label gives +inf.
///
/// **Error bound:** a confident correct row is `log(1 + tiny) - 0`: no cancellation, so a tiny
/// loss keeps its relative accuracy (unlike `logsumexp - x[label]`, which cancels at `m`); a few
/// ulps otherwise. In bfloat16 the sum and log round to 8 bits.
@inlinable
public func sparseCategoricalCrossEntropyLogitsTF<T: LossReal>(
  _ label: Int, _ x: UnsafeBufferPointer<T>
) -> T {
  switch T.encodedFormat {
  case .float16?: return T(narrowing: tfSparseSoftmaxCrossEntropy(label, x) { $0.widened })
  case .bfloat16?, .float32?, .float64?, nil: return tfSparseSoftmaxCrossEntropy(label, x) { $0 }
  }
}

@inlinable @inline(__always)
func tfSparseSoftmaxCrossEntropy<T: LossReal, U: LossReal>(
  _ label: Int, _ x: UnsafeBufferPointer<T>, _ compute: (T) -> U
) -> U {
  let (m, s) = maxAndShiftedExpSum(x, compute)
  return U.log(s) - (compute(x[label]) - m)
}

/// The ideal sparse loss from logits, `logsumexp(x) - x[label]`, written for the reference as
/// `logSumExpAbove`.
@inlinable
public func sparseCategoricalCrossEntropyLogitsIdeal<T: LossReal>(
  _ label: Int, _ x: UnsafeBufferPointer<T>
) -> T {
  logSumExpAbove(x, label)
}
