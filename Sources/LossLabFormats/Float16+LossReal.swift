import RealModule

/// Float16 is LossLab's `float16`. Arithmetic is the hardware's, rounded once per operation (through Float, which is exact for + - * / and sqrt);
/// `exp`, `expm1`, `log`, `log1p` and `tanh` come from swift-numerics (computed in Float and rounded, as on CPUs);
/// `pow` is Float's (C's `powf`), rounded.
extension Float16: MachineFloat {
  public typealias Wide = Float

  @_transparent public static var one: Float16 { 1 }
  @_transparent public init(integer value: Int) { self.init(value) }
  @_transparent public init(narrowing wide: Float) { self.init(wide) }
  @_transparent public var widened: Float { Float(self) }

  @_transparent public static var format: Format { .float16 }
  @_transparent public init(nearest value: Double) { self.init(value) }
  @_transparent public var doubleValue: Double { Double(self) }
  @_transparent public var encoding: UInt64 { UInt64(bitPattern) }
  @_transparent public init(encoding: UInt64) { self.init(bitPattern: UInt16(truncatingIfNeeded: encoding)) }

  /// `x^y` computed in Float as C's `powf` and rounded once (the edge cases of `LossReal.pow`).
  /// Shadows swift-numerics' `Real.pow`, which returns NaN for every negative `x` and for
  /// `pow(0, 0)`.
  @_transparent public static func pow(_ x: Float16, _ y: Float16) -> Float16 {
    Float16(Float.pow(Float(x), Float(y)))
  }
}
