import LossLabFormats
import LossLabReductions

/// A `Base` value computed as XLA:CPU computes it (JAX 0.10, optax, Keras on JAX): the profiles
/// `optax` and `keras-jax` run every formula on `XLAReal<T>` instead of `T`
/// (`ExecutionProfile.elementwise`), so that a formula's `exp`, `log` and `log1p` are XLA's own
/// without the formula knowing its profile.
///
/// - Arithmetic, `sqrt`, comparisons and conversions are `Base`'s: each operation rounds once to
///   the format, as XLA's element-wise ops do.
/// - `exp`, `log` and `log(onePlus:)` are XLA:CPU's polynomial kernels (`xlaExp`, `xlaLog`,
///   `xlaLog1p`: `XLAFloat` for float32; float16 and bfloat16 computed in float32 and rounded
///   once), checked bit for bit against jnp.exp, jnp.log and jnp.log1p
///   (Tests/FrameworkVectors/kernels/jax-*, FrameworkKernelTests). They flush subnormal
///   arguments and results themselves, as XLA's CPU client does; under the profile's own flush
///   (`withSubnormalsFlushed`) the two agree, and flushing twice changes nothing.
/// - `expMinusOne`, `tanh` and `pow` are `Base`'s own (the C library's): XLA emits its own
///   expm1 and tanh too (xla/codegen/math), but no vector checks them, so they are not modelled.
/// - Double is not modelled (XLA's F64 exp and log are its own, xla/codegen/math/exp.cc): an
///   `XLAReal<Double>` is a Double.
///
/// `Wide` is `XLAReal<Base.Wide>`: what a formula computes in float32 for a 16-bit `Base` (a
/// `jnp.sum`, a logsumexp) takes XLA's functions too. Framework kernels that ask for a format
/// (torch's float16 in float, SLEEF's and Eigen's float functions) see `Base`'s through
/// `encodedFormat` and run as on `Base`.
@frozen
public struct XLAReal<Base: MachineFloat>: MachineFloat {
  public typealias Wide = XLAReal<Base.Wide>

  /// The value in its format.
  public var base: Base

  @inlinable @inline(__always)
  public init(_ base: Base) { self.base = base }

  @inlinable @inline(__always) public static var zero: Self { Self(.zero) }
  @inlinable @inline(__always) public static var one: Self { Self(.one) }
  @inlinable @inline(__always) public static var nan: Self { Self(.nan) }
  @inlinable @inline(__always) public static var infinity: Self { Self(.infinity) }

  @inlinable @inline(__always)
  public init(integer value: Int) { self.init(Base(integer: value)) }
  @inlinable @inline(__always)
  public init(narrowing wide: Wide) { self.init(Base(narrowing: wide.base)) }
  @inlinable @inline(__always)
  public var widened: Wide { Wide(base.widened) }

  @inlinable @inline(__always)
  public static func + (lhs: Self, rhs: Self) -> Self { Self(lhs.base + rhs.base) }
  @inlinable @inline(__always)
  public static func - (lhs: Self, rhs: Self) -> Self { Self(lhs.base - rhs.base) }
  @inlinable @inline(__always)
  public static func * (lhs: Self, rhs: Self) -> Self { Self(lhs.base * rhs.base) }
  @inlinable @inline(__always)
  public static func / (lhs: Self, rhs: Self) -> Self { Self(lhs.base / rhs.base) }
  @inlinable @inline(__always)
  public static prefix func - (operand: Self) -> Self { Self(-operand.base) }

  // IEEE comparisons, NaN unordered: Comparable's defaults for <=, > and >= would not be.
  @inlinable @inline(__always)
  public static func == (lhs: Self, rhs: Self) -> Bool { lhs.base == rhs.base }
  @inlinable @inline(__always)
  public static func < (lhs: Self, rhs: Self) -> Bool { lhs.base < rhs.base }
  @inlinable @inline(__always)
  public static func <= (lhs: Self, rhs: Self) -> Bool { lhs.base <= rhs.base }
  @inlinable @inline(__always)
  public static func > (lhs: Self, rhs: Self) -> Bool { lhs.base > rhs.base }
  @inlinable @inline(__always)
  public static func >= (lhs: Self, rhs: Self) -> Bool { lhs.base >= rhs.base }

  @inlinable @inline(__always) public var magnitude: Self { Self(base.magnitude) }
  @inlinable @inline(__always) public var isNaN: Bool { base.isNaN }
  @inlinable @inline(__always) public var isFinite: Bool { base.isFinite }
  @inlinable @inline(__always) public var isInfinite: Bool { base.isInfinite }
  @inlinable @inline(__always) public var isZero: Bool { base.isZero }
  @inlinable @inline(__always) public var isSubnormal: Bool { base.isSubnormal }

  @inlinable @inline(__always)
  public static func sqrt(_ x: Self) -> Self { Self(Base.sqrt(x.base)) }
  /// `jnp.exp`: `xlaExp`.
  @inlinable @inline(__always)
  public static func exp(_ x: Self) -> Self { Self(xlaExp(x.base)) }
  /// `jnp.log`: `xlaLog`.
  @inlinable @inline(__always)
  public static func log(_ x: Self) -> Self { Self(xlaLog(x.base)) }
  /// `jnp.log1p`: `xlaLog1p`.
  @inlinable @inline(__always)
  public static func log(onePlus x: Self) -> Self { Self(xlaLog1p(x.base)) }
  /// `Base`'s own (not modelled; see the type).
  @inlinable @inline(__always)
  public static func expMinusOne(_ x: Self) -> Self { Self(Base.expMinusOne(x.base)) }
  /// `Base`'s own (not modelled; see the type).
  @inlinable @inline(__always)
  public static func pow(_ x: Self, _ y: Self) -> Self { Self(Base.pow(x.base, y.base)) }
  /// `Base`'s own (not modelled; see the type).
  @inlinable @inline(__always)
  public static func tanh(_ x: Self) -> Self { Self(Base.tanh(x.base)) }

  /// `jnp.mean` over the row (`xlaMean`): XLA multiplies the row's sum by the rounded
  /// reciprocal `1/count`, where LossLab's default divides by `count`; float16 and bfloat16 add
  /// in float32 and round once (`_upcast_f16`). `xlaMean` is checked against `jnp.mean` of 1-D
  /// arrays (jax-mean-*); Keras on JAX's mean over 3 columns agrees on every vector.
  @inlinable @inline(__always)
  public static func rowMean(count: Int, _ term: (Int) -> Self) -> Self { xlaMean(count: count, term) }

  @inlinable @inline(__always) public static var format: Format { Base.format }
  @inlinable @inline(__always)
  public init(nearest value: Double) { self.init(Base(nearest: value)) }
  @inlinable @inline(__always) public var doubleValue: Double { base.doubleValue }
  @inlinable @inline(__always) public var encoding: UInt64 { base.encoding }
  @inlinable @inline(__always)
  public init(encoding: UInt64) { self.init(Base(encoding: encoding)) }
}
