import LossLabFormats

/// Huber loss with threshold δ: quadratic near 0, linear beyond δ (Keras `huber`, PyTorch
/// `huber_loss`, optax `huber_loss`). The three frameworks write the same function three ways,
/// and round differently: each is a variant.
@usableFromInline
enum HuberLoss: LossFamily {
  @usableFromInline
  enum Variant: Int, CaseIterable, Sendable { case standard, torch, optax }

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
    case .torch: "0.5 e^2 if |e| < delta else delta (|e| - 0.5 delta); float16 in float"
    case .optax: "0.5 min(|e|, delta)^2 + delta (|e| - min(|e|, delta))"
    }
  }

  @usableFromInline static func source(_ variant: Variant) -> String {
    switch variant {
    case .standard: "keras/src/losses/losses.py huber"
    case .torch:
      "torch 2.15 huber_loss: aten/src/ATen/native/cpu/BinaryOpsKernel.cpp huber_kernel (kHalf computed in float)"
    case .optax: "optax 0.2.8 optax/losses/_regression.py huber_loss"
    }
  }

  @usableFromInline static func hasBias(_ variant: Variant) -> Bool {
    switch variant {
    case .standard, .torch, .optax: false
    }
  }

  @inlinable
  static func forEachExample<T: LossReal, S: ExampleLossSink<T>>(
    _ variant: Variant, on batch: Batch<T>, parameters: LossParameters<T>, into sink: inout S
  ) -> Int {
    switch variant {
    case .standard: elementwise(batch, &sink, parameters[delta], huberLoss)
    case .torch: elementwise(batch, &sink, parameters[delta], huberLossTorch)
    case .optax: elementwise(batch, &sink, parameters[delta], huberLossOptax)
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

/// PyTorch 2.15's CPU `huber_loss` (aten/src/ATen/native/cpu/BinaryOpsKernel.cpp `huber_kernel`):
/// `z = |p - y|`, then `0.5 z z` if `z < δ`, else `δ (z - 0.5 δ)`. float16 is a special case
/// of the kernel: both inputs are converted to float, everything runs in float and the result
/// is rounded once. bfloat16, Float and Double run the generic kernel, each operation rounding in
/// the format (`0.5 * z * z` is `(0.5 z) z`).
///
/// Measured on torch 2.15 (CPU; random tensors of 6 to 100,000 pairs, so both the scalar and
/// the vectorized loop, δ = 0.3, 0.5, 1, 1.7 and 3.3): every float16 value is the float
/// computation (δ in float) rounded once, every bfloat16 value the per-operation one.
/// Under `torch.autocast` the loss is on the float32 list: the Float path.
///
/// **Caveat:** the float16 kernel converts δ from the double it is given to float; here δ
/// arrives rounded to float16 (LossLab rounds each parameter to the format), so for a δ that is
/// no float16 value (0.3, 1.7) the float16 results can differ from torch's by an ulp. δ = 1 and
/// 0.5, the vectors' (and the default), are exact.
///
/// **Edge cases:** as `huberLoss`, except at `|e| = δ`, which takes the linear branch (the same
/// value in exact arithmetic); in float16 the float computation cannot overflow before the final
/// rounding (`δ (z - 0.5 δ)` ≤ 65504 · 65504 fits a float), so it overflows exactly where the
/// true value passes float16's largest.
///
/// **Error bound:** float16, half an ulp of the float value plus its own few float ulps: within
/// an ulp of the correctly rounded loss. Otherwise as `huberLoss`: a few ulps.
@inlinable @inline(__always)
public func huberLossTorch<T: LossReal>(_ y: T, _ p: T, delta: T) -> T {
  switch T.encodedFormat {
  case .float16?: return T(narrowing: huberTorchTerms(y.widened, p.widened, delta.widened))
  case .bfloat16?, .float32?, .float64?, nil: return huberTorchTerms(y, p, delta)
  }
}

@inlinable @inline(__always)
func huberTorchTerms<U: LossReal>(_ y: U, _ p: U, _ delta: U) -> U {
  let half = U.one / U(integer: 2)
  let z = (p - y).magnitude
  return z < delta ? half * z * z : delta * (z - half * delta)
}

/// optax 0.2.8 `huber_loss` (optax/losses/_regression.py): `0.5 q² + δ (|e| - q)` with `e = p - y`
/// and `q = min(|e|, δ)`, each jnp operation rounding in the format (δ, a Python float, takes
/// the array's format).
///
/// **Edge cases:** 0 when y = p; for `|e| ≤ δ` the linear term is exactly 0, for `|e| > δ` the
/// quadratic term is `0.5 δ²`; +inf for an infinite e (`δ · inf`); NaN for a NaN input
/// (`jnp.minimum` propagates it). Never overflows before `δ (|e| - δ)` does.
///
/// **Error bound:** the quadratic branch is `huberLoss`'s (`0.5 e²` from a rounded `e`); the
/// linear branch adds three roundings to the subtraction `|e| - δ`, which is exact when `|e|`
/// is within a factor 2 of δ (Sterbenz) and otherwise loses nothing to cancellation: a few ulps.
@inlinable @inline(__always)
public func huberLossOptax<T: LossReal>(_ y: T, _ p: T, delta: T) -> T {
  let half = T.one / T(integer: 2)
  let a = (p - y).magnitude
  let q = T.smaller(a, delta)
  return half * (q * q) + delta * (a - q)
}
