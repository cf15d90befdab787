import LossLabFormats
import LossLabReductions

/// Categorical cross-entropy from a row of logits and one integer label per row (torch
/// `cross_entropy`, optax `softmax_cross_entropy_with_integer_labels`, Keras
/// `sparse_categorical_crossentropy(from_logits=True)`).
@usableFromInline
enum SparseCategoricalCrossEntropyFromLogits: LossFamily {
  @usableFromInline
  enum Variant: Int, CaseIterable, Sendable { case stable, naive, torch, tf }

  @usableFromInline static let summary = "categorical cross-entropy, integer labels, logits"
  @usableFromInline static let shape = LossShape.labels
  @usableFromInline static let parameters: [LossParameter] = []

  @usableFromInline static func formula(_ variant: Variant) -> String {
    switch variant {
    case .stable: "m + log sum exp(x - m) - x[label]"
    case .naive: "-log(exp(x[label]) / sum exp(x))"
    case .torch: "-((x[label] - m) - log sum exp(x - m)), m = max x (log_softmax then nll_loss)"
    case .tf: "log sum exp(x - m) - (x[label] - m), m = max x; float16 logits in float32"
    }
  }

  @usableFromInline static func source(_ variant: Variant) -> String {
    switch variant {
    case .stable: "optax softmax_cross_entropy_with_integer_labels (logsumexp(x) - x[label])"
    case .naive: "softmax then log, as a hand-written loss computes it"
    case .torch:
      "torch 2.15 cross_entropy with class indices: nll_loss(log_softmax(x, 1)) (torch/nn/functional.py:3478-3568; aten/src/ATen/native/LossNLL.cpp, cpu/SoftMaxKernel.cpp)"
    case .tf:
      "TF 2.21 sparse_softmax_cross_entropy_with_logits: tensorflow/python/ops/nn_ops.py:4349-4350 (float16 cast to float32 and back; bfloat16 runs in bfloat16), kernel tensorflow/core/kernels/sparse_xent_op.h"
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
    case .stable: labelled(batch, &sink) { sparseCategoricalCrossEntropyLogitsStable($0, $1) }
    case .naive: labelled(batch, &sink) { sparseCategoricalCrossEntropyLogitsNaive($0, $1) }
    case .torch: labelled(batch, &sink) { sparseCategoricalCrossEntropyLogitsTorch($0, $1) }
    case .tf: labelled(batch, &sink) { sparseCategoricalCrossEntropyLogitsTF($0, $1) }
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

/// `logsumexp(x) - x[label]` with the max-shifted logsumexp.
///
/// **Edge cases:** finite for finite logits; a confident correct row gives
/// `(m + log(1 + tiny)) - m`, which flushes to 0 below ulp(m)/2.
@inlinable
public func sparseCategoricalCrossEntropyLogitsStable<T: LossReal>(
  _ label: Int, _ x: UnsafeBufferPointer<T>
) -> T {
  shiftedLogSumExp(x) - x[label]
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
  if T.self == Float16.self { return T(narrowing: tfSparseSoftmaxCrossEntropy(label, x) { $0.widened }) }
  return tfSparseSoftmaxCrossEntropy(label, x) { $0 }
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
