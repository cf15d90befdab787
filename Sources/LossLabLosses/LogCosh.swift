import LossLabFormats

/// `log(cosh(p - y))`: quadratic near 0, `|e| - log 2` far from it (Keras `log_cosh`, whose
/// `softplus` is the backend's: JAX's in `stable`, TensorFlow's in `tf`; optax `log_cosh`
/// as `logaddexp(e, -e) - log 2`).
@usableFromInline
enum LogCosh: LossFamily {
  @usableFromInline
  enum Variant: Int, CaseIterable, Sendable { case stable, naive, optax, tf }

  @usableFromInline static let summary = "log(cosh(p - y))"
  @usableFromInline static let shape = LossShape.elementwise(targets: .values)
  @usableFromInline static let parameters: [LossParameter] = []

  @usableFromInline static func formula(_ variant: Variant) -> String {
    switch variant {
    case .stable: "e + softplus(-2e) - log 2"
    case .naive: "log((exp(e) + exp(-e)) / 2)"
    case .optax: "logaddexp(e, -e) - log 2 = (|e| + log1p(exp(-|2e|))) - log 2"
    case .tf: "e + softplus(-2e) - log 2, softplus(x) = x, exp(x) or log1p(exp(x)) (TF kernel)"
    }
  }

  @usableFromInline static func source(_ variant: Variant) -> String {
    switch variant {
    case .stable:
      "keras/src/losses/losses.py log_cosh; softplus as the JAX backend's (jax.nn.softplus = logaddexp(x, 0))"
    case .naive: "the definition, as a hand-written loss computes it"
    case .optax:
      "optax 0.2.8 optax/losses/_regression.py log_cosh; jax/_src/lax/other.py logaddexp"
    case .tf:
      "keras/src/losses/losses.py log_cosh on the TensorFlow backend: tf.math.softplus (tensorflow/core/kernels/softplus_op.h)"
    }
  }

  @usableFromInline static func hasBias(_ variant: Variant) -> Bool {
    switch variant {
    case .stable, .naive, .optax, .tf: false
    }
  }

  @inlinable
  static func forEachExample<T: LossReal, S: ExampleLossSink<T>>(
    _ variant: Variant, on batch: Batch<T>, parameters: LossParameters<T>, into sink: inout S
  ) -> Int {
    switch variant {
    case .stable: elementwise(batch, &sink, logCoshStable)
    case .naive: elementwise(batch, &sink, logCoshNaive)
    case .optax: elementwise(batch, &sink, logCoshOptax)
    case .tf: elementwise(batch, &sink, logCoshTF)
    }
    return batch.rows
  }

  @inlinable
  static func idealExample<T: LossReal>(
    on batch: Batch<T>, row: Int, parameters: LossParameters<T>
  ) -> T {
    averagedIdeal(batch, row, logCoshIdeal)
  }
}

/// `log(cosh(e))` straight from the definition.
///
/// **Edge cases:** `exp(|e|)` overflows Float16 past 11.09 and Float past 88.72, giving +inf
/// where the loss is about `|e| - log 2`; e = 0 gives exactly 0; NaN for NaN.
@inlinable @inline(__always)
public func logCoshNaive<T: LossReal>(_ y: T, _ p: T) -> T {
  let e = p - y
  return T.log((T.exp(e) + T.exp(-e)) / T(integer: 2))
}

/// Keras' `log_cosh`: `e + softplus(-2e) - log 2`.
///
/// **Edge cases:** finite for every finite e; e = ±inf gives NaN (inf - inf) where the loss is
/// +inf.
///
/// **Error bound:** for tiny |e| the result (about e²/2) is the difference of numbers near
/// log 2, so its relative error grows as |e| shrinks: an absolute error of a few ulp(log 2).
@inlinable @inline(__always)
public func logCoshStable<T: LossReal>(_ y: T, _ p: T) -> T {
  let e = p - y
  let two = T(integer: 2)
  return e + T.softplus(-two * e) - T.log(two)
}

/// Keras' `log_cosh` on the TensorFlow backend: `e + softplus(-2e) - log 2` with TensorFlow's
/// softplus kernel (`tfSoftplus`) instead of the `max(x, 0) + log1p(exp(-|x|))` form.
///
/// Reproduces the Keras-on-TensorFlow conformance vectors where the two softplus forms round
/// differently (e = -0.849: `log1p(exp(1.698))` against `1.698 + log1p(exp(-1.698))`, 4 ulps apart
/// in the loss).
///
/// **Edge cases:** as `logCoshStable`: finite for every finite e; e = ±inf gives NaN or +inf
/// (`-inf + inf` for e = -inf). Past |e| ≈ 6.97 the softplus is `-2e` itself or `exp(-2e)`, so
/// the loss is `-e - log 2` or `e + exp(-2e) - log 2` in the format.
///
/// **Error bound:** as `logCoshStable`: a few ulp(log 2) absolutely for tiny |e|; the softplus
/// kernel adds at most about one ulp of its result where it drops `log1p(exp(-x))` past the
/// threshold (that term is below ε there).
@inlinable @inline(__always)
public func logCoshTF<T: LossReal>(_ y: T, _ p: T) -> T {
  let e = p - y
  let two = T(integer: 2)
  return e + tfSoftplus(-two * e) - T.log(two)
}

/// TensorFlow's CPU `softplus` (tensorflow/core/kernels/softplus_op.h): with `t = log ε + 2`
/// (ε the format's machine epsilon, `t` computed in the format: -4.93 in float16, -2.85 in
/// bfloat16, -13.94 in float32, -34.04 in float64), `x` for `x > -t`, `exp(x)` for `x < t`,
/// else `log1p(exp(x))`. Formats other than the four (the MPFR reference) take the exact
/// softplus, as if ε were 0.
///
/// Checked against `tf.nn.softplus` (TF 2.21, float32): the same thresholds (13.9399 → log1p,
/// 13.9426 → x). On tensors of at least a vector's width TensorFlow's exp and log1p are
/// Eigen's vectorized approximations, which differ from the correctly rounded values in the
/// last bit for many arguments; on shorter tensors (the scalar loop) they are the C library's.
///
/// **Edge cases:** +inf gives +inf, -inf gives 0, NaN gives NaN. The branches keep `exp` from
/// overflowing (it is taken only below `-t`).
///
/// **Error bound:** past `-t` the result is x, low by `log1p(exp(-x)) < e^t = ε e²`, about an
/// ulp of x; below `t` it is `exp(x)`, high by about `exp(2x)/2`, relatively below ε; in
/// between, the rounding of `exp(x)` (half an ulp) passes into log1p scaled by `exp(x) / (1 +
/// exp(x)) < 1`: within about an ulp and a half.
@inlinable @inline(__always)
public func tfSoftplus<T: LossReal>(_ x: T) -> T {
  guard let threshold = tfSoftplusThreshold(T.self) else { return T.softplus(x) }
  if x > -threshold { return x }
  let e = T.exp(x)
  return x < threshold ? e : T.log(onePlus: e)
}

/// `log(NumTraits<T>::epsilon()) + 2` in the format (Eigen's epsilon: 2^-10, 2^-7, 2^-23,
/// 2^-52), or nil for a type that is none of the four (`LossReal.encodedFormat`).
@inlinable @inline(__always)
func tfSoftplusThreshold<T: LossReal>(_: T.Type) -> T? {
  guard let format = T.encodedFormat else { return nil }
  return T.log(T.one / T(integer: 1 << (format.precision - 1))) + T(integer: 2)
}

/// optax 0.2.8 `log_cosh`: `jnp.logaddexp(e, -e) - log 2` with `e = p - y`. JAX's `logaddexp`
/// (jax/_src/lax/other.py) is `max(a, b) + log1p(exp(-|a - b|))`, here `|e| + log1p(exp(-|2e|))`,
/// or `a + b` where `a - b` is NaN (here only for a NaN e); every operation rounds in the format
/// (exp and log1p of the 16-bit formats through Float, rounded). `log 2` is `jnp.log(2.0)` in
/// float32 cast to the format: `T.log(2)`, the same value.
///
/// **Edge cases:** finite for every finite e, and 0 at e = 0; e = ±inf gives +inf (`2e` is
/// infinite, not NaN); NaN for NaN. `2e` overflows for |e| above half the format's largest
/// value, where `exp(-inf) = 0` leaves `|e| - log 2`, as it should.
///
/// **Error bound:** for tiny |e| the result (about e²/2) is the difference `(|e| + log1p(...)) -
/// log 2` of numbers near log 2: an absolute error of a few ulp(log 2), like Keras' `stable`
/// form; for |e| past a few units the sum is `|e|` plus a small correction and the error is
/// a few ulps.
@inlinable @inline(__always)
public func logCoshOptax<T: LossReal>(_ y: T, _ p: T) -> T {
  let e = p - y
  let difference = e - (-e)
  if difference.isNaN { return e + (-e) }
  let larger = T.larger(e, -e)
  return (larger + T.log(onePlus: T.exp(-difference.magnitude))) - T.log(T(integer: 2))
}

/// The ideal `log cosh e`, as `log1p(a²/2)` with `a = expm1(|e|/2) - expm1(-|e|/2)` (since
/// `cosh e - 1 = 2 sinh²(e/2)`): no cancellation for tiny e, no overflow in MPFR for large e.
@inlinable
public func logCoshIdeal<T: LossReal>(_ y: T, _ p: T) -> T {
  let h = (p - y).magnitude / T(integer: 2)
  let a = T.expMinusOne(h) - T.expMinusOne(-h)
  return T.log(onePlus: a * a / T(integer: 2))
}
