/// A real-number format that LossLab's losses and reductions are written against.
///
/// Every loss and reduction is one generic function over `LossReal`; it is instantiated for
/// `Float16`, `BFloat16`, `Float`, `Double` and the MPFR reference type. The requirements are
/// the operations the frameworks' formulas use and nothing more, so that every instance rounds
/// exactly where the framework it mirrors rounds.
///
/// Arithmetic (`+ - * /`, `sqrt`) must round once to the format. Elementary functions (`exp`,
/// `expm1`, `log`, `log1p`) round as the format's usual library does: the 16-bit formats go
/// through Float and round the result, as the frameworks do on CPUs.
public protocol LossReal: Comparable {
  /// The accumulator a "wide" summation uses: Float for the 16-bit formats, Double for Float.
  associatedtype Wide: LossReal

  static var zero: Self { get }
  static var one: Self { get }
  static var nan: Self { get }
  static var infinity: Self { get }

  /// `value` rounded to the nearest representable number of the format.
  init(integer value: Int)
  /// The value of a wide accumulator rounded to this format.
  init(narrowing wide: Wide)
  /// This value in the wide format (exact).
  var widened: Wide { get }

  static func + (lhs: Self, rhs: Self) -> Self
  static func - (lhs: Self, rhs: Self) -> Self
  static func * (lhs: Self, rhs: Self) -> Self
  static func / (lhs: Self, rhs: Self) -> Self
  static prefix func - (operand: Self) -> Self

  var magnitude: Self { get }
  var isNaN: Bool { get }
  var isFinite: Bool { get }
  var isInfinite: Bool { get }
  var isZero: Bool { get }

  static func sqrt(_ x: Self) -> Self
  static func exp(_ x: Self) -> Self
  static func expMinusOne(_ x: Self) -> Self
  static func log(_ x: Self) -> Self
  static func log(onePlus x: Self) -> Self
}

extension LossReal {
  /// The larger of `a` and `b`; NaN if either is NaN (as `tf.maximum` and `torch.maximum`).
  @inlinable @inline(__always)
  public static func larger(_ a: Self, _ b: Self) -> Self {
    if a.isNaN { return a }
    if b.isNaN { return b }
    return a < b ? b : a
  }

  /// The smaller of `a` and `b`; NaN if either is NaN.
  @inlinable @inline(__always)
  public static func smaller(_ a: Self, _ b: Self) -> Self {
    if a.isNaN { return a }
    if b.isNaN { return b }
    return b < a ? b : a
  }

  /// `x` clipped to `[low, high]` the way `tf.clip_by_value` does: NaN stays NaN.
  @inlinable @inline(__always)
  public func clipped(_ low: Self, _ high: Self) -> Self {
    Self.smaller(Self.larger(self, low), high)
  }

  /// `log(1 + exp(x))` without overflow: `max(x, 0) + log1p(exp(-|x|))`.
  @inlinable @inline(__always)
  public static func softplus(_ x: Self) -> Self {
    larger(x, zero) + log(onePlus: exp(-x.magnitude))
  }

  @inlinable @inline(__always)
  public static func += (lhs: inout Self, rhs: Self) { lhs = lhs + rhs }
  @inlinable @inline(__always)
  public static func -= (lhs: inout Self, rhs: Self) { lhs = lhs - rhs }
  @inlinable @inline(__always)
  public static func *= (lhs: inout Self, rhs: Self) { lhs = lhs * rhs }
}
