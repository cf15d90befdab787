import CMPFR

/// A long-lived ball: an accumulator of `MPFRBall` values that outlives scopes (as
/// `MPFRRegister` does for `MPFRReal`), so that a certified reference can stream over millions
/// of examples in constant memory. Its midpoint takes the same MPFR calls as `MPFRRegister`.
///
/// Additions happen in place, one MPFR call each, as in `MPFRRegister`: the error is kept as an
/// absolute bound (what the added balls carried) plus a count of the additions that rounded and
/// the largest binade the total reached (each rounding is at most half an ulp of it), and turned
/// into a relative bound only when the value is read. The register is named by its starting
/// value and the names of what was added, in order.
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
    /// The absolute error carried in by `set` and by added balls; whether one of them was
    /// unknown (an infinite bound).
    @usableFromInline var carried: ErrorBound = .zero
    @usableFromInline var unknown = false
    /// How many additions rounded, and the largest MPFR exponent (|total| < 2^exponent) after
    /// any of them.
    @usableFromInline var roundings = 0
    @usableFromInline var largestExponent = Int.min / 4
    @usableFromInline var expression: UInt64

    @inlinable
    init(_ x: MPFRBall) {
      expression = x.name
      if !x.isExact {
        unknown = !x.relativeError.isFinite
        carried = unknown || !x.midpoint.isFinite ? .zero : x.relativeError * MPFRBall.size(x.midpoint)
      }
    }
  }

  /// A register at the current thread's precision, holding `initial` exactly.
  public init(_ initial: Double = 0) {
    storage = .allocate(capacity: 1)
    mpfr_init2(storage, mpfr_prec_t(MPFRReal.precision))
    mpfr_set_d(storage, initial, MPFR_RNDN)
    state = .allocate(capacity: 1)
    state.initialize(to: State(MPFRBall(midpoint: MPFRReal(register: storage), relativeError: .zero)))
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
    if s.unknown { return MPFRBall(midpoint: r, relativeError: .infinity, expression: s.expression) }
    // The absolute error: what was carried in, plus at most an ulp of the largest binade per
    // rounding (half an ulp, with room).
    let precision = Int(storage.pointee._mpfr_prec)
    let absolute =
      s.carried + ErrorBound(Double(s.roundings), timesPowerOfTwo: s.largestExponent - precision)
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

  /// Counts an addition that rounded (ternary value `t`), at the total's binade after it.
  @inlinable @inline(__always)
  func noteRounding(_ t: Int32) {
    guard t != 0 else { return }
    state.pointee.roundings += 1
    state.pointee.largestExponent = max(
      state.pointee.largestExponent, Int(storage.pointee._mpfr_exp))
  }

  /// Adds `x` in place, rounding once.
  @inlinable
  public func add(_ x: MPFRBall) {
    let t = mpfr_add(storage, storage, x.midpoint.register, MPFR_RNDN)
    let s = state
    if !x.isExact {
      if !x.relativeError.isFinite {
        s.pointee.unknown = true
      } else if x.midpoint.isFinite {
        s.pointee.carried = s.pointee.carried + x.relativeError * MPFRBall.size(x.midpoint)
      }
    }
    s.pointee.expression = MPFRBall.mix(s.pointee.expression, x.name)
    noteRounding(t)
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
    // Named by the values added, in order (the same start and sequence, the same sum).
    s.pointee.expression = MPFRBall.mix(s.pointee.expression, bits)
    noteRounding(t)
  }
}
