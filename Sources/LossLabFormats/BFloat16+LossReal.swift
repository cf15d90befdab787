import RealModule

/// BFloat16 is LossLab's `bfloat16`: every operation computes in Float and rounds to bfloat16;
/// `exp`, `expm1`, `log`, `log1p`, `pow` and `tanh` are Float's, rounded (as PyTorch and XLA do on
/// CPUs).
extension BFloat16: MachineFloat {
  public typealias Wide = Float

  @_transparent public static var format: Format { .bfloat16 }
  @_transparent public static var zero: BFloat16 { BFloat16(bitPattern: 0) }
  @_transparent public static var one: BFloat16 { BFloat16(bitPattern: 0x3F80) }
  @_transparent public static var nan: BFloat16 { BFloat16(bitPattern: 0x7FC0) }
  @_transparent public static var infinity: BFloat16 { BFloat16(bitPattern: 0x7F80) }

  /// `value` rounded once. Above 2^53 `Double(value)` is itself rounded, and a result on a
  /// bfloat16 midpoint would then round again to the wrong side; rounding the Double *to odd*
  /// (truncate, set the last bit when inexact) keeps the second rounding correct.
  @inlinable
  public init(integer value: Int) {
    var d = Double(value)
    let asInteger = Int(exactly: d)  // nil only for ±2^63, beyond every Int
    if asInteger != value {
      if asInteger.map({ $0.magnitude > value.magnitude }) ?? true {
        d = Double(bitPattern: d.bitPattern &- 1)  // one step toward zero
      }
      d = Double(bitPattern: d.bitPattern | 1)
    }
    self.init(d)
  }
  @inlinable @inline(__always)
  public init(narrowing wide: Float) { self.init(wide) }
  @inlinable @inline(__always)
  public var widened: Float { floatValue }
  @inlinable @inline(__always)
  public init(nearest value: Double) { self.init(value) }
  @inlinable @inline(__always)
  public var doubleValue: Double { Double(floatValue) }
  @inlinable @inline(__always)
  public var encoding: UInt64 { UInt64(bitPattern) }
  @inlinable @inline(__always)
  public init(encoding: UInt64) { self.init(bitPattern: UInt16(truncatingIfNeeded: encoding)) }

  @inlinable @inline(__always)
  public static func + (a: BFloat16, b: BFloat16) -> BFloat16 { BFloat16(a.floatValue + b.floatValue) }
  @inlinable @inline(__always)
  public static func - (a: BFloat16, b: BFloat16) -> BFloat16 { BFloat16(a.floatValue - b.floatValue) }
  @inlinable @inline(__always)
  public static func * (a: BFloat16, b: BFloat16) -> BFloat16 { BFloat16(a.floatValue * b.floatValue) }
  @inlinable @inline(__always)
  public static func / (a: BFloat16, b: BFloat16) -> BFloat16 { BFloat16(a.floatValue / b.floatValue) }
  @inlinable @inline(__always)
  public static prefix func - (x: BFloat16) -> BFloat16 { BFloat16(bitPattern: x.bitPattern ^ 0x8000) }

  @inlinable @inline(__always)
  public var magnitude: BFloat16 { BFloat16(bitPattern: bitPattern & 0x7FFF) }
  @inlinable @inline(__always)
  public var isNaN: Bool { bitPattern & 0x7FFF > 0x7F80 }
  @inlinable @inline(__always)
  public var isFinite: Bool { bitPattern & 0x7F80 != 0x7F80 }
  @inlinable @inline(__always)
  public var isInfinite: Bool { bitPattern & 0x7FFF == 0x7F80 }
  @inlinable @inline(__always)
  public var isZero: Bool { bitPattern & 0x7FFF == 0 }
  @inlinable @inline(__always)
  public var isSubnormal: Bool { bitPattern & 0x7F80 == 0 && !isZero }

  @inlinable @inline(__always)
  public static func sqrt(_ x: BFloat16) -> BFloat16 { BFloat16(Float.sqrt(x.floatValue)) }
  @inlinable @inline(__always)
  public static func exp(_ x: BFloat16) -> BFloat16 { BFloat16(Float.exp(x.floatValue)) }
  @inlinable @inline(__always)
  public static func expMinusOne(_ x: BFloat16) -> BFloat16 { BFloat16(Float.expMinusOne(x.floatValue)) }
  @inlinable @inline(__always)
  public static func log(_ x: BFloat16) -> BFloat16 { BFloat16(Float.log(x.floatValue)) }
  @inlinable @inline(__always)
  public static func log(onePlus x: BFloat16) -> BFloat16 { BFloat16(Float.log(onePlus: x.floatValue)) }
  /// `x^y` computed in Float as C's `powf` and rounded once (the edge cases of `LossReal.pow`).
  @inlinable @inline(__always)
  public static func pow(_ x: BFloat16, _ y: BFloat16) -> BFloat16 {
    BFloat16(Float.pow(x.floatValue, y.floatValue))
  }
  @inlinable @inline(__always)
  public static func tanh(_ x: BFloat16) -> BFloat16 { BFloat16(Float.tanh(x.floatValue)) }
}
