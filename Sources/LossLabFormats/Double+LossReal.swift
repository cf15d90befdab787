import RealModule

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Double is LossLab's `float64`. Arithmetic is the hardware's, rounded once per operation;
/// `exp`, `expm1`, `log`, `log1p` and `tanh` come from swift-numerics (the C library); `pow` is
/// the C library's `pow` itself (see `pow` for why not swift-numerics').
extension Double: MachineFloat {
  public typealias Wide = Double

  @_transparent public static var one: Double { 1 }
  @_transparent public init(integer value: Int) { self.init(value) }
  @_transparent public init(narrowing wide: Double) { self = wide }
  @_transparent public var widened: Double { self }

  @_transparent public static var format: Format { .float64 }
  @_transparent public init(nearest value: Double) { self = value }
  @_transparent public var doubleValue: Double { self }
  @_transparent public var encoding: UInt64 { UInt64(bitPattern) }
  @_transparent public init(encoding: UInt64) { self.init(bitPattern: UInt64(truncatingIfNeeded: encoding)) }

  /// `x^y` as C's `pow` (the edge cases of `LossReal.pow`: `pow(-2, 3) = -8`, `pow(0, 0) = 1`,
  /// `pow(nan, 0) = 1`). Shadows swift-numerics' `Real.pow`, which returns NaN for every
  /// negative `x` and for `pow(0, 0)`, unlike C, NumPy, PyTorch and MPFR.
  @_transparent public static func pow(_ x: Double, _ y: Double) -> Double {
    #if canImport(Glibc)
    Glibc.pow(x, y)
    #else
    Darwin.pow(x, y)
    #endif
  }
}
