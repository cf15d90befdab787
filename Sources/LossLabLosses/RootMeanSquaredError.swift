import LossLabFormats

/// Root mean squared error: the square root of the batch's reduced squared error (Keras
/// `RootMeanSquaredError` metric: `sqrt(mean((y - p)²))`).
@usableFromInline
enum RootMeanSquaredError: LossFamily {
  @usableFromInline
  enum Variant: Int, CaseIterable, Sendable { case standard }

  @usableFromInline static let summary = "root of the batch's mean squared error"
  @usableFromInline static let shape = LossShape.elementwise(targets: .values)
  @usableFromInline static let parameters: [LossParameter] = []

  @usableFromInline static func formula(_ variant: Variant) -> String {
    switch variant {
    case .standard: "sqrt(reduce((y - p)^2))"
    }
  }

  @usableFromInline static func source(_ variant: Variant) -> String {
    switch variant {
    case .standard: "keras/src/metrics/regression_metrics.py RootMeanSquaredError"
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

  /// The square root of the reduced squared errors. **Edge cases:** a reduction that
  /// overflowed stays +inf; NaN stays NaN. One more rounding (half an ulp), and the root
  /// halves the reduction's relative error.
  @inlinable @inline(__always)
  static func finish<T: LossReal>(_ reduced: T) -> T { T.sqrt(reduced) }
}
