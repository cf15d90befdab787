import LossLabFormats

/// Weighted squared error: each example's squared error (averaged over its columns) times the
/// example's weight, Keras' `sample_weight` applied to `mean_squared_error`
/// (keras/src/losses/loss.py `reduce_weighted_values`).
@usableFromInline
enum WeightedMeanSquaredError: LossFamily {
  @usableFromInline
  enum Variant: Int, CaseIterable, Sendable { case standard }

  @usableFromInline static let summary = "per-example weighted squared error w (y - p)^2"
  @usableFromInline static let shape = LossShape.weighted
  @usableFromInline static let parameters: [LossParameter] = []

  @usableFromInline static func formula(_ variant: Variant) -> String {
    switch variant {
    case .standard: "w (y - p)^2"
    }
  }

  @usableFromInline static func source(_ variant: Variant) -> String {
    switch variant {
    case .standard: "keras/src/losses/loss.py (sample_weight times mean_squared_error)"
    }
  }

  @usableFromInline static func hasBias(_ variant: Variant) -> Bool {
    switch variant {
    case .standard: false
    }
  }

  /// **Edge cases:** a zero weight on an infinite error gives NaN (0 · inf), as the frameworks
  /// do; a weight past 1 can overflow a finite squared error.
  @inlinable
  static func forEachExample<T: LossReal, S: ExampleLossSink<T>>(
    _ variant: Variant, on batch: Batch<T>, parameters: LossParameters<T>, into sink: inout S
  ) -> Int {
    switch variant {
    case .standard: elementwise(batch, weighted: true, &sink, squaredError)
    }
    return batch.rows
  }

  @inlinable
  static func idealExample<T: LossReal>(
    on batch: Batch<T>, row: Int, parameters: LossParameters<T>
  ) -> T {
    averagedIdeal(batch, row, weighted: true, squaredError)
  }
}
