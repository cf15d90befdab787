import CMPFR
import LossLabFormats

/// A real number known to within a relative error: an MPFR midpoint at the thread's precision
/// and a bound `relativeError` with `|true value - midpoint| ≤ relativeError · |midpoint|`.
///
/// This is how the adaptive reference certifies itself (ball arithmetic, as in Arb; the
/// question Rival answers for Herbie): every operation rounds the midpoint to nearest, as
/// `MPFRReal` does, and carries a bound on what the operands' errors and its own rounding can
/// have changed. The bound is an `ErrorBound` (a Double with a wide exponent), computed with a
/// slack factor `1 + 2^-48` that covers the rounding of the bound's own arithmetic. When the
/// bound is small enough that every figure a table derives from the value is the same at both
/// ends of the ball, the figure is certain; otherwise the measurement is repeated at a higher
/// precision.
///
/// The midpoint is always the value `MPFRReal` would compute at the same precision (the same
/// MPFR calls in the same order), so a reference at a fixed precision is unchanged by the
/// bookkeeping.
///
/// A zero midpoint with a finite bound is exactly zero. An infinite or NaN midpoint comes from
/// exact infinities or exact undefined operations (MPFR's exponent range does not overflow on
/// loss inputs); it carries a zero bound when its sign is certain. An infinite bound means
/// "unknown", the result of cancellation to zero or of an undecided comparison.
///
/// Comparisons of balls that overlap cannot be decided: they answer from the midpoints and count
/// themselves (`takeUndecidedComparisons`), so that a caller can refuse the result.
///
/// Each inexact ball also names the expression it came from (a 64-bit hash of the operations
/// and of the exact values they started from: value numbering), so that `x - x` is exactly 0
/// even though x is known only to within its ball. This is what certifies a formula's bias of 0
/// where its clip or ε does nothing and it computes the ideal loss's very expression.
@frozen
public struct MPFRBall {
  public let midpoint: MPFRReal
  /// `|true - midpoint| ≤ relativeError · |midpoint|`; infinite when nothing is known.
  public let relativeError: ErrorBound
  /// For an inexact ball, the hash of the expression that made it (exact balls are named by
  /// their value, see `name`).
  public let expression: UInt64

  @inlinable @inline(__always)
  public init(midpoint: MPFRReal, relativeError: ErrorBound, expression: UInt64 = 0) {
    self.midpoint = midpoint
    self.relativeError = relativeError
    self.expression = expression
  }

  /// `value` exactly.
  @inlinable @inline(__always)
  public init(_ value: Double) { self.init(midpoint: MPFRReal(value), relativeError: .zero) }

  /// A number such as `1e-7` rounded once to the reference precision, with the error of that
  /// rounding; nil unless the whole string is a number.
  public init?(decimal text: String) {
    guard let (value, inexact) = MPFRReal.parse(text) else { return nil }
    var hash = Operation.decimal.rawValue
    for byte in text.utf8 { hash = MPFRBall.mix(hash, UInt64(byte)) }
    // An inexact zero or infinity underflowed or overflowed.
    let bound: ErrorBound =
      !inexact ? .zero : value.isZero || !value.isFinite ? .infinity : MPFRBall.unit
    self.init(midpoint: value, relativeError: bound, expression: hash)
  }

  /// True when the value is known exactly (the bound is zero).
  @inlinable @inline(__always)
  public var isExact: Bool { relativeError.isZero }

  /// 2^-p for the thread's current precision p: the relative error of one rounding to nearest.
  @inlinable @inline(__always)
  static var unit: ErrorBound {
    ErrorBound(raw: 1, -currentCursor().pointee.precision)
  }

  /// Slack on every computed bound, for the rounding of the bound's own arithmetic (a handful
  /// of roundings of 2^-53 each) and the factor `1 + 2^-p` between an exact result and its
  /// rounded midpoint.
  @inlinable @inline(__always)
  static var slack: Double { 1 + 0x1p-48 }

  /// The result `r` (ternary value `ternary`) of an operation on exact operands.
  @inlinable @inline(__always)
  static func exactly(_ r: MPFRReal, _ ternary: Int32, _ expression: @autoclosure () -> UInt64)
    -> MPFRBall
  {
    if ternary == 0 { return MPFRBall(midpoint: r, relativeError: .zero) }
    // An inexact zero or infinity is an underflow or overflow of MPFR's exponent range.
    let bound = r.isZero || !r.isFinite ? ErrorBound.infinity : unit
    return MPFRBall(midpoint: r, relativeError: bound, expression: expression())
  }

  /// The ball around the rounded result `r` (ternary value `ternary`) of an operation on
  /// inexact operands, given the error carried from them relative to `r`.
  @inlinable @inline(__always)
  static func made(
    _ r: MPFRReal, _ ternary: Int32, carried: ErrorBound, _ expression: UInt64
  ) -> MPFRBall {
    var bound = carried * slack
    if ternary != 0 { bound = bound + unit }
    if r.isZero {
      bound = .infinity  // cancellation (or underflow): the sign and size are unknown
    } else if !r.isFinite {
      // From an exact infinity or NaN when the operation was exact and the operands' errors
      // are known; otherwise an overflow, or an unknown.
      bound = ternary == 0 && carried.isFinite && carried.isBelowOne ? .zero : .infinity
    }
    return MPFRBall(midpoint: r, relativeError: bound, expression: expression)
  }

  /// `|x| = m · 2^e` with m in [1/2, 1] (to 2^-53), for a regular MPFR number.
  @inlinable @inline(__always)
  static func leading(_ x: MPFRReal) -> (Double, Int) {
    let header = x.register.pointee
    let limbs = (Int(header._mpfr_prec) + 63) >> 6
    return (Double(header._mpfr_d[limbs - 1]) * 0x1p-64, Int(header._mpfr_exp))
  }

  /// `|x|` as a bound (to 2^-53; the caller's slack covers it); 0 for 0, infinity for ±inf.
  @inlinable @inline(__always)
  static func size(_ x: MPFRReal) -> ErrorBound {
    if x.isZero { return .zero }
    guard x.isFinite else { return .infinity }
    let (m, e) = leading(x)
    return ErrorBound(m, timesPowerOfTwo: e)
  }

  /// `1 / |x|` for a regular MPFR number, as a bound (to 2^-52).
  @inlinable @inline(__always)
  static func inverseSize(_ x: MPFRReal) -> ErrorBound {
    let (m, e) = leading(x)
    return ErrorBound(1 / m, timesPowerOfTwo: -e)
  }

  /// `|x| / |r|` for regular MPFR numbers, as a bound (to 2^-52).
  @inlinable @inline(__always)
  static func ratio(_ x: MPFRReal, _ r: MPFRReal) -> ErrorBound {
    let (mx, ex) = leading(x), (mr, er) = leading(r)
    return ErrorBound(mx / mr, timesPowerOfTwo: ex - er)
  }

  /// The error that `x` contributes to `r`, relative to `r`.
  @inlinable @inline(__always)
  static func carried(_ x: MPFRBall, into r: MPFRReal) -> ErrorBound {
    if x.isExact { return .zero }
    if !x.relativeError.isFinite { return .infinity }
    if x.midpoint.isZero { return .zero }
    // An infinite or NaN result comes from an exact infinity or NaN operand.
    if !r.isFinite || !x.midpoint.isFinite { return .zero }
    if r.isZero { return .infinity }
    return x.relativeError * ratio(x.midpoint, r)
  }

  /// Counts one comparison that the balls do not decide.
  @inlinable @inline(never)
  static func noteUndecided() { currentCursor().pointee.undecided += 1 }

  /// How many comparisons on this thread (at the current precision) could not be decided since
  /// the last call; resets the count.
  public static func takeUndecidedComparisons() -> Int {
    let cursor = currentCursor()
    defer { cursor.pointee.undecided = 0 }
    return cursor.pointee.undecided
  }
}

extension MPFRBall: LossReal {
  public typealias Wide = MPFRBall

  @inlinable
  public static var zero: MPFRBall { MPFRBall(midpoint: .zero, relativeError: .zero) }
  @inlinable
  public static var one: MPFRBall { MPFRBall(midpoint: .one, relativeError: .zero) }
  @inlinable
  public static var nan: MPFRBall { MPFRBall(midpoint: .nan, relativeError: .zero) }
  @inlinable
  public static var infinity: MPFRBall { MPFRBall(midpoint: .infinity, relativeError: .zero) }

  /// Exact: every precision LossLab allows holds 64 bits.
  @inlinable
  public init(integer value: Int) {
    self.init(midpoint: MPFRReal(integer: value), relativeError: .zero)
  }
  @inlinable @inline(__always)
  public init(narrowing wide: MPFRBall) { self = wide }
  @inlinable @inline(__always)
  public var widened: MPFRBall { self }

  @inlinable @inline(__always)
  public static func + (a: MPFRBall, b: MPFRBall) -> MPFRBall {
    let r = MPFRReal.fresh()
    let t = mpfr_add(r.register, a.midpoint.register, b.midpoint.register, MPFR_RNDN)
    if a.isExact && b.isExact { return exactly(r, t, sumName(a, b)) }
    return made(r, t, carried: carried(a, into: r) + carried(b, into: r), sumName(a, b))
  }

  @inlinable @inline(__always)
  public static func - (a: MPFRBall, b: MPFRBall) -> MPFRBall {
    let r = MPFRReal.fresh()
    let t = mpfr_sub(r.register, a.midpoint.register, b.midpoint.register, MPFR_RNDN)
    if a.isExact && b.isExact { return exactly(r, t, differenceName(a, b)) }
    // The same expression twice: exactly 0, whatever its error (the midpoints agree as well).
    if !a.isExact && !b.isExact && a.expression == b.expression && r.isZero {
      return MPFRBall(midpoint: r, relativeError: .zero)
    }
    return made(
      r, t, carried: carried(a, into: r) + carried(b, into: r), differenceName(a, b))
  }

  @inlinable @inline(__always)
  public static func * (a: MPFRBall, b: MPFRBall) -> MPFRBall {
    let r = MPFRReal.fresh()
    let t = mpfr_mul(r.register, a.midpoint.register, b.midpoint.register, MPFR_RNDN)
    // (1 + δa)(1 + δb) - 1; an exact zero factor makes the product exactly zero.
    let known = a.relativeError.isFinite && b.relativeError.isFinite
    let exactZero = known && (a.midpoint.isZero || b.midpoint.isZero)
    if exactZero || (a.isExact && b.isExact) { return exactly(r, t, productName(a, b)) }
    let (x, y) = (a.relativeError, b.relativeError)
    return made(r, t, carried: x + y + x * y, productName(a, b))
  }

  @inlinable @inline(__always)
  public static func / (a: MPFRBall, b: MPFRBall) -> MPFRBall {
    let r = MPFRReal.fresh()
    let t = mpfr_div(r.register, a.midpoint.register, b.midpoint.register, MPFR_RNDN)
    if a.isExact && b.isExact { return exactly(r, t, named(.divide, a, b)) }
    // 0 / b is exactly 0 when b is certainly a nonzero number.
    if a.midpoint.isZero && a.relativeError.isFinite && b.relativeError.isBelowOne
      && losslab_mpfr_regular_p(b.midpoint.register) != 0
    {
      return exactly(r, t, named(.divide, a, b))
    }
    // The same nonzero expression twice: exactly 1 (such as ε / ε where a clip binds).
    if !a.isExact && !b.isExact && a.expression == b.expression && a.relativeError.isBelowOne
      && losslab_mpfr_regular_p(r.register) != 0 && mpfr_cmp_ui(r.register, 1) == 0
    {
      return MPFRBall(midpoint: r, relativeError: .zero)
    }
    // (1 + δa) / (1 + δb) - 1 lies within (|δa| + |δb|) / (1 - |δb|).
    let y = b.relativeError
    let bound = y.isBelowOne ? (a.relativeError + y) / (1 - y.doubleUp) : .infinity
    return made(r, t, carried: bound, named(.divide, a, b))
  }

  @inlinable @inline(__always)
  public static prefix func - (a: MPFRBall) -> MPFRBall {
    MPFRBall(
      midpoint: -a.midpoint, relativeError: a.relativeError, expression: negatedName(a.expression))
  }

  /// |x|: x's own expression when x is certainly positive, -x's when certainly negative.
  @inlinable @inline(__always)
  public var magnitude: MPFRBall {
    let expression =
      !relativeError.isBelowOne ? MPFRBall.mix(Operation.magnitude.rawValue, self.expression)
      : midpoint.isNegative ? MPFRBall.negatedName(self.expression) : self.expression
    return MPFRBall(
      midpoint: midpoint.magnitude, relativeError: relativeError, expression: expression)
  }

  // With an unknown bound nothing about the value is certain, not even whether it is a number:
  // every such test counts as undecided.

  @inlinable
  public var isNaN: Bool {
    if !relativeError.isFinite { MPFRBall.noteUndecided() }
    return midpoint.isNaN
  }

  @inlinable
  public var isFinite: Bool {
    if !relativeError.isFinite { MPFRBall.noteUndecided() }
    return midpoint.isFinite
  }

  @inlinable
  public var isInfinite: Bool {
    if !relativeError.isFinite { MPFRBall.noteUndecided() }
    return midpoint.isInfinite
  }

  @inlinable
  public var isZero: Bool {
    // A zero midpoint with a finite bound is exactly zero; a nonzero one is nonzero once the
    // ball excludes zero.
    let decided = midpoint.isZero ? relativeError.isFinite : relativeError.isBelowOne
    if !decided { MPFRBall.noteUndecided() }
    return midpoint.isZero
  }
}

extension MPFRBall: Comparable {
  /// Whether the order of `a` and `b` is certain: their difference, as a ball, excludes zero
  /// (or both are exact, or one is NaN).
  @inlinable
  static func ordered(_ a: MPFRBall, _ b: MPFRBall) -> Bool {
    if a.isExact && b.isExact { return true }
    if !a.relativeError.isFinite || !b.relativeError.isFinite { return false }
    if a.midpoint.isNaN || b.midpoint.isNaN { return true }  // an exact NaN: NaN compares false
    return MPFRReal.scope {
      let d = a - b
      return !d.midpoint.isZero && d.relativeError.isBelowOne
    }
  }

  /// Numeric equality of the midpoints; counted as undecided unless certain.
  @inlinable
  public static func == (a: MPFRBall, b: MPFRBall) -> Bool {
    if !ordered(a, b) { noteUndecided() }
    return a.midpoint == b.midpoint
  }

  @inlinable
  public static func < (a: MPFRBall, b: MPFRBall) -> Bool {
    if !ordered(a, b) { noteUndecided() }
    return a.midpoint < b.midpoint
  }
}

extension MPFRBall {
  /// Whether `other` is this very ball: the same register (a live register holds one value, so
  /// the same midpoint, sign and precision), the same bound and the same name. What is computed
  /// from one is then, bit for bit, what would be computed from the other.
  @inlinable @inline(__always)
  public func isIdentical(to other: MPFRBall) -> Bool {
    midpoint.register == other.midpoint.register
      && relativeError.significand.bitPattern == other.relativeError.significand.bitPattern
      && relativeError.exponent == other.relativeError.exponent && expression == other.expression
  }

  /// A bound on `|true value|`: the midpoint's size plus the error (infinite when unknown or
  /// not finite).
  public var sizeBound: ErrorBound {
    guard relativeError.isFinite, midpoint.isFinite else { return .infinity }
    let size = MPFRBall.size(midpoint)
    return size + relativeError * size
  }

  /// The ends of the ball, rounded outward, in the current scope; nil when the bound is unknown
  /// or reaches zero (the sign is not certain). An exact value is its own two ends.
  public var bounds: (low: MPFRReal, high: MPFRReal)? {
    if isExact { return (midpoint, midpoint) }
    guard relativeError.isBelowOne, midpoint.isFinite, !midpoint.isZero else { return nil }
    let radius = MPFRReal.fresh(), low = MPFRReal.fresh(), high = MPFRReal.fresh()
    mpfr_abs(radius.register, midpoint.register, MPFR_RNDN)
    mpfr_mul_d(radius.register, radius.register, relativeError.significand, MPFR_RNDU)
    mpfr_mul_2si(radius.register, radius.register, relativeError.exponent, MPFR_RNDU)
    mpfr_sub(low.register, midpoint.register, radius.register, MPFR_RNDD)
    mpfr_add(high.register, midpoint.register, radius.register, MPFR_RNDU)
    return (low, high)
  }
}
