import LossLabFormats

// The regression losses, one example value at a time. Keras averages them over the last axis;
// `LossEvaluation` does that. Formulas from shared/numerics-card.md ("Framework formulas"), which
// mirrors keras/src/losses/losses.py (Keras 3).

/// `|y - p|`. Exact in every format when y and p are within a factor 2 (Sterbenz); otherwise one
/// rounding. Overflows only when `y - p` does.
@inlinable @inline(__always)
public func absoluteError<T: LossReal>(_ y: T, _ p: T) -> T { (y - p).magnitude }

/// `(y - p)²`. Overflows Float16 once `|y - p| > 255.9` (256² > 65504).
@inlinable @inline(__always)
public func squaredError<T: LossReal>(_ y: T, _ p: T) -> T {
  let e = y - p
  return e * e
}

/// Huber loss (Keras): `0.5 e²` for `|e| ≤ δ`, else `δ|e| - 0.5 δ²`, with `e = y - p`.
/// Continuous at `|e| = δ`; the linear branch keeps it finite where `e²` would overflow.
@inlinable @inline(__always)
public func huberLoss<T: LossReal>(_ y: T, _ p: T, delta: T) -> T {
  let half = T.one / T(integer: 2)
  let e = (y - p).magnitude
  return e <= delta ? half * e * e : delta * e - half * delta * delta
}

/// `log(cosh(e))` straight from the definition: `exp(|e|)` overflows Float16 past 11.09 and Float
/// past 88.72, giving +inf where the loss is about `|e| - log 2`.
@inlinable @inline(__always)
public func logCoshNaive<T: LossReal>(_ y: T, _ p: T) -> T {
  let e = p - y
  return T.log((T.exp(e) + T.exp(-e)) / T(integer: 2))
}

/// Keras' `log_cosh`: `e + softplus(-2e) - log 2`. Finite for every finite e. For tiny |e| the
/// result (about e²/2) is the difference of numbers near log 2, so its relative error grows as
/// |e| shrinks: an absolute error of a few ulp(log 2).
@inlinable @inline(__always)
public func logCoshStable<T: LossReal>(_ y: T, _ p: T) -> T {
  let e = p - y
  let two = T(integer: 2)
  return e + T.softplus(-two * e) - T.log(two)
}

/// Keras MAPE term: `100 |y - p| / max(|y|, ε)`.
@inlinable @inline(__always)
public func absolutePercentageError<T: LossReal>(_ y: T, _ p: T, epsilon: T) -> T {
  T(integer: 100) * ((y - p) / T.larger(y.magnitude, epsilon)).magnitude
}

/// Keras MSLE term: `(log(max(p, ε) + 1) - log(max(y, ε) + 1))²`, with `log(x + 1)`, not log1p:
/// for small x the `+ 1` rounds away x's low bits.
@inlinable @inline(__always)
public func squaredLogErrorKeras<T: LossReal>(_ y: T, _ p: T, epsilon: T) -> T {
  let d = T.log(T.larger(p, epsilon) + T.one) - T.log(T.larger(y, epsilon) + T.one)
  return d * d
}

/// MSLE with `log1p` in place of `log(x + 1)`.
@inlinable @inline(__always)
public func squaredLogErrorLog1p<T: LossReal>(_ y: T, _ p: T, epsilon: T) -> T {
  let d = T.log(onePlus: T.larger(p, epsilon)) - T.log(onePlus: T.larger(y, epsilon))
  return d * d
}

/// The relative-error custom loss of the source material: `|y - p| / (|y| + ε)`. With y = p = 0
/// it is 0 if ε is nonzero in the format and NaN (0/0) where ε rounds to 0 (1e-8 in Float16).
@inlinable @inline(__always)
public func relativeError<T: LossReal>(_ y: T, _ p: T, epsilon: T) -> T {
  (y - p).magnitude / (y.magnitude + epsilon)
}

// MARK: - Ideal (exact) forms, evaluated by the MPFR reference

/// The ideal `log cosh e`, as `log1p(a²/2)` with `a = expm1(|e|/2) - expm1(-|e|/2)` (since
/// `cosh e - 1 = 2 sinh²(e/2)`): no cancellation for tiny e, no overflow in MPFR for large e.
@inlinable
public func logCoshIdeal<T: LossReal>(_ y: T, _ p: T) -> T {
  let h = (p - y).magnitude / T(integer: 2)
  let a = T.expMinusOne(h) - T.expMinusOne(-h)
  return T.log(onePlus: a * a / T(integer: 2))
}

/// The ideal percentage error `100 |y - p| / |y|`; 0 when y = p = 0, +inf when only y is 0.
@inlinable
public func absolutePercentageErrorIdeal<T: LossReal>(_ y: T, _ p: T) -> T {
  T(integer: 100) * relativeErrorIdeal(y, p)
}

/// The ideal squared log error `log1p((p - y) / (1 + y))²`, which is
/// `(log(1 + p) - log(1 + y))²` without the cancellation, for y, p > -1.
@inlinable
public func squaredLogErrorIdeal<T: LossReal>(_ y: T, _ p: T) -> T {
  let d = T.log(onePlus: (p - y) / (T.one + y))
  return d * d
}

/// The ideal relative error `|y - p| / |y|`; 0 when y = p (including 0 = 0).
@inlinable
public func relativeErrorIdeal<T: LossReal>(_ y: T, _ p: T) -> T {
  y == p ? T.zero : (y - p).magnitude / y.magnitude
}
