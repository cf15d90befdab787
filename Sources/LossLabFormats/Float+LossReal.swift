import RealModule

/// Float is LossLab's `float32`. Arithmetic is the hardware's, rounded once per operation;
/// `exp`, `expm1`, `log` and `log1p` come from swift-numerics (the C library).
extension Float: MachineFloat {
  public typealias Wide = Double

  @_transparent public static var one: Float { 1 }
  @_transparent public init(integer value: Int) { self.init(value) }
  @_transparent public init(narrowing wide: Double) { self.init(wide) }
  @_transparent public var widened: Double { Double(self) }

  public static var format: Format { .float32 }
  @_transparent public init(nearest value: Double) { self.init(value) }
  @_transparent public var doubleValue: Double { Double(self) }
  @_transparent public var encoding: UInt64 { UInt64(bitPattern) }
  @_transparent public init(encoding: UInt64) { self.init(bitPattern: UInt32(truncatingIfNeeded: encoding)) }
}
