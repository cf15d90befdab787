import RealModule

/// Double is LossLab's `float64`. Arithmetic is the hardware's, rounded once per operation;
/// `exp`, `expm1`, `log` and `log1p` come from swift-numerics (the C library).
extension Double: MachineFloat {
  public typealias Wide = Double

  @_transparent public static var one: Double { 1 }
  @_transparent public init(integer value: Int) { self.init(value) }
  @_transparent public init(narrowing wide: Double) { self = wide }
  @_transparent public var widened: Double { self }

  public static var format: Format { .float64 }
  @_transparent public init(nearest value: Double) { self = value }
  @_transparent public var doubleValue: Double { self }
  @_transparent public var encoding: UInt64 { UInt64(bitPattern) }
  @_transparent public init(encoding: UInt64) { self.init(bitPattern: UInt64(truncatingIfNeeded: encoding)) }
}
