import RealModule

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Float is LossLab's `float32`. Arithmetic is the hardware's, rounded once per operation;
/// `exp`, `expm1`, `log`, `log1p` and `tanh` come from swift-numerics (the C library); `pow` is
/// the C library's `powf` itself (see `pow` for why not swift-numerics').
extension Float: MachineFloat {
  public typealias Wide = Double

  @_transparent public static var one: Float { 1 }
  @_transparent public init(integer value: Int) { self.init(value) }
  @_transparent public init(narrowing wide: Double) { self.init(wide) }
  @_transparent public var widened: Double { Double(self) }

  @_transparent public static var format: Format { .float32 }
  @_transparent public init(nearest value: Double) { self.init(value) }
  @_transparent public var doubleValue: Double { Double(self) }
  @_transparent public var encoding: UInt64 { UInt64(bitPattern) }
  @_transparent public init(encoding: UInt64) { self.init(bitPattern: UInt32(truncatingIfNeeded: encoding)) }

  /// `x^y` as C's `powf` (the edge cases of `LossReal.pow`: `pow(-2, 3) = -8`, `pow(0, 0) = 1`,
  /// `pow(nan, 0) = 1`). Shadows swift-numerics' `Real.pow`, which returns NaN for every
  /// negative `x` and for `pow(0, 0)`, unlike C, NumPy, PyTorch and MPFR.
  @_transparent public static func pow(_ x: Float, _ y: Float) -> Float { powf(x, y) }
}
