import LossLabFormats

/// Kullback-Leibler divergence of a row of probabilities p from a target distribution y
/// (keras/src/losses/losses.py `kl_divergence`).
@usableFromInline
enum KLDivergence: LossFamily {
  @usableFromInline
  enum Variant: Int, CaseIterable, Sendable { case keras }

  @usableFromInline static let summary = "Kullback-Leibler divergence sum y log(y / p), Keras clipping"
  @usableFromInline static let shape = LossShape.rows
  @usableFromInline static let parameters = [LossParameter.kerasEpsilon]
  @usableFromInline static let eps = 0

  @usableFromInline static func formula(_ variant: Variant) -> String {
    switch variant {
    case .keras: "y, p clipped to [eps, 1]; sum y log(y / p)"
    }
  }

  @usableFromInline static func source(_ variant: Variant) -> String {
    switch variant {
    case .keras: "keras/src/losses/losses.py kl_divergence"
    }
  }

  @usableFromInline static func hasBias(_ variant: Variant) -> Bool {
    switch variant {
    case .keras: true
    }
  }

  @inlinable
  static func forEachExample<T: LossReal, S: ExampleLossSink<T>>(
    _ variant: Variant, on batch: Batch<T>, parameters: LossParameters<T>, into sink: inout S
  ) -> Int {
    switch variant {
    case .keras:
      let eps = parameters[eps]
      rowwise(batch, &sink) { klDivergenceKeras($0, $1, epsilon: eps) }
    }
    return batch.rows
  }

  @inlinable
  static func idealExample<T: LossReal>(
    on batch: Batch<T>, row: Int, parameters: LossParameters<T>
  ) -> T {
    withRow(batch.yTrue, row, batch.columns) { y in
      withRow(batch.yPred, row, batch.columns) { p in klDivergenceIdeal(y, p) }
    }
  }
}

/// Keras KL divergence for one row: y and p clipped to `[ε, 1]`, then `Σ y log(y / p)`, the sum
/// `ops.sum(..., axis=-1)` (`LossReal.rowSum`: left to right; `tf.reduce_sum`'s order under
/// `EigenReal`).
///
/// **Edge cases:** the clip turns a zero target into ε, so the result carries a bias of about
/// `ε log(ε / p)` per zero class; a zero p is read as ε, so the loss is finite where the ideal
/// is +inf; y = p gives exactly 0.
@inlinable
public func klDivergenceKeras<T: LossReal>(
  _ y: UnsafeBufferPointer<T>, _ p: UnsafeBufferPointer<T>, epsilon: T
) -> T {
  T.rowSum(count: p.count) { c in
    let yc = y[c].clipped(epsilon, T.one)
    return yc * T.log(yc / p[c].clipped(epsilon, T.one))
  }
}

/// The ideal KL divergence `Σ y (log y - log p)` over the classes with nonzero target.
@inlinable
public func klDivergenceIdeal<T: LossReal>(
  _ y: UnsafeBufferPointer<T>, _ p: UnsafeBufferPointer<T>
) -> T {
  var sum = T.zero
  for c in 0..<p.count where !y[c].isZero { sum += y[c] * (T.log(y[c]) - T.log(p[c])) }
  return sum
}
