import LossLabFormats

/// Mean absolute error `mean(|y - p|)` over the last axis (Keras `mean_absolute_error`, PyTorch
/// `l1_loss`).
@usableFromInline
enum MeanAbsoluteError: LossFamily {
  @usableFromInline
  enum Variant: Int, CaseIterable, Sendable { case standard }

  @usableFromInline static let summary = "mean absolute error |y - p|, averaged over the last axis"
  @usableFromInline static let shape = LossShape.elementwise(targets: .values)
  @usableFromInline static let parameters: [LossParameter] = []

  @usableFromInline static func formula(_ variant: Variant) -> String {
    switch variant {
    case .standard: "|y - p|"
    }
  }

  @usableFromInline static func source(_ variant: Variant) -> String {
    switch variant {
    case .standard: "keras/src/losses/losses.py mean_absolute_error; torch.nn.functional.l1_loss"
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
    case .standard: elementwise(batch, &sink, absoluteError)
    }
    return batch.rows
  }

  @inlinable
  static func idealExample<T: LossReal>(
    on batch: Batch<T>, row: Int, parameters: LossParameters<T>
  ) -> T {
    averagedIdeal(batch, row, absoluteError)
  }
}

/// `|y - p|`.
///
/// **Edge cases:** 0 when y = p; +inf when either is infinite (NaN when both are the same
/// infinity); NaN when either is NaN.
///
/// **Error bound:** exact when y and p are within a factor 2 of each other (Sterbenz);
/// otherwise one rounding, half an ulp. Overflows only when `y - p` does.
@inlinable @inline(__always)
public func absoluteError<T: LossReal>(_ y: T, _ p: T) -> T { (y - p).magnitude }
