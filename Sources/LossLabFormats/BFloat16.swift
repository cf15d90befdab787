/// bfloat16: the upper 16 bits of a binary32 (1 sign, 8 exponent, 7 fraction bits).
///
/// Values round to nearest, ties to even, with subnormals (down to 2^-133), ±infinity and NaN;
/// the largest finite value is 0x7F7F ≈ 3.3895e38. Arithmetic computes in Float and rounds to
/// bfloat16, which is a single correct rounding for `+ - * /` and `sqrt` because Float's 24 bits
/// are at least 2·8 + 2 (Figueroa's double-rounding condition).
@frozen
public struct BFloat16: Sendable {
  public var bitPattern: UInt16

  @inlinable @inline(__always)
  public init(bitPattern: UInt16) { self.bitPattern = bitPattern }

  /// `value` rounded to nearest even. NaN stays NaN (quiet, sign kept).
  @inlinable @inline(__always)
  public init(_ value: Float) {
    let bits = value.bitPattern
    if value.isNaN {
      bitPattern = UInt16(truncatingIfNeeded: bits >> 16) | 0x0040
      return
    }
    // Adding 0x7FFF plus the lowest kept bit rounds to nearest even; a carry out of the
    // fraction bumps the exponent, which is right for binade changes and overflow to infinity.
    let lsb = (bits >> 16) & 1
    bitPattern = UInt16(truncatingIfNeeded: (bits &+ 0x7FFF &+ lsb) >> 16)
  }

  /// `value` rounded once to nearest even. Going through Float directly could round twice, so
  /// the Double is first rounded to Float *to odd* (truncate, then set the last bit if inexact),
  /// which keeps enough information for the final rounding to be correct (24 >= 8 + 2).
  @inlinable
  public init(_ value: Double) {
    var f = Float(value)
    if f.isFinite, Double(f) != value {
      if Double(f).magnitude > value.magnitude {
        f = Float(bitPattern: f.bitPattern &- 1)  // one step toward zero: truncation
      }
      f = Float(bitPattern: f.bitPattern | 1)
    }
    // A Double beyond Float's range became ±inf, which is right: bfloat16 overflows sooner.
    self.init(f)
  }

  /// The exact value as a Float.
  @inlinable @inline(__always)
  public var floatValue: Float { Float(bitPattern: UInt32(bitPattern) << 16) }
}

extension BFloat16: Equatable, Comparable {
  @inlinable @inline(__always)
  public static func == (a: BFloat16, b: BFloat16) -> Bool { a.floatValue == b.floatValue }
  @inlinable @inline(__always)
  public static func < (a: BFloat16, b: BFloat16) -> Bool { a.floatValue < b.floatValue }
  @inlinable @inline(__always)
  public static func <= (a: BFloat16, b: BFloat16) -> Bool { a.floatValue <= b.floatValue }
  @inlinable @inline(__always)
  public static func > (a: BFloat16, b: BFloat16) -> Bool { a.floatValue > b.floatValue }
  @inlinable @inline(__always)
  public static func >= (a: BFloat16, b: BFloat16) -> Bool { a.floatValue >= b.floatValue }
}

extension BFloat16: CustomStringConvertible {
  public var description: String { floatValue.description }
}
