import LossLabFormats

/// The predictions themselves, one per example, to measure a reduction on its own (the batch
/// sums and means of `reductions-drift`).
@usableFromInline
enum Identity: LossFamily {
  @usableFromInline
  enum Variant: Int, CaseIterable, Sendable { case standard }

  @usableFromInline static let summary = "the predictions themselves (to measure a reduction alone)"
  @usableFromInline static let shape = LossShape.predictions
  @usableFromInline static let parameters: [LossParameter] = []

  @usableFromInline static func formula(_ variant: Variant) -> String {
    switch variant {
    case .standard: "p"
    }
  }

  @usableFromInline static func source(_ variant: Variant) -> String {
    switch variant {
    case .standard: "the values a framework reduces (torch.sum, jnp.mean, keras Mean)"
    }
  }

  @usableFromInline static func hasBias(_ variant: Variant) -> Bool {
    switch variant {
    case .standard: false
    }
  }

  /// Every prediction is an example (the count is `yPred.count`, whatever the columns).
  @inlinable
  static func forEachExample<T: LossReal, S: ExampleLossSink<T>>(
    _ variant: Variant, on batch: Batch<T>, parameters: LossParameters<T>, into sink: inout S
  ) -> Int {
    switch variant {
    case .standard:
      for value in batch.yPred { sink.add(value) }
    }
    return batch.yPred.count
  }

  @inlinable
  static func idealExample<T: LossReal>(
    on batch: Batch<T>, row: Int, parameters: LossParameters<T>
  ) -> T {
    batch.yPred[row]
  }
}
