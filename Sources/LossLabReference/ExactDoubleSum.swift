import CMPFR

/// The exact sum of binary64 values, kept as a fixed-point integer (a superaccumulator, as in
/// Neal's "small superaccumulator"): every finite double is an integer multiple of 2^-1074
/// below 2^1024, so the sum is `N · 2^-1074` for an integer `N` of about 2100 bits plus the
/// count's bits. `N` is held as 32-bit digits, each in a signed 64-bit limb with room for 2^10
/// additions (of up to 2^52 each) before the carries are propagated; adding a double is a few
/// shifts and two integer additions, never a rounding. The value is read into MPFR rounded once, to nearest,
/// at the current precision (exact when it fits).
///
/// What it replaces is a sequence of `mpfr_add` calls, one per value, each rounding to the
/// precision; an exact sum never needs a higher one. The ball it reads out is named as
/// `MPFRBallRegister` names the same additions (its start, 0, and the values added, in order).
public struct ExactDoubleSum {
  /// Digit `k` weighs 2^(32k - 1074); a double's 53-bit significand shifted into place goes
  /// into two digits, the largest finite's into digits 63 and 64 (it spans 65), and 2^63
  /// additions of it carry at most two digits further.
  @usableFromInline static let digitCount = 68
  @usableFromInline var digits = InlineArray<68, Int64>(repeating: 0)
  /// Additions since the carries were last propagated, and how many are allowed between.
  @usableFromInline var pending = 0
  @usableFromInline let carryInterval: Int
  /// Infinities and NaNs added: their sum is what IEEE (and MPFR) makes of them.
  @usableFromInline var positiveInfinity = false
  @usableFromInline var negativeInfinity = false
  @usableFromInline var nan = false
  @usableFromInline var expression: UInt64

  /// An empty sum (0). `carryInterval` is for tests: how many additions between propagations
  /// of the carries (at most 2^10, which keeps every limb within ±2^63).
  public init(carryInterval: Int = 1 << 10) {
    precondition(carryInterval >= 1 && carryInterval <= 1 << 10)
    self.carryInterval = carryInterval
    expression = MPFRBall.valueHash(.zero)
  }

  /// Adds `x`, exactly.
  @inlinable @inline(__always)
  public mutating func add(_ x: Double) {
    let bits = x.bitPattern
    expression = MPFRBall.mix(expression, bits)
    let biased = Int((bits >> 52) & 0x7FF)
    if biased == 0x7FF {
      if x.isNaN { nan = true } else if x < 0 { negativeInfinity = true } else { positiveInfinity = true }
      return
    }
    // |x| = significand · 2^(shift - 1074); subnormals (biased 0) have no hidden bit.
    let significand = biased == 0 ? bits & (1 << 52 - 1) : bits & (1 << 52 - 1) | 1 << 52
    if significand == 0 { return }
    let shift = biased == 0 ? 0 : biased - 1
    let k = shift >> 5, r = UInt64(shift & 31)
    // significand · 2^r (at most 84 bits): its low 32 bits into digit k, the rest (below 2^52)
    // into digit k + 1.
    let low = Int64(bitPattern: (significand &<< r) & 0xFFFF_FFFF)
    let high = Int64(bitPattern: significand &>> (32 &- r))
    if bits >> 63 == 0 {
      digits[k] &+= low
      digits[k + 1] &+= high
    } else {
      digits[k] &-= low
      digits[k + 1] &-= high
    }
    pending += 1
    if pending >= carryInterval { propagateCarries() }
  }

  /// Every digit but the top one into [0, 2^32), the carries moved up (the value unchanged).
  @usableFromInline
  mutating func propagateCarries() {
    var carry: Int64 = 0
    for k in 0..<Self.digitCount - 1 {
      let d = digits[k] &+ carry
      carry = d >> 32
      digits[k] = d & 0xFFFF_FFFF
    }
    digits[Self.digitCount - 1] &+= carry
    pending = 0
  }

  /// The sum as a ball in the current scope: rounded once to nearest at the current precision
  /// (exact, with a zero bound, when it fits; otherwise within one rounding). An exact zero is
  /// +0, as a sequence of `mpfr_add` calls from +0 gives.
  public var value: MPFRBall {
    let r = MPFRReal.fresh()
    if nan || (positiveInfinity && negativeInfinity) {
      mpfr_set_nan(r.register)
      return MPFRBall(midpoint: r, relativeError: .zero, expression: expression)
    }
    if positiveInfinity || negativeInfinity {
      mpfr_set_inf(r.register, positiveInfinity ? 1 : -1)
      return MPFRBall(midpoint: r, relativeError: .zero, expression: expression)
    }
    var n = self
    n.propagateCarries()
    let negative = n.digits[Self.digitCount - 1] < 0
    if negative {
      for k in 0..<Self.digitCount { n.digits[k] = 0 &- n.digits[k] }
      n.propagateCarries()
    }
    // Now every digit is in [0, 2^32): N = Σ digits[k] · 2^(32k), nonnegative.
    var lowest = 0
    while lowest < Self.digitCount && n.digits[lowest] == 0 { lowest += 1 }
    if lowest == Self.digitCount {
      mpfr_set_zero(r.register, 1)
      return MPFRBall(midpoint: r, relativeError: .zero, expression: expression)
    }
    var highest = Self.digitCount - 1
    while n.digits[highest] == 0 { highest -= 1 }
    // N (negated if the sum is), as a GMP integer from the 32-bit digits that are not zero
    // at either end, then into MPFR times 2^(32 lowest - 1074), rounded once.
    let ternary = withUnsafeTemporaryAllocation(of: __mpz_struct.self, capacity: 1) { z in
      let integer = z.baseAddress!
      __gmpz_init(integer)
      defer { __gmpz_clear(integer) }
      withUnsafeTemporaryAllocation(of: UInt32.self, capacity: highest - lowest + 1) { words in
        for k in lowest...highest { words[k - lowest] = UInt32(truncatingIfNeeded: n.digits[k]) }
        __gmpz_import(integer, words.count, -1, 4, 0, 0, words.baseAddress)
      }
      if negative { __gmpz_neg(integer, integer) }
      return mpfr_set_z_2exp(r.register, integer, mpfr_exp_t(32 * lowest - 1074), MPFR_RNDN)
    }
    return MPFRBall(
      midpoint: r, relativeError: ternary == 0 ? .zero : MPFRBall.unit, expression: expression)
  }
}
