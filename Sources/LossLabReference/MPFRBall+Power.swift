import CMPFR

#if canImport(Glibc)
import Glibc
#endif

/// The real power on balls: MPFR's correctly rounded `mpfr_pow` at the midpoints, as `MPFRReal`
/// computes it, and a bound on how far `x^y` moves over the operands' balls.
///
/// **Error bound.** Write the operands as `x = a(1 + δx)`, `y = b(1 + δy)` with `|δx| ≤ εx < 1`,
/// `|δy| ≤ εy`, and `z = a^b` for the exact power of the midpoints. For `a > 0` (or `a < 0` and
/// `y` exactly an integer, which changes only the sign), `log|x^y| = y log|x|`, so exactly
///
///     log|x^y| - log|z| = b log(1 + δx) + b δy log|a| + b δy log(1 + δx),
///
/// and with `|log(1 + δ)| ≤ -log(1 - ε) ≤ ε / (1 - ε)` and `b log|a| = log|z|` that is at most
/// `D = |b| · εx / (1 - εx) · (1 + εy) + εy · |log|z||`. The relative error of `x^y` against `z`
/// is then at most `e^D - 1 = expm1(D)`, taken as `D · grown(D)`; `|log|z||` is bounded from the
/// rounded result's exponent and leading bits. `made` adds the final rounding to nearest:
/// `(1 + expm1(D))(1 + 2^-p) - 1`, within `expm1(D) · slack + 2^-p`.
///
/// **Certain results.** Exact operands give MPFR's result with its ternary value (`2^10`,
/// `4^0.5`, `pow(x, 1)` are exact). Whatever the other operand's error, `pow(x, ±0)` and
/// `pow(1, y)` are exactly 1 and `pow(x, 1)` is x (its ball and its name). A negative `x` with an
/// exact non-integer `y` is certainly NaN. Exact zeros, infinities and NaN with an operand whose
/// sign is certain give certain zeros, `+inf` and NaN where C's rules do not depend on the
/// parity of an inexact `y`; `pow(x, ±inf)` is certain when `|x|` is certainly not 1.
///
/// **Unknown results** (an infinite bound): an operand with an unknown bound, an `x` whose ball
/// reaches 0 (its sign is not certain), a negative `x` with an inexact `y` (which may or may not
/// be an integer), and overflow or underflow of MPFR's exponent range.
extension MPFRBall {
  @inlinable
  public static func pow(_ x: MPFRBall, _ y: MPFRBall) -> MPFRBall {
    let r = MPFRReal.fresh()
    let t = mpfr_pow(r.register, x.midpoint.register, y.midpoint.register, MPFR_RNDN)
    if x.isExact && y.isExact { return exactly(r, t, named(.pow, x, y)) }
    // pow(x, ±0) = pow(1, y) = 1 whatever the other operand is, NaN included.
    if isExactly(y, 0) || isExactly(x, 1) { return exactly(r, t, named(.pow, x, y)) }
    // pow(x, 1) = x: x's ball under x's name (r is x unless x has more bits than r).
    if isExactly(y, 1) {
      if t == 0 {
        return MPFRBall(midpoint: r, relativeError: x.relativeError, expression: x.expression)
      }
      return made(r, t, carried: carried(x, into: r), x.name)
    }
    let error = powerError(x, y, r)
    // Zero only for a certain result (a certain zero too, which `made` would call unknown).
    if error.isZero { return exactly(r, t, named(.pow, x, y)) }
    return made(r, t, carried: error, named(.pow, x, y))
  }

  /// A bound on `|x^y / a^b - 1|` over the balls (at least one inexact, neither `y = 0` nor
  /// `x = 1` exactly) for midpoints `a`, `b` and MPFR's result `r`: zero when the result is
  /// certain, infinite when unknown.
  @inlinable
  static func powerError(_ x: MPFRBall, _ y: MPFRBall, _ r: MPFRReal) -> ErrorBound {
    let (ex, ey) = (x.relativeError, y.relativeError)
    guard ex.isFinite && ey.isFinite else { return .infinity }
    let (a, b) = (x.midpoint, y.midpoint)
    // A finite bound on an inexact ball means a finite nonzero midpoint; exact zeros,
    // infinities and NaN have rules of their own.
    guard losslab_mpfr_regular_p(a.register) != 0, b.isFinite else { return specialPowerError(x, y) }
    // The sign of x must be certain; a negative x has a real power only for integer y.
    guard ex.isBelowOne else { return .infinity }
    if a.isNegative {
      guard y.isExact else { return .infinity }
      if mpfr_integer_p(b.register) == 0 { return .zero }  // certainly NaN
    }
    let logX = ex / (1 - ex.doubleUp)  // ≥ |log(1 + δx)|
    let fromX = size(b) * logX * (ErrorBound(1) + ey)
    let d = ey.isZero ? fromX : fromX + ey * logSize(r)
    return d * grown(d)
  }

  /// The bound for an exact NaN, zero or infinity among the operands (the other operand
  /// inexact): zero where every value in the balls gives the same result, else infinite.
  @inlinable
  static func specialPowerError(_ x: MPFRBall, _ y: MPFRBall) -> ErrorBound {
    let (a, b) = (x.midpoint, y.midpoint)
    let certain: Bool
    if x.isExact && (a.isNaN || a.isZero || a.isInfinite) {
      // y is a nonzero number of certain sign: pow(NaN, y) is NaN; pow(±0, y > 0) and
      // pow(±inf, y < 0) are zeros; pow(+0, y < 0) and pow(+inf, y > 0) are +inf. The sign of
      // pow(-0, y < 0) = ±inf and pow(-inf, y > 0) = ±inf depends on whether y is an odd integer.
      let ySign = losslab_mpfr_regular_p(b.register) != 0 && y.relativeError.isBelowOne
      let zero = !a.isNaN && (a.isZero != b.isNegative)
      certain = ySign && (a.isNaN || zero || !a.isNegative)
    } else if y.isExact && b.isInfinite && losslab_mpfr_regular_p(a.register) != 0
      && x.relativeError.isBelowOne
    {
      // pow(x, ±inf) is +0 or +inf when |x| is certainly below or above 1.
      certain = MPFRReal.scope {
        guard let (low, high) = x.bounds else { return false }
        let one = MPFRReal.one.register
        let (l, h) = (mpfr_cmpabs(low.register, one), mpfr_cmpabs(high.register, one))
        return (l < 0 && h < 0) || (l > 0 && h > 0)
      }
    } else {
      certain = false  // pow(x, NaN) is 1 where x may be 1
    }
    return certain ? .zero : .infinity
  }

  /// A bound on `|log|z||` for every z that rounds to nearest to the regular number `r` (so
  /// `|log(z / r)| ≤ 2^-63` at 64 bits or more). With `|r| = m · 2^e`, `log|r| = e log 2 + log m`
  /// is evaluated in Double to within `(|e| + |v|) · 2^-52 + 2^-51` (the leading bits, log 2 and
  /// `log m` each to 2^-53 of their size, two roundings); `2^-50` covers the constant terms.
  @inlinable
  static func logSize(_ r: MPFRReal) -> ErrorBound {
    guard losslab_mpfr_regular_p(r.register) != 0 else { return .infinity }
    let (m, e) = leading(r)
    let v = (Glibc.log(m) + Double(e) * 0x1.62E4_2FEF_A39E_Fp-1).magnitude  // log 2
    return ErrorBound(v + (v + Double(e.magnitude)) * 0x1p-52 + 0x1p-50)
  }
}
