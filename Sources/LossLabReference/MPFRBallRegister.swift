import CMPFR

/// A long-lived ball: an accumulator of `MPFRBall` values that outlives scopes (as
/// `MPFRRegister` does for `MPFRReal`), so that a certified reference can stream over millions
/// of examples in constant memory. Its midpoint takes the same MPFR calls as `MPFRRegister`.
///
/// Adding binary64 values (the identity loss's sum) has a fast path: the error bound is kept as
/// a count of inexact additions and the largest binade the total reached (each rounding is at
/// most half an ulp of that binade), and folded into the ball only when it is read.
///
/// The state sits behind pointers, as `MPFRRegister`'s variable does, so that an update costs
/// no reference counting or dynamic exclusivity check (it is called once per example).
public final class MPFRBallRegister {
  @usableFromInline let storage: UnsafeMutablePointer<__mpfr_struct>
  @usableFromInline let state: UnsafeMutablePointer<State>
  /// An operand at the register's precision for adding binary64 values: its lower limbs stay
  /// zero, only the top limb, the sign and the exponent are written per value (MPFR's custom
  /// interface; equal precisions take MPFR's fast path for addition).
  @usableFromInline let operand: UnsafeMutablePointer<__mpfr_struct>
  let operandLimbs: UnsafeMutablePointer<mp_limb_t>

  @usableFromInline
  struct State {
    /// The bound of the value as last set, relative to it, and that value's size.
    @usableFromInline var bound: ErrorBound
    @usableFromInline var boundAt: ErrorBound
    @usableFromInline var expression: UInt64
    /// Whether binary64 values were added since the last `set`; how many of those additions
    /// rounded, and the largest MPFR exponent (total < 2^exponent) after any of them.
    @usableFromInline var added = false
    @usableFromInline var roundings = 0
    @usableFromInline var largestExponent = Int.min / 4

    @inlinable
    init(_ x: MPFRBall) {
      bound = x.relativeError
      boundAt = x.isExact ? .zero : MPFRBall.size(x.midpoint)
      expression = x.expression
    }
  }

  /// A register at the current thread's precision, holding `initial` exactly.
  public init(_ initial: Double = 0) {
    storage = .allocate(capacity: 1)
    mpfr_init2(storage, mpfr_prec_t(MPFRReal.precision))
    mpfr_set_d(storage, initial, MPFR_RNDN)
    state = .allocate(capacity: 1)
    state.initialize(to: State(MPFRBall(midpoint: .zero, relativeError: .zero)))
    let precision = MPFRReal.precision
    operandLimbs = .allocate(capacity: (precision + 63) >> 6)
    operandLimbs.initialize(repeating: 0, count: (precision + 63) >> 6)
    operand = .allocate(capacity: 1)
    mpfr_custom_init_set(
      operand, Int32(MPFR_REGULAR_KIND.rawValue), 1, mpfr_prec_t(precision), operandLimbs)
  }

  deinit {
    mpfr_clear(storage)
    storage.deallocate()
    state.deallocate()
    operand.deallocate()
    operandLimbs.deallocate()
  }

  /// The current value, copied into the current scope.
  @inlinable
  public var value: MPFRBall {
    let r = MPFRReal.fresh()
    mpfr_set(r.register, storage, MPFR_RNDN)
    let s = state.pointee
    guard s.added else {
      return MPFRBall(midpoint: r, relativeError: s.bound, expression: s.expression)
    }
    // The absolute error: the bound as set, plus at most an ulp of the largest binade per
    // rounding (half an ulp, with room).
    let precision = Int(storage.pointee._mpfr_prec)
    let absolute =
      s.bound * s.boundAt
      + ErrorBound(Double(s.roundings), timesPowerOfTwo: s.largestExponent - precision)
    let bound: ErrorBound =
      absolute.isZero || !r.isFinite ? .zero
      : r.isZero ? .infinity : absolute * MPFRBall.inverseSize(r) * MPFRBall.slack
    return MPFRBall(midpoint: r, relativeError: bound, expression: s.expression)
  }

  @inlinable
  public func set(_ x: MPFRBall) {
    mpfr_set(storage, x.midpoint.register, MPFR_RNDN)
    state.pointee = State(x)
  }

  /// Adds `x` in place, rounding once.
  @inlinable
  public func add(_ x: MPFRBall) {
    MPFRReal.scope { set(value + x) }
  }

  /// Adds the binary64 value `x` (exact) in place, rounding once: `mpfr_add_d`'s result, with
  /// a normal `x` written straight into the operand (zeros, subnormals and non-finite values go
  /// through `mpfr_add_d`).
  @inlinable
  public func add(_ x: Double) {
    let bits = x.bitPattern
    let biased = Int((bits >> 52) & 0x7FF)
    let t: Int32
    if biased != 0 && biased != 0x7FF {
      // x = 1.f × 2^(biased - 1023) = 0.1f × 2^(biased - 1022) in MPFR's convention.
      let top = (Int(operand.pointee._mpfr_prec) + 63) >> 6 - 1
      operand.pointee._mpfr_d[top] = mp_limb_t((bits | 1 << 52) << 11)
      operand.pointee._mpfr_exp = mpfr_exp_t(biased - 1022)
      operand.pointee._mpfr_sign = bits >> 63 == 0 ? 1 : -1
      t = mpfr_add(storage, storage, operand, MPFR_RNDN)
    } else {
      t = mpfr_add_d(storage, storage, x, MPFR_RNDN)
    }
    let s = state
    s.pointee.added = true
    // Named by the sequence of values added (the same sequence, the same sum).
    s.pointee.expression = MPFRBall.mix(s.pointee.expression, bits)
    if t != 0 {
      s.pointee.roundings += 1
      s.pointee.largestExponent = max(s.pointee.largestExponent, Int(storage.pointee._mpfr_exp))
    }
  }
}
