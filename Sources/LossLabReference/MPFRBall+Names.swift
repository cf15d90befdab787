import CMPFR

/// Names of the real numbers that balls hold (value numbering): an exact ball is named by its
/// value, an inexact one by the operation that made it and its operands' names. Two balls with
/// the same name hold the same real number, whatever their error, so their difference is
/// exactly 0 and their quotient exactly 1 (`-` and `/` use this).
///
/// Names follow identities of real arithmetic, so that a formula whose clip or ε does nothing
/// names the same number as the ideal loss written differently: `x + 0 = x - 0 = 1 · x = x`,
/// `0 - x = (-1) · x = -x`, `-(-x) = x`, and `log1p(x) = log(1 + x)` for exact x (TensorFlow's
/// `log(1 - p)` and the ideal's `log1p(-p)` are one number). Hashes are 64 bits: a collision
/// (about 2^-64 per pair compared) is the only way two different numbers share a name.
extension MPFRBall {
  /// What a ball's value is, as a hash: its value when exact, else its expression.
  @inlinable @inline(__always)
  public var name: UInt64 { isExact ? MPFRBall.valueHash(midpoint) : expression }

  /// The same midpoint with nothing known about its error, under a name of its own: what a
  /// computation that took a branch its balls could not decide returns (the branch may be
  /// wrong, so the value is no longer the expression its operations name).
  /// Each gets a name never given before on this thread (two computations that took the same
  /// undecided branches need not be the same number).
  public var unknown: MPFRBall {
    let cursor = currentCursor()
    cursor.pointee.unknownNames &+= 1
    let fresh = MPFRBall.mix(Operation.unknown.rawValue, cursor.pointee.unknownNames)
    return MPFRBall(midpoint: midpoint, relativeError: .infinity, expression: fresh)
  }

  /// The operations that name expressions (each its own tag).
  @usableFromInline
  enum Operation: UInt64 {
    case add = 1, multiply, divide, sqrt, exp, expm1, log, log1p, decimal, magnitude, unknown
    case pow, tanh
  }

  /// The name of `operation` applied to `a` (and `b`).
  @inlinable @inline(__always)
  static func named(_ operation: Operation, _ a: MPFRBall, _ b: MPFRBall? = nil) -> UInt64 {
    let first = mix(operation.rawValue, a.name)
    return b.map { mix(first, $0.name) } ?? first
  }

  /// The name of `-x` for a number named `name` (an involution: `-(-x)` is x).
  @inlinable @inline(__always)
  static func negatedName(_ name: UInt64) -> UInt64 { name ^ 0x8000_0000_0000_0001 }

  /// Whether `x` is exactly `value` (0 or ±1): a look at the header first, MPFR's comparison
  /// only for a candidate.
  @inlinable @inline(__always)
  static func isExactly(_ x: MPFRBall, _ value: Int) -> Bool {
    guard x.isExact else { return false }
    if value == 0 { return x.midpoint.isZero }
    // ±1 is 0.1 × 2^1: a regular number with exponent 1.
    return losslab_mpfr_regular_p(x.midpoint.register) != 0 && x.midpoint.register.pointee._mpfr_exp == 1
      && mpfr_cmp_si(x.midpoint.register, value) == 0
  }

  /// The name of `a + b` (`x + 0` is x; the two orders are one sum).
  @inlinable @inline(__always)
  static func sumName(_ a: MPFRBall, _ b: MPFRBall) -> UInt64 {
    if isExactly(b, 0) { return a.name }
    if isExactly(a, 0) { return b.name }
    let (x, y) = (a.name, b.name)
    return mix(mix(Operation.add.rawValue, min(x, y)), max(x, y))
  }

  /// The name of `a - b`, as `a + (-b)`.
  @inlinable @inline(__always)
  static func differenceName(_ a: MPFRBall, _ b: MPFRBall) -> UInt64 {
    if isExactly(b, 0) { return a.name }
    if isExactly(a, 0) { return negatedName(b.name) }
    let (x, y) = (a.name, negatedName(b.name))
    return mix(mix(Operation.add.rawValue, min(x, y)), max(x, y))
  }

  /// The name of `a · b` (`1 · x` is x, `(-1) · x` is -x; the two orders are one product).
  @inlinable @inline(__always)
  static func productName(_ a: MPFRBall, _ b: MPFRBall) -> UInt64 {
    if isExactly(b, 1) { return a.name }
    if isExactly(a, 1) { return b.name }
    if isExactly(b, -1) { return negatedName(a.name) }
    if isExactly(a, -1) { return negatedName(b.name) }
    let (x, y) = (a.name, b.name)
    return mix(mix(Operation.multiply.rawValue, min(x, y)), max(x, y))
  }

  /// The name of `log1p(x)`: for exact x whose `1 + x` fits 2048 bits, the name of `log(1 + x)`.
  @inlinable
  static func log1pName(_ x: MPFRBall) -> UInt64 {
    guard x.isExact, x.midpoint.isFinite else { return named(.log1p, x) }
    let bits = 2048
    let onePlus = withUnsafeTemporaryAllocation(of: mp_limb_t.self, capacity: bits / 64) {
      limbs -> UInt64? in
      var header = __mpfr_struct()
      mpfr_custom_init(limbs.baseAddress, mpfr_prec_t(bits))
      mpfr_custom_init_set(
        &header, Int32(MPFR_NAN_KIND.rawValue), 0, mpfr_prec_t(bits), limbs.baseAddress)
      return withUnsafeMutablePointer(to: &header) { sum in
        mpfr_add_ui(sum, x.midpoint.register, 1, MPFR_RNDN) == 0
          ? valueHash(MPFRReal(register: sum)) : nil
      }
    }
    return onePlus.map { mix(Operation.log.rawValue, $0) } ?? named(.log1p, x)
  }

  /// A 64-bit mix of the running hash and the next word (SplitMix64's finalizer; the hash is
  /// multiplied first, so that mix(a, b) and mix(b, a) differ).
  @inlinable @inline(__always)
  static func mix(_ hash: UInt64, _ word: UInt64) -> UInt64 {
    var z = (hash &* 0xD6E8_FEB8_6659_FD93 ^ word) &+ 0x9E37_79B9_7F4A_7C15
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  /// A hash of an MPFR value that does not depend on its precision: sign, exponent and the
  /// significand's limbs from the top down to the last nonzero one (NaN, infinities and zeros
  /// by their kind and sign). The limbs are hashed apart from the sign and exponent and the two
  /// mixed at the end, so that the processor runs the two chains of multiplications side by
  /// side (the register names every value added to it with this hash, once per example).
  @inlinable
  static func valueHash(_ x: MPFRReal) -> UInt64 {
    let header = x.register.pointee
    // mix(seed, sign) for MPFR's signs ±1, written out so that the optimizer folds it.
    let seed: UInt64 = 0x5851_F42D_4C95_7F2D
    let signed = header._mpfr_sign > 0 ? mix(seed, 1) : mix(seed, UInt64(bitPattern: -1))
    let head = mix(signed, UInt64(bitPattern: Int64(header._mpfr_exp)))
    guard losslab_mpfr_regular_p(x.register) != 0 else { return head }
    var lowest = 0
    while header._mpfr_d[lowest] == 0 { lowest += 1 }
    var i = (Int(header._mpfr_prec) + 63) >> 6 - 1
    // One multiply and shift per limb.
    var limbs: UInt64 = 0x2545_F491_4F6C_DD1D
    while i >= lowest {
      limbs = (limbs ^ UInt64(header._mpfr_d[i])) &* 0x9E37_79B9_7F4A_7C15
      limbs ^= limbs >> 32
      i -= 1
    }
    return mix(head, limbs)
  }
}
