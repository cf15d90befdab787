/// One of the four machine formats LossLab measures: `Float16`, `BFloat16`, `Float`, `Double`.
///
/// Beyond `LossReal`, a machine format knows its own `Format` constants and converts to and from
/// `Double` (exact one way, correctly rounded the other), which is how exactly-rounded reference
/// values and decimal inputs reach it. Its wide accumulator is a machine format too.
public protocol MachineFloat: LossReal where Wide: MachineFloat {
  static var format: Format { get }
  /// `value` rounded once, to nearest even, to this format (subnormals, overflow to ±inf, NaN).
  init(nearest value: Double)
  /// This value as a Double; exact, since every format here is a subset of binary64.
  var doubleValue: Double { get }
  /// The raw encoding, widened to 64 bits.
  var encoding: UInt64 { get }
  /// The value with this raw encoding (the low `bitWidth` bits).
  init(encoding: UInt64)
  var isSubnormal: Bool { get }
}

extension MachineFloat {
  /// The format itself: a machine format's values are its own encoding.
  @inlinable @inline(__always)
  public static var encodedFormat: Format? { format }

  /// The position of this value on the format's number line: consecutive representable values
  /// have consecutive ordinals, and +0 and -0 share ordinal 0. Used by the bits-of-error measure.
  @inlinable
  public var ordinal: Int64 {
    let width = Self.format.bitWidth
    let signBit: UInt64 = 1 << UInt64(width - 1)
    let magnitude = Int64(bitPattern: encoding & (signBit - 1))
    return encoding & signBit == 0 ? magnitude : -magnitude
  }

  /// The value at `ordinal` on the format's number line (the inverse of `ordinal`; 0 is +0).
  @inlinable
  public init(ordinal: Int64) {
    let signBit: UInt64 = 1 << UInt64(Self.format.bitWidth - 1)
    self.init(encoding: ordinal >= 0 ? UInt64(ordinal) : signBit | UInt64(-ordinal))
  }
}
