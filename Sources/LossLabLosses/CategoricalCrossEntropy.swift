import LossLabFormats
import LossLabReductions

/// Categorical cross-entropy from probabilities: a row of C targets (one-hot or soft) and a
/// row of C probabilities. Keras 3 `categorical_crossentropy` renormalizes, clips and takes
/// `-Σ y log p` (keras/src/backend/tensorflow/nn.py); sums over classes are plain left-to-right
/// loops in the format, as the frameworks' CPU kernels do for a row.
@usableFromInline
enum CategoricalCrossEntropy: LossFamily {
  @usableFromInline
  enum Variant: Int, CaseIterable, Sendable { case keras, naive }

  @usableFromInline static let summary = "categorical cross-entropy, one-hot targets, probabilities"
  @usableFromInline static let shape = LossShape.rows
  @usableFromInline static let parameters = [LossParameter.kerasEpsilon]
  @usableFromInline static let eps = 0

  @usableFromInline static func formula(_ variant: Variant) -> String {
    switch variant {
    case .keras: "p / sum p, clipped to [eps, 1 - eps], then -sum y log p"
    case .naive: "-sum y log p"
    }
  }

  @usableFromInline static func source(_ variant: Variant) -> String {
    switch variant {
    case .keras: "keras/src/backend/tensorflow/nn.py categorical_crossentropy (from_logits=False)"
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
      rowwise(batch, &sink) { categoricalCrossEntropyKeras($0, $1, epsilon: eps) }
    case .naive: rowwise(batch, &sink) { categoricalCrossEntropyNaive($0, $1) }
    }
    return batch.rows
  }

  @inlinable
  static func idealExample<T: LossReal>(
    on batch: Batch<T>, row: Int, parameters: LossParameters<T>
  ) -> T {
    withRow(batch.yTrue, row, batch.columns) { y in
      withRow(batch.yPred, row, batch.columns) { p in categoricalCrossEntropyIdeal(y, p) }
    }
  }
}

/// `-Σ y log p`.
///
/// **Edge cases:** a zero p under a zero target gives `0 · -inf = NaN`; a zero p under a
/// nonzero target gives +inf (the ideal too); an empty row gives -0.
@inlinable
public func categoricalCrossEntropyNaive<T: LossReal>(
  _ y: UnsafeBufferPointer<T>, _ p: UnsafeBufferPointer<T>
) -> T {
  var sum = T.zero
  for c in 0..<p.count { sum += y[c] * T.log(p[c]) }
  return -sum
}

/// Keras: `p / Σp`, clipped to `[ε, 1 - ε]`, then `-Σ y log p`.
///
/// **Edge cases:** capped at `-log ε` per unit of target mass; a row summing to 0 gives
/// 0/0 = NaN, which the clip keeps; zero probabilities under zero targets contribute
/// `0 · log ε = 0`, not NaN.
@inlinable
public func categoricalCrossEntropyKeras<T: LossReal>(
  _ y: UnsafeBufferPointer<T>, _ p: UnsafeBufferPointer<T>, epsilon: T
) -> T {
  let total = recursiveSum(p)
  let high = T.one - epsilon
  var sum = T.zero
  for c in 0..<p.count { sum += y[c] * T.log((p[c] / total).clipped(epsilon, high)) }
  return -sum
}

/// The ideal loss from probabilities: `-Σ y log p` over the classes with nonzero target (no
/// renormalization, no clip).
@inlinable
public func categoricalCrossEntropyIdeal<T: LossReal>(
  _ y: UnsafeBufferPointer<T>, _ p: UnsafeBufferPointer<T>
) -> T {
  var sum = T.zero
  for c in 0..<p.count where !y[c].isZero { sum += y[c] * T.log(p[c]) }
  return -sum
}
