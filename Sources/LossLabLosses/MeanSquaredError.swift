import LossLabFormats

/// Mean squared error `mean((y - p)²)` over the last axis (Keras `mean_squared_error`, PyTorch
/// `mse_loss`, optax `squared_error`).
@usableFromInline
enum MeanSquaredError: LossFamily {
  @usableFromInline
  enum Variant: Int, CaseIterable, Sendable { case standard }

  @usableFromInline static let summary = "mean squared error (y - p)^2, averaged over the last axis"
  @usableFromInline static let shape = LossShape.elementwise(targets: .values)
  @usableFromInline static let parameters: [LossParameter] = []

  @usableFromInline static func formula(_ variant: Variant) -> String {
    switch variant {
    case .standard: "(y - p)^2"
    }
  }

  @usableFromInline static func source(_ variant: Variant) -> String {
    switch variant {
    case .standard:
      "keras/src/losses/losses.py mean_squared_error; torch mse_loss (cpu/BinaryOpsKernel.cpp)"
    }
  }

  @usableFromInline static func hasBias(_ variant: Variant) -> Bool {
    switch variant {
    case .standard: false
    }
  }

  @inlinable
  static func forEachExample<T: LossReal, S: ExampleLossSink<T>>(
    _ variant: Variant, on batch: Batch<T>, parameters: LossParameters<T>, into sink: inout S
  ) -> Int {
    switch variant {
    case .standard: elementwise(batch, &sink, squaredError)
    }
    return batch.rows
  }

  @inlinable
  static func idealExample<T: LossReal>(
    on batch: Batch<T>, row: Int, parameters: LossParameters<T>
  ) -> T {
    averagedIdeal(batch, row, squaredError)
  }
}

/// `(y - p)²`, as `e * e` with `e = y - p` (what torch's kernel and `x ** 2` compute).
///
/// **Edge cases:** 0 when y = p; +inf when `|y - p|` passes the square root of the format's
/// largest value (255.9 in Float16, where 256² > 65504); NaN when either input is NaN or both
/// are the same infinity.
///
/// **Error bound:** at most two roundings: `|computed - (y - p)²| ≤ ((1 + u)³ - 1)(y - p)²`
/// with u the unit roundoff (the difference's rounding doubles in the square).
@inlinable @inline(__always)
public func squaredError<T: LossReal>(_ y: T, _ p: T) -> T {
  let e = y - p
  return e * e
}
