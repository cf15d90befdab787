import LossLabFormats
import LossLabReductions

/// Categorical cross-entropy from probabilities with one integer label per row (Keras
/// `sparse_categorical_crossentropy`, from_logits=False: on JAX it renormalizes then clips, on
/// TensorFlow it clips, takes the log and runs the softmax cross-entropy kernel on it).
@usableFromInline
enum SparseCategoricalCrossEntropy: LossFamily {
  @usableFromInline
  enum Variant: Int, CaseIterable, Sendable { case keras, naive, `keras-tf` }

  @usableFromInline static let summary = "categorical cross-entropy, integer labels, probabilities"
  @usableFromInline static let shape = LossShape.labels
  @usableFromInline static let parameters = [LossParameter.kerasEpsilon]
  @usableFromInline static let eps = 0

  @usableFromInline static func formula(_ variant: Variant) -> String {
    switch variant {
    case .keras: "p * (1 / sum p), clipped to [eps, 1 - eps], then -log p[label]"
    case .naive: "-log p[label]"
    case .`keras-tf`:
      "l = log(p clipped to [eps, 1 - eps]); log sum exp(l - m) - (l[label] - m), m = max l"
    }
  }

  @usableFromInline static func source(_ variant: Variant) -> String {
    switch variant {
    case .keras:
      "Keras 3.15 on JAX sparse_categorical_crossentropy: keras/src/backend/jax/nn.py:1010-1014 (renormalize, clip, log; XLA turns the division by the broadcast sum into a multiplication by its reciprocal)"
    case .naive: "the definition; torch nll_loss(log(p))"
    case .`keras-tf`:
      "Keras 3.15 on TensorFlow sparse_categorical_crossentropy: keras/src/backend/tensorflow/nn.py:1432-1440 (clip, log, then tf.nn.sparse_softmax_cross_entropy_with_logits)"
    }
  }

  @usableFromInline static func hasBias(_ variant: Variant) -> Bool {
    switch variant {
    case .keras, .`keras-tf`: true
    case .naive: false
    }
  }

  @inlinable
  static func forEachExample<T: LossReal, S: ExampleLossSink<T>>(
    _ variant: Variant, on batch: Batch<T>, parameters: LossParameters<T>, into sink: inout S
  ) -> Int {
    switch variant {
    case .keras:
      let eps = parameters[eps]
      labelled(batch, &sink) { sparseCategoricalCrossEntropyKeras($0, $1, epsilon: eps) }
    case .naive: labelled(batch, &sink) { sparseCategoricalCrossEntropyNaive($0, $1) }
    case .`keras-tf`:
      let eps = parameters[eps]
      labelled(batch, &sink) { sparseCategoricalCrossEntropyKerasTF($0, $1, epsilon: eps) }
    }
    return batch.rows
  }

  @inlinable
  static func idealExample<T: LossReal>(
    on batch: Batch<T>, row: Int, parameters: LossParameters<T>
  ) -> T {
    withRow(batch.yPred, row, batch.columns) { p in -T.log(p[batch.labels[row]]) }
  }
}

/// `-log p[label]`.
///
/// **Edge cases:** p[label] = 0 gives +inf; a label outside the row is refused where inputs
/// enter, never read here.
@inlinable
public func sparseCategoricalCrossEntropyNaive<T: LossReal>(
  _ label: Int, _ p: UnsafeBufferPointer<T>
) -> T {
  -T.log(p[label])
}

/// Keras 3.15's `sparse_categorical_crossentropy(from_logits=False)` on JAX
/// (keras/src/backend/jax/nn.py:1010-1014): `p * (1 / Σp)` (`jaxRenormalized`, the row sum
/// `jaxRowSum`), clipped to `[ε, 1 - ε]`, then `-Σ one_hot(label) · log p`. The one-hot sum has
/// one nonzero term: `-log p[label]` exactly, unless another entry's log is NaN (an infinite
/// probability makes it `inf · 0`), which `0 · NaN` carries into the sum.
///
/// Measured on the vectors (Tests/FrameworkVectors, keras-jax): every row matches given XLA's
/// log; a true division instead of the reciprocal put a row near p = 1 1,048,577 float32 ulps
/// off.
///
/// **Edge cases:** capped at `-log ε`; a row summing to 0, or holding an infinity, gives NaN.
///
/// **Error bound:** as `categoricalCrossEntropyKerasJAX`.
@inlinable
public func sparseCategoricalCrossEntropyKeras<T: LossReal>(
  _ label: Int, _ p: UnsafeBufferPointer<T>, epsilon: T
) -> T {
  let total = jaxRowSum(p.count) { p[$0] }
  let high = T.one - epsilon
  return -jaxRowSum(p.count) { c in
    (c == label ? T.one : T.zero) * T.log(jaxRenormalized(p[c], total).clipped(epsilon, high))
  }
}

/// Keras 3.15's `sparse_categorical_crossentropy(from_logits=False)` on TensorFlow
/// (keras/src/backend/tensorflow/nn.py:1432-1440): `l = log(clip(p, ε, 1 - ε))`, no
/// renormalization, then `tf.nn.sparse_softmax_cross_entropy_with_logits(l)`: `log Σ exp(l - m)
/// - (l[label] - m)` with `m = max l` (sparse_xent_op.h). The softmax renormalizes, after the
/// clip: a row that does not sum to 1 is still divided by its sum, and a clipped zero counts
/// as ε in that sum. The clip and log round in the format; the kernel is
/// `sparseCategoricalCrossEntropyLogitsTF`'s (float16 log-probabilities cast to float32 and the
/// loss back, bfloat16 in bfloat16).
///
/// **Edge cases:** a zero probability counts as ε; a row of zeros gives `log C` (every entry ε);
/// NaN propagates.
///
/// **Error bound:** the log's rounding per entry and the kernel's (a few ulps); the clip's bias
/// is at most `-log ε` for a zero at the label and `Cε` in the sum.
@inlinable
public func sparseCategoricalCrossEntropyKerasTF<T: LossReal>(
  _ label: Int, _ p: UnsafeBufferPointer<T>, epsilon: T
) -> T {
  let high = T.one - epsilon
  switch T.encodedFormat {
  case .float16?:
    return T(
      narrowing: tfSparseSoftmaxCrossEntropy(label, p) { T.log($0.clipped(epsilon, high)).widened })
  case .bfloat16?, .float32?, .float64?, nil:
    return tfSparseSoftmaxCrossEntropy(label, p) { T.log($0.clipped(epsilon, high)) }
  }
}
