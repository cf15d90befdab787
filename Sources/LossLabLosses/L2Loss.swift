import LossLabFormats

/// The L2 loss `0.5 (p - y)²` (optax `l2_loss`): half the squared error, so its ideal is half
/// MSE's and it is a loss of its own rather than a variant of `mse`.
@usableFromInline
enum L2Loss: LossFamily {
  @usableFromInline
  enum Variant: Int, CaseIterable, Sendable { case optax }

  @usableFromInline static let summary = "L2 loss 0.5 (p - y)^2, averaged over the last axis"
  @usableFromInline static let shape = LossShape.elementwise(targets: .values)
  @usableFromInline static let parameters: [LossParameter] = []

  @usableFromInline static func formula(_ variant: Variant) -> String {
    switch variant {
    case .optax: "0.5 (p - y)^2"
    }
  }

  @usableFromInline static func source(_ variant: Variant) -> String {
    switch variant {
    case .optax: "optax 0.2.8 optax/losses/_regression.py l2_loss (0.5 * squared_error)"
    }
  }

  @usableFromInline static func hasBias(_ variant: Variant) -> Bool {
    switch variant {
    case .optax: false
    }
  }

  @inlinable
  static func forEachExample<T: LossReal, S: ExampleLossSink<T>>(
    _ variant: Variant, on batch: Batch<T>, parameters: LossParameters<T>, into sink: inout S
  ) -> Int {
    switch variant {
    case .optax: elementwise(batch, &sink, l2LossOptax)
    }
    return batch.rows
  }

  @inlinable
  static func idealExample<T: LossReal>(
    on batch: Batch<T>, row: Int, parameters: LossParameters<T>
  ) -> T {
    averagedIdeal(batch, row, l2LossOptax)
  }
}

/// optax 0.2.8 `l2_loss`: `0.5 * squared_error(p, y)`, `squared_error` being `(p - y) ** 2`
/// (an integer power: `e * e`); three roundings in the format.
///
/// **Edge cases:** 0 when y = p; the square overflows to +inf where `|p - y|` passes the square
/// root of the format's largest value (255.9 in Float16) although half of it might not; halving
/// a subnormal square rounds (to even), so tiny errors lose their last bit or flush to 0 a
/// binade earlier than the square alone; NaN for a NaN input or the same infinity twice.
///
/// **Error bound:** the square's (see `squaredError`); the halving is exact above the subnormal
/// range: `|computed - ½(p - y)²| ≤ ((1 + u)³ - 1) ½(p - y)²` for normal results.
@inlinable @inline(__always)
public func l2LossOptax<T: LossReal>(_ y: T, _ p: T) -> T {
  let e = p - y
  return T.one / T(integer: 2) * (e * e)
}
