import LossLabFormats

/// Huber loss with threshold δ: quadratic near 0, linear beyond δ (Keras `huber`, PyTorch
/// `huber_loss`; optax writes the same function as `0.5 min(|e|, δ)² + δ(|e| - min(|e|, δ))`).
@usableFromInline
enum HuberLoss: LossFamily {
  @usableFromInline
  enum Variant: Int, CaseIterable, Sendable { case standard }

  @usableFromInline static let summary = "Huber loss with threshold delta (default 1)"
  @usableFromInline static let shape = LossShape.elementwise(targets: .values)
  @usableFromInline static let parameters = [
    LossParameter(
      "delta", default: "1", "where the loss turns from quadratic to linear", domain: .positive)
  ]
  @usableFromInline static let delta = 0

  @usableFromInline static func formula(_ variant: Variant) -> String {
    switch variant {
    case .standard: "0.5 e^2 if |e| <= delta else delta |e| - 0.5 delta^2"
    }
  }

  @usableFromInline static func source(_ variant: Variant) -> String {
    switch variant {
    case .standard: "keras/src/losses/losses.py huber; torch.nn.functional.huber_loss"
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
    case .standard: elementwise(batch, &sink, parameters[delta], huberLoss)
    }
    return batch.rows
  }

  @inlinable
  static func idealExample<T: LossReal>(
    on batch: Batch<T>, row: Int, parameters: LossParameters<T>
  ) -> T {
    let delta = parameters[delta]
    return averagedIdeal(batch, row) { huberLoss($0, $1, delta: delta) }
  }
}

/// Huber loss (Keras): `0.5 e²` for `|e| ≤ δ`, else `δ|e| - 0.5 δ²`, with `e = y - p`.
///
/// **Edge cases:** 0 when y = p; continuous at `|e| = δ`; the linear branch keeps it finite
/// where `e²` would overflow (it overflows only where `δ|e|` does); +inf for an infinite e;
/// NaN for a NaN input or δ.
///
/// **Error bound:** the quadratic branch rounds `e`, then two products (four roundings, a few
/// ulps); in the linear branch `δ|e| > δ² > 0.5 δ²`, so the difference is at least half of
/// `δ|e|` and cancels at most one bit: a few ulps too.
@inlinable @inline(__always)
public func huberLoss<T: LossReal>(_ y: T, _ p: T, delta: T) -> T {
  let half = T.one / T(integer: 2)
  let e = (y - p).magnitude
  return e <= delta ? half * e * e : delta * e - half * delta * delta
}
