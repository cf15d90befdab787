import LossLabFormats

/// Mean squared logarithmic error `(log(1 + p) - log(1 + y))²`, both clipped at ε from below
/// (Keras `mean_squared_logarithmic_error`).
@usableFromInline
enum MeanSquaredLogarithmicError: LossFamily {
  @usableFromInline
  enum Variant: Int, CaseIterable, Sendable { case keras, log1p }

  @usableFromInline static let summary = "mean squared logarithmic error"
  @usableFromInline static let shape = LossShape.elementwise(targets: .values)
  @usableFromInline static let parameters = [LossParameter.kerasEpsilon]
  @usableFromInline static let eps = 0

  @usableFromInline static func formula(_ variant: Variant) -> String {
    switch variant {
    case .keras: "(log(max(p, eps) + 1) - log(max(y, eps) + 1))^2"
    case .log1p: "(log1p(max(p, eps)) - log1p(max(y, eps)))^2"
    }
  }

  @usableFromInline static func source(_ variant: Variant) -> String {
    switch variant {
    case .keras: "keras/src/losses/losses.py mean_squared_logarithmic_error"
    case .log1p: "Keras' formula with log1p in place of log(x + 1)"
    }
  }

  @usableFromInline static func hasBias(_ variant: Variant) -> Bool {
    switch variant {
    case .keras, .log1p: true
    }
  }

  @inlinable
  static func forEachExample<T: LossReal, S: ExampleLossSink<T>>(
    _ variant: Variant, on batch: Batch<T>, parameters: LossParameters<T>, into sink: inout S
  ) -> Int {
    switch variant {
    case .keras: elementwise(batch, &sink, parameters[eps], squaredLogErrorKeras)
    case .log1p: elementwise(batch, &sink, parameters[eps], squaredLogErrorLog1p)
    }
    return batch.rows
  }

  @inlinable
  static func idealExample<T: LossReal>(
    on batch: Batch<T>, row: Int, parameters: LossParameters<T>
  ) -> T {
    averagedIdeal(batch, row, squaredLogErrorIdeal)
  }
}

/// Keras MSLE term: `(log(max(p, ε) + 1) - log(max(y, ε) + 1))²`, with `log(x + 1)`, not log1p.
///
/// **Edge cases:** for small x the `+ 1` rounds away x's low bits, so two small different
/// inputs can give exactly 0; negative inputs are clipped to ε (the ideal is NaN below -1);
/// +inf for an infinite input, NaN for NaN.
@inlinable @inline(__always)
public func squaredLogErrorKeras<T: LossReal>(_ y: T, _ p: T, epsilon: T) -> T {
  let d = T.log(T.larger(p, epsilon) + T.one) - T.log(T.larger(y, epsilon) + T.one)
  return d * d
}

/// MSLE with `log1p` in place of `log(x + 1)`: keeps small inputs' bits; the difference of the
/// two logs still cancels when y and p are close.
@inlinable @inline(__always)
public func squaredLogErrorLog1p<T: LossReal>(_ y: T, _ p: T, epsilon: T) -> T {
  let d = T.log(onePlus: T.larger(p, epsilon)) - T.log(onePlus: T.larger(y, epsilon))
  return d * d
}

/// The ideal squared log error `log1p((p - y) / (1 + y))²`, which is
/// `(log(1 + p) - log(1 + y))²` without the cancellation, for y, p > -1.
@inlinable
public func squaredLogErrorIdeal<T: LossReal>(_ y: T, _ p: T) -> T {
  let d = T.log(onePlus: (p - y) / (T.one + y))
  return d * d
}
