import CMPFR
import LossLabFormats

/// A real number held by GNU MPFR at the current thread's reference precision (256 bits unless
/// `MPFRReal.withPrecision` says otherwise), rounded to nearest after every operation.
///
/// This is LossLab's reference format: the same generic loss code that runs in Float16 runs here,
/// and MPFR's exponent range is so wide that nothing overflows or underflows on the way.
///
/// A value is a handle to a register in the thread's arena (see `MPFRArena`): cheap to copy,
/// never mutated once written, and valid until the innermost enclosing `MPFRReal.scope` (or
/// `withPrecision`) returns. Keep values inside the scope that made them and on the thread that
/// made them; take out what you need as Doubles, strings or rounded format values.
@frozen
public struct MPFRReal {
  @usableFromInline let register: UnsafeMutablePointer<__mpfr_struct>

  @inlinable @inline(__always)
  init(register: UnsafeMutablePointer<__mpfr_struct>) { self.register = register }

  /// The reference precision used when no `withPrecision` is active.
  public static let defaultPrecision = 256
  /// The range of precisions LossLab accepts for the reference.
  public static let precisionRange = 64...4096

  /// A fresh register for a result.
  @inlinable @inline(__always)
  static func fresh() -> MPFRReal { MPFRReal(register: MPFRArenaCursor.take(currentCursor())) }

  /// The precision, in bits, of values made on this thread now.
  public static var precision: Int { currentCursor().pointee.precision }

  /// Runs `body` and then releases every value it made. The result must not contain an
  /// `MPFRReal` made inside `body`.
  @inlinable
  public static func scope<R>(_ body: () throws -> R) rethrows -> R {
    var none: Void = ()
    return try scope(&none) { _ in try body() }
  }

  /// `scope` for a loop's body that updates `state`: handed to `body` as an `inout` parameter,
  /// not captured. A captured variable may be aliased, so the optimizer copies what `body`
  /// borrows from it for every call it makes (a streamed reference's row, four arrays retained
  /// and released per example); a parameter is not. Values that `body` stores in `state` are
  /// released with the rest when it returns: overwrite them before reading them again.
  @inlinable
  public static func scope<S, R>(_ state: inout S, _ body: (inout S) throws -> R) rethrows -> R {
    let cursor = currentCursor()
    let saved = cursor.pointee.top
    defer { cursor.pointee.top = saved }
    return try body(&state)
  }

  /// Runs `body` with values made at `bits` of precision, then releases them.
  public static func withPrecision<R>(_ bits: Int, _ body: () throws -> R) rethrows -> R {
    precondition(precisionRange.contains(bits), "MPFR precision \(bits) out of \(precisionRange)")
    let state = mpfrThreadState()
    let outer = state.current
    let arena = state.arena(precision: bits)
    let saved = arena.top
    state.current = arena
    defer {
      arena.top = saved
      state.current = outer
    }
    return try body()
  }
}

extension MPFRReal: LossReal {
  public typealias Wide = MPFRReal

  @inlinable
  public static var zero: MPFRReal { MPFRReal(register: currentCursor().pointee.zero) }
  @inlinable
  public static var one: MPFRReal { MPFRReal(register: currentCursor().pointee.one) }
  @inlinable
  public static var nan: MPFRReal { MPFRReal(register: currentCursor().pointee.nan) }
  @inlinable
  public static var infinity: MPFRReal {
    MPFRReal(register: currentCursor().pointee.infinity)
  }

  @inlinable
  public init(integer value: Int) {
    self = .fresh()
    mpfr_set_si(register, value, MPFR_RNDN)
  }
  @inlinable @inline(__always)
  public init(narrowing wide: MPFRReal) { self = wide }
  @inlinable @inline(__always)
  public var widened: MPFRReal { self }

  @inlinable @inline(__always)
  public static func + (a: MPFRReal, b: MPFRReal) -> MPFRReal {
    let r = fresh(); mpfr_add(r.register, a.register, b.register, MPFR_RNDN); return r
  }
  @inlinable @inline(__always)
  public static func - (a: MPFRReal, b: MPFRReal) -> MPFRReal {
    let r = fresh(); mpfr_sub(r.register, a.register, b.register, MPFR_RNDN); return r
  }
  @inlinable @inline(__always)
  public static func * (a: MPFRReal, b: MPFRReal) -> MPFRReal {
    let r = fresh(); mpfr_mul(r.register, a.register, b.register, MPFR_RNDN); return r
  }
  @inlinable @inline(__always)
  public static func / (a: MPFRReal, b: MPFRReal) -> MPFRReal {
    let r = fresh(); mpfr_div(r.register, a.register, b.register, MPFR_RNDN); return r
  }
  @inlinable @inline(__always)
  public static prefix func - (a: MPFRReal) -> MPFRReal {
    let r = fresh(); mpfr_neg(r.register, a.register, MPFR_RNDN); return r
  }

  @inlinable @inline(__always)
  public var magnitude: MPFRReal {
    let r = MPFRReal.fresh(); mpfr_abs(r.register, register, MPFR_RNDN); return r
  }
  @inlinable @inline(__always)
  public var isNaN: Bool { losslab_mpfr_nan_p(register) != 0 }
  @inlinable @inline(__always)
  public var isFinite: Bool { losslab_mpfr_number_p(register) != 0 }
  @inlinable @inline(__always)
  public var isInfinite: Bool { losslab_mpfr_inf_p(register) != 0 }
  @inlinable @inline(__always)
  public var isZero: Bool { losslab_mpfr_zero_p(register) != 0 }
  /// True when the sign bit is set (also for -0 and for NaN with the sign set).
  @inlinable @inline(__always)
  public var isNegative: Bool { losslab_mpfr_signbit(register) != 0 }

  @inlinable @inline(__always)
  public static func sqrt(_ x: MPFRReal) -> MPFRReal {
    let r = fresh(); mpfr_sqrt(r.register, x.register, MPFR_RNDN); return r
  }
  @inlinable @inline(__always)
  public static func exp(_ x: MPFRReal) -> MPFRReal {
    let r = fresh(); mpfr_exp(r.register, x.register, MPFR_RNDN); return r
  }
  @inlinable @inline(__always)
  public static func expMinusOne(_ x: MPFRReal) -> MPFRReal {
    let r = fresh(); mpfr_expm1(r.register, x.register, MPFR_RNDN); return r
  }
  @inlinable @inline(__always)
  public static func log(_ x: MPFRReal) -> MPFRReal {
    let r = fresh(); mpfr_log(r.register, x.register, MPFR_RNDN); return r
  }
  @inlinable @inline(__always)
  public static func log(onePlus x: MPFRReal) -> MPFRReal {
    let r = fresh(); mpfr_log1p(r.register, x.register, MPFR_RNDN); return r
  }
  /// `x^y` correctly rounded (`mpfr_pow`: C's edge cases, `pow(x, 0) = 1` for NaN x included).
  @inlinable @inline(__always)
  public static func pow(_ x: MPFRReal, _ y: MPFRReal) -> MPFRReal {
    let r = fresh(); mpfr_pow(r.register, x.register, y.register, MPFR_RNDN); return r
  }
  @inlinable @inline(__always)
  public static func tanh(_ x: MPFRReal) -> MPFRReal {
    let r = fresh(); mpfr_tanh(r.register, x.register, MPFR_RNDN); return r
  }
}

extension MPFRReal: Comparable {
  /// Numeric equality: NaN equals nothing, +0 equals -0.
  @inlinable @inline(__always)
  public static func == (a: MPFRReal, b: MPFRReal) -> Bool {
    mpfr_equal_p(a.register, b.register) != 0
  }
  @inlinable @inline(__always)
  public static func < (a: MPFRReal, b: MPFRReal) -> Bool {
    mpfr_less_p(a.register, b.register) != 0
  }
  @inlinable @inline(__always)
  public static func <= (a: MPFRReal, b: MPFRReal) -> Bool {
    mpfr_lessequal_p(a.register, b.register) != 0
  }
  @inlinable @inline(__always)
  public static func > (a: MPFRReal, b: MPFRReal) -> Bool {
    mpfr_greater_p(a.register, b.register) != 0
  }
  @inlinable @inline(__always)
  public static func >= (a: MPFRReal, b: MPFRReal) -> Bool {
    mpfr_greaterequal_p(a.register, b.register) != 0
  }
}
