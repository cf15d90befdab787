/// A nonnegative bound `significand · 2^exponent`, with the significand in [1, 2) (or 0, or
/// +inf): a Double with an exponent as wide as MPFR's, for the relative error bounds of
/// `MPFRBall` (at 4096 bits they go far below Double's 2^-1074).
///
/// The arithmetic rounds to nearest; callers that need an upper bound multiply by a slack
/// factor once per ball operation (`MPFRBall.slack`, 1 + 2^-48), which covers these few
/// roundings. Where a term is too small to change the sum, a relative 2^-60 is added instead
/// (which Double may round away: a loss of at most 2^-60 relative, also within the slack).
@frozen
public struct ErrorBound: Sendable, Equatable {
  public let significand: Double
  public let exponent: Int

  @inlinable @inline(__always)
  init(raw significand: Double, _ exponent: Int) {
    self.significand = significand
    self.exponent = exponent
  }

  public static let zero = ErrorBound(raw: 0, 0)
  public static let infinity = ErrorBound(raw: .infinity, 0)

  /// `x · 2^scale` for x ≥ 0; NaN and negative x (which a bound never is) give infinity.
  @inlinable @inline(__always)
  public init(_ x: Double, timesPowerOfTwo scale: Int = 0) {
    if x == 0 {
      self = .zero
    } else if x > 0 && x < .infinity {
      self.init(raw: x.significand, Int(x.exponent) + scale)
    } else {
      self = .infinity
    }
  }

  @inlinable @inline(__always)
  public var isZero: Bool { significand == 0 }
  @inlinable @inline(__always)
  public var isFinite: Bool { significand < .infinity }
  /// True when the bound is below 1.
  @inlinable @inline(__always)
  public var isBelowOne: Bool { significand == 0 || exponent < 0 }

  /// The bound as a Double, rounded up: +inf past Double's range, the least subnormal below it.
  @inlinable
  public var doubleUp: Double {
    if significand == 0 || !isFinite { return significand }
    if exponent > 1023 { return .infinity }
    if exponent < -1074 { return .leastNonzeroMagnitude }
    return Double(sign: .plus, exponent: exponent, significand: significand).nextUp
  }

  @inlinable @inline(__always)
  public static func + (a: ErrorBound, b: ErrorBound) -> ErrorBound {
    if a.isZero { return b }
    if b.isZero { return a }
    if !a.isFinite || !b.isFinite { return .infinity }
    let (high, low) = a.exponent >= b.exponent ? (a, b) : (b, a)
    let shift = low.exponent - high.exponent
    let term =
      shift < -60 ? 0x1p-60 : Double(sign: .plus, exponent: shift, significand: low.significand)
    return ErrorBound(high.significand + term, timesPowerOfTwo: high.exponent)
  }

  @inlinable @inline(__always)
  public static func * (a: ErrorBound, b: ErrorBound) -> ErrorBound {
    if !a.isFinite || !b.isFinite { return .infinity }
    if a.isZero || b.isZero { return .zero }
    return ErrorBound(a.significand * b.significand, timesPowerOfTwo: a.exponent + b.exponent)
  }

  /// The bound times `x ≥ 0`.
  @inlinable @inline(__always)
  public static func * (a: ErrorBound, x: Double) -> ErrorBound { a * ErrorBound(x) }

  /// The bound divided by `x > 0`; infinity for x = 0.
  @inlinable @inline(__always)
  public static func / (a: ErrorBound, x: Double) -> ErrorBound {
    guard x > 0 else { return a.isZero ? .zero : .infinity }
    return a * ErrorBound(1 / x)
  }
}
