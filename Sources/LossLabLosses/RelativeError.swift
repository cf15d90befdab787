import LossLabFormats

/// The relative-error custom loss of the source material, `|y - p| / (|y| + ε)`, with its ε
/// guarding the division by a zero target.
@usableFromInline
enum RelativeError: LossFamily {
  @usableFromInline
  enum Variant: Int, CaseIterable, Sendable { case standard }

  @usableFromInline static let summary = "relative error |y - p| / (|y| + eps), eps = 1e-8"
  @usableFromInline static let shape = LossShape.elementwise(targets: .values)
  @usableFromInline static let parameters = [
    LossParameter("eps", default: "1e-8", "the guard against a zero target")
  ]
  @usableFromInline static let eps = 0

  @usableFromInline static func formula(_ variant: Variant) -> String {
    switch variant {
    case .standard: "|y - p| / (|y| + eps)"
    }
  }

  @usableFromInline static func source(_ variant: Variant) -> String {
    switch variant {
    case .standard: "the source material's custom Keras loss (a Python function of y, p)"
    }
  }

  @usableFromInline static func hasBias(_ variant: Variant) -> Bool {
    switch variant {
    case .standard: true
    }
  }

  @inlinable
  static func forEachExample<T: LossReal, S: ExampleLossSink<T>>(
    _ variant: Variant, on batch: Batch<T>, parameters: LossParameters<T>, into sink: inout S
  ) -> Int {
    switch variant {
    case .standard: elementwise(batch, &sink, parameters[eps], relativeError)
    }
    return batch.rows
  }

  @inlinable
  static func idealExample<T: LossReal>(
    on batch: Batch<T>, row: Int, parameters: LossParameters<T>
  ) -> T {
    averagedIdeal(batch, row, relativeErrorIdeal)
  }
}

/// `|y - p| / (|y| + ε)`.
///
/// **Edge cases:** with y = p = 0 it is 0 if ε is nonzero in the format and NaN (0/0) where ε
/// rounds to 0 (1e-8 in Float16); with y = 0 and p ≠ 0 it is `|p| / ε`, finite where the ideal
/// is +inf, and it overflows Float16 once `|p| / ε > 65504`.
///
/// **Error bound:** three roundings (difference, sum, quotient) when the values are normal.
@inlinable @inline(__always)
public func relativeError<T: LossReal>(_ y: T, _ p: T, epsilon: T) -> T {
  (y - p).magnitude / (y.magnitude + epsilon)
}

/// The ideal relative error `|y - p| / |y|`; 0 when y = p (including 0 = 0).
@inlinable
public func relativeErrorIdeal<T: LossReal>(_ y: T, _ p: T) -> T {
  y == p ? T.zero : (y - p).magnitude / y.magnitude
}
