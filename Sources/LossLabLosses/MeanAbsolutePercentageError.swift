import LossLabFormats

/// Mean absolute percentage error `100 |y - p| / max(|y|, ε)` (Keras
/// `mean_absolute_percentage_error`).
@usableFromInline
enum MeanAbsolutePercentageError: LossFamily {
  @usableFromInline
  enum Variant: Int, CaseIterable, Sendable { case keras }

  @usableFromInline static let summary = "mean absolute percentage error 100 |y - p| / max(|y|, eps)"
  @usableFromInline static let shape = LossShape.elementwise(targets: .values)
  @usableFromInline static let parameters = [LossParameter.kerasEpsilon]
  @usableFromInline static let eps = 0

  @usableFromInline static func formula(_ variant: Variant) -> String {
    switch variant {
    case .keras: "100 |y - p| / max(|y|, eps)"
    }
  }

  @usableFromInline static func source(_ variant: Variant) -> String {
    switch variant {
    case .keras: "keras/src/losses/losses.py mean_absolute_percentage_error"
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
    case .keras: elementwise(batch, &sink, parameters[eps], absolutePercentageError)
    }
    return batch.rows
  }

  @inlinable
  static func idealExample<T: LossReal>(
    on batch: Batch<T>, row: Int, parameters: LossParameters<T>
  ) -> T {
    averagedIdeal(batch, row, absolutePercentageErrorIdeal)
  }
}

/// Keras MAPE term: `100 |y - p| / max(|y|, ε)`.
///
/// **Edge cases:** y = 0 gives `100 |p| / ε`, finite but huge (the ideal is +inf unless p = 0);
/// ε that rounds to 0 in the format gives 0/0 = NaN for y = p = 0; overflows where
/// `|y - p| / ε` does.
@inlinable @inline(__always)
public func absolutePercentageError<T: LossReal>(_ y: T, _ p: T, epsilon: T) -> T {
  T(integer: 100) * ((y - p) / T.larger(y.magnitude, epsilon)).magnitude
}

/// The ideal percentage error `100 |y - p| / |y|`; 0 when y = p = 0, +inf when only y is 0.
@inlinable
public func absolutePercentageErrorIdeal<T: LossReal>(_ y: T, _ p: T) -> T {
  T(integer: 100) * relativeErrorIdeal(y, p)
}
