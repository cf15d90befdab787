import CMPFR

#if canImport(Glibc)
import Glibc
#endif

/// The elementary functions on balls: MPFR's correctly rounded function at the midpoint, and a
/// bound on how far the function moves over the operand's ball (each is monotone, so the bound
/// comes from the ends: `exp(x + δ) = exp(x) · e^δ`, `log(x(1 + δ)) = log x + log(1 + δ)`, ...;
/// `pow` is in MPFRBall+Power.swift).
/// Bounds are first-order terms times factors that cover the rest (`grown`, `1 / (1 - e)`); the
/// slack covers the C library's rounding.
extension MPFRBall {
  @inlinable
  public static func sqrt(_ x: MPFRBall) -> MPFRBall {
    let r = MPFRReal.fresh()
    let t = mpfr_sqrt(r.register, x.midpoint.register, MPFR_RNDN)
    if x.isExact { return exactly(r, t, named(.sqrt, x)) }
    // |sqrt(1 + δ) - 1| ≤ |δ| for δ ≥ -1.
    let e = x.relativeError
    return made(r, t, carried: e.isBelowOne ? e : .infinity, named(.sqrt, x))
  }

  @inlinable
  public static func exp(_ x: MPFRBall) -> MPFRBall { memoized(.exp, x, computeExp) }

  @inlinable
  static func computeExp(_ x: MPFRBall) -> MPFRBall {
    let r = MPFRReal.fresh()
    let t = mpfr_exp(r.register, x.midpoint.register, MPFR_RNDN)
    if x.isExact { return exactly(r, t, named(.exp, x)) }
    // exp(x + δ) = exp(x) e^δ with |δ| ≤ d = ε|x|: relative change at most expm1(d).
    let d = x.relativeError * size(x.midpoint)
    return made(r, t, carried: d * grown(d), named(.exp, x))
  }

  @inlinable
  public static func expMinusOne(_ x: MPFRBall) -> MPFRBall {
    let r = MPFRReal.fresh()
    let t = mpfr_expm1(r.register, x.midpoint.register, MPFR_RNDN)
    if x.isExact { return exactly(r, t, named(.expm1, x)) }
    // expm1(x + δ) - expm1(x) = e^x (e^δ - 1), |δ| ≤ d = ε|x|. Relative to |expm1 x|:
    // e^x |x| / |expm1 x| ≤ 1 + max(x, 0), so the bound is ε (1 + max(x, 0)) expm1(d) / d.
    let magnitude = size(x.midpoint)
    let d = x.relativeError * magnitude
    let factor = x.midpoint.isNegative ? ErrorBound(1) : ErrorBound(1) + magnitude
    return made(r, t, carried: x.relativeError * factor * grown(d), named(.expm1, x))
  }

  @inlinable
  public static func log(_ x: MPFRBall) -> MPFRBall { memoized(.log, x, computeLog) }

  @inlinable
  static func computeLog(_ x: MPFRBall) -> MPFRBall {
    let r = MPFRReal.fresh()
    let t = mpfr_log(r.register, x.midpoint.register, MPFR_RNDN)
    if x.isExact { return exactly(r, t, named(.log, x)) }
    // log(x(1 + δ)) - log x = log(1 + δ), at most -log(1 - ε) ≤ ε / (1 - ε) in size.
    let e = x.relativeError
    guard e.isBelowOne, !r.isZero, r.isFinite else { return made(r, t, carried: .infinity, named(.log, x)) }
    return made(r, t, carried: e / (1 - e.doubleUp) * inverseSize(r), named(.log, x))
  }

  @inlinable
  public static func log(onePlus x: MPFRBall) -> MPFRBall { memoized(.log1p, x, computeLog1p) }

  @inlinable
  static func computeLog1p(_ x: MPFRBall) -> MPFRBall {
    let r = MPFRReal.fresh()
    let t = mpfr_log1p(r.register, x.midpoint.register, MPFR_RNDN)
    if x.isExact { return exactly(r, t, log1pName(x)) }
    // log1p(x + δ) - log1p(x) = log(1 + e') with |e'| ≤ e = ε|x| / (1 + x), at most e / (1 - e)
    // in size; relative to |log1p x|, that over |log1p x| (read as a wide bound: both can be far
    // outside Double's range). For x ≥ 0, |x| / (1 + x) ≤ min(1, |x|); for -1 < x < 0, 1 + x
    // is taken as a Double rounded down.
    guard !x.midpoint.isZero, x.midpoint.isFinite, !r.isZero, r.isFinite,
      x.relativeError.isFinite
    else {
      return made(r, t, carried: .infinity, log1pName(x))
    }
    let e: ErrorBound
    if !x.midpoint.isNegative {
      let size = size(x.midpoint)
      e = x.relativeError * (size.isBelowOne ? size : ErrorBound(1))
    } else {
      let onePlusX = MPFRReal.scope { () -> Double in
        let sum = MPFRReal.fresh()
        mpfr_add_ui(sum.register, x.midpoint.register, 1, MPFR_RNDD)
        return mpfr_get_d(sum.register, MPFR_RNDD)
      }
      guard onePlusX > 0 else { return made(r, t, carried: .infinity, log1pName(x)) }
      e = x.relativeError * size(x.midpoint) / onePlusX
    }
    guard e.isBelowOne, e.exponent < -1 || e.isZero else {
      return made(r, t, carried: .infinity, log1pName(x))
    }
    // e < 1/2, so e / (1 - e) ≤ 2e.
    return made(r, t, carried: e * 2 * inverseSize(r), log1pName(x))
  }

  @inlinable
  public static func tanh(_ x: MPFRBall) -> MPFRBall {
    let r = MPFRReal.fresh()
    let t = mpfr_tanh(r.register, x.midpoint.register, MPFR_RNDN)
    if x.isExact { return exactly(r, t, named(.tanh, x)) }
    // tanh is odd, increasing and concave on [0, inf) with tanh 0 = 0, so for λ = 1 + δ ≥ 0,
    // tanh(λx) / tanh(x) lies between 1 and λ (concavity: tanh(λx) ≥ λ tanh x for λ ≤ 1,
    // tanh x ≥ tanh(λx) / λ for λ ≥ 1): the relative change is at most |δ| ≤ ε, exactly, with
    // no higher-order term (to first order it is |δ| · 2|x| / sinh(2|x|) ≤ |δ|).
    let e = x.relativeError
    return made(r, t, carried: e.isBelowOne ? e : .infinity, named(.tanh, x))
  }

  /// A factor g ≥ expm1(d) / d, so that `d · g` bounds `expm1(d)` (for d < 2^-20,
  /// expm1(d) / d < 1 + 2^-20).
  @inlinable @inline(__always)
  static func grown(_ d: ErrorBound) -> Double {
    if d.isZero || d.exponent < -20 { return 1 + 0x1p-18 }
    let value = d.doubleUp
    return Glibc.expm1(value) / value
  }
}
