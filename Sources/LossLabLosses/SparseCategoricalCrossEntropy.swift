import LossLabFormats
import LossLabReductions

/// Categorical cross-entropy from probabilities with one integer label per row (Keras
/// `sparse_categorical_crossentropy`, from_logits=False).
@usableFromInline
enum SparseCategoricalCrossEntropy: LossFamily {
  @usableFromInline
  enum Variant: Int, CaseIterable, Sendable { case keras, naive }

  @usableFromInline static let summary = "categorical cross-entropy, integer labels, probabilities"
  @usableFromInline static let shape = LossShape.labels
  @usableFromInline static let parameters = [LossParameter.kerasEpsilon]
  @usableFromInline static let eps = 0

  @usableFromInline static func formula(_ variant: Variant) -> String {
    switch variant {
    case .keras: "p / sum p, clipped to [eps, 1 - eps], then -log p[label]"
    case .naive: "-log p[label]"
    }
  }

  @usableFromInline static func source(_ variant: Variant) -> String {
    switch variant {
    case .keras: "keras/src/backend/jax/nn.py sparse_categorical_crossentropy (renormalize, clip)"
    case .naive: "the definition; torch nll_loss(log(p))"
    }
  }

  @usableFromInline static func hasBias(_ variant: Variant) -> Bool {
    switch variant {
    case .keras: true
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

/// Keras sparse form: renormalize and clip as `categoricalCrossEntropyKeras`, then
/// `-log p[label]`.
///
/// **Edge cases:** capped at `-log ε`; a row summing to 0 gives NaN.
@inlinable
public func sparseCategoricalCrossEntropyKeras<T: LossReal>(
  _ label: Int, _ p: UnsafeBufferPointer<T>, epsilon: T
) -> T {
  -T.log((p[label] / recursiveSum(p)).clipped(epsilon, T.one - epsilon))
}
