import LossLabFormats
import LossLabReductions

/// A `Base` value computed as TensorFlow 2.21's CPU kernels compute it (Keras 3 on
/// TensorFlow): the profile `keras` runs every formula on `EigenReal<T>` instead of `T`
/// (`ExecutionProfile.elementwise`), so that a formula's `exp`, `log` and `log1p` and its sums
/// over the last axis are TensorFlow's without the formula knowing its profile.
///
/// TensorFlow evaluates `tf.math.log` (and exp, log1p) of a contiguous tensor of N elements in
/// whole Eigen packets of 8 floats (`EigenFloat`'s plog) and the last N mod 8 elements with the
/// scalar functor (glibc's `logf`): which function an element gets depends on where it is in its
/// tensor (`tfLog(_:index:count:)`, checked bit for bit against TF in FrameworkKernelTests). So
/// an `EigenReal` carries its place: element `index` of a tensor of `count` elements.
///
/// - `placed(_:)` wraps a batch: element i of `yTrue` (or `yPred`, or the weights) of N
///   elements is at (i, N); for an [n, C] tensor i = row · C + column.
/// - Arithmetic, `sqrt`, comparisons and conversions are `Base`'s; the result is at the place
///   of its operands (the operands of one element-wise op share a place; a constant, a
///   parameter or `zero`, has none and takes the other operand's). `larger` and `smaller`
///   (hence `clipped`) keep the place of the operands too.
/// - `exp`, `log` and `log(onePlus:)` are `tfExp`, `tfLog` and `tfLog1p` at the value's place
///   (float16 and bfloat16 in float, rounded once, as Eigen's `F16_PACKET_FUNCTION` does); a
///   value without a place takes the scalar functor (glibc's).
/// - `rowSum` and `rowMean` are `tf.reduce_sum` and `tf.reduce_mean` over the last axis
///   (`eigenSum`, `eigenMean` per row: Eigen's `InnerMostDimReducer` order); the result is at
///   (row, n), its place in the [n] tensor of row results.
/// - `rowExpSum` is the exp sum of TF's fused xent kernels (xent_op.h, sparse_xent_op.h):
///   `tfExp` at the element's place within the row (the reduction's own packets) in Eigen's
///   order; the sum has no place, so its `log` is glibc's, as `SparseXentLossGenerator`'s
///   scalar `numext::log` is (the dense kernel's packet log of rows in whole packets of the
///   batch, `tfSoftmaxCrossEntropyRow`, is not modelled here).
/// - `pow` is `tfPow` at the value's place (Keras' focal loss: Eigen's packet pow on whole
///   packets of float32, glibc's `powf` in the tail).
/// - `expMinusOne` and `tanh` are `Base`'s own (the C library's).
/// - Double is not modelled (`Packet4d`): an `EigenReal<Double>` computes as a Double, with
///   Eigen's sums.
///
/// `Wide` is `EigenReal<Base.Wide>`, at the same place. The type stores its place beside the
/// value, so it is not `isFloat32Encoded` or `isSixteenBitEncoded`: a framework kernel that
/// reinterprets a value's bits (torch's SLEEF kernels, XLA's) takes its generic path on it
/// (a torch variant under `--profile keras`).
@frozen
public struct EigenReal<Base: MachineFloat>: MachineFloat {
  public typealias Wide = EigenReal<Base.Wide>

  /// The value in its format.
  public var base: Base
  /// Its index in its tensor (meaningless without a `count`).
  public var index: Int32
  /// How many elements its tensor has; 0 for a value that is in none (a constant).
  public var count: Int32

  @inlinable @inline(__always)
  public init(_ base: Base, index: Int32 = 0, count: Int32 = 0) {
    self.base = base
    self.index = index
    self.count = count
  }

  /// `base` at the place of `a`, or of `b` if `a` has none.
  @inlinable @inline(__always)
  init(_ base: Base, at a: Self, _ b: Self) {
    self.init(base, index: a.count != 0 ? a.index : b.index, count: a.count != 0 ? a.count : b.count)
  }

  /// Whether the value is computed in a whole Eigen packet of its tensor.
  @inlinable @inline(__always)
  public var inPacket: Bool { eigenPacketCovers(Int(index), count: Int(count)) }

  /// `batch` with every value at its place in its tensor (yTrue, yPred and the weights each a
  /// tensor of their own, in row-major order).
  @inlinable
  public static func placed(_ batch: Batch<Base>) -> Batch<Self> {
    @inline(__always) func place(_ x: [Base]) -> [Self] {
      let n = Int32(x.count)
      return x.enumerated().map { Self($0.element, index: Int32($0.offset), count: n) }
    }
    return Batch(
      yTrue: place(batch.yTrue), yPred: place(batch.yPred), labels: batch.labels,
      weights: place(batch.weights), columns: batch.columns)
  }

  @inlinable @inline(__always) public static var zero: Self { Self(.zero) }
  @inlinable @inline(__always) public static var one: Self { Self(.one) }
  @inlinable @inline(__always) public static var nan: Self { Self(.nan) }
  @inlinable @inline(__always) public static var infinity: Self { Self(.infinity) }

  @inlinable @inline(__always)
  public init(integer value: Int) { self.init(Base(integer: value)) }
  @inlinable @inline(__always)
  public init(narrowing wide: Wide) {
    self.init(Base(narrowing: wide.base), index: wide.index, count: wide.count)
  }
  @inlinable @inline(__always)
  public var widened: Wide { Wide(base.widened, index: index, count: count) }

  @inlinable @inline(__always)
  public static func + (lhs: Self, rhs: Self) -> Self { Self(lhs.base + rhs.base, at: lhs, rhs) }
  @inlinable @inline(__always)
  public static func - (lhs: Self, rhs: Self) -> Self { Self(lhs.base - rhs.base, at: lhs, rhs) }
  @inlinable @inline(__always)
  public static func * (lhs: Self, rhs: Self) -> Self { Self(lhs.base * rhs.base, at: lhs, rhs) }
  @inlinable @inline(__always)
  public static func / (lhs: Self, rhs: Self) -> Self { Self(lhs.base / rhs.base, at: lhs, rhs) }
  @inlinable @inline(__always)
  public static prefix func - (operand: Self) -> Self {
    Self(-operand.base, index: operand.index, count: operand.count)
  }

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

  /// `tf.maximum`: `Base`'s selection, at the operands' place (a clip to a constant stays
  /// where the clipped element is).
  @inlinable @inline(__always)
  public static func larger(_ a: Self, _ b: Self) -> Self { Self(Base.larger(a.base, b.base), at: a, b) }
  /// `tf.minimum`, as `larger`.
  @inlinable @inline(__always)
  public static func smaller(_ a: Self, _ b: Self) -> Self { Self(Base.smaller(a.base, b.base), at: a, b) }

  @inlinable @inline(__always)
  public var magnitude: Self { Self(base.magnitude, index: index, count: count) }
  @inlinable @inline(__always) public var isNaN: Bool { base.isNaN }
  @inlinable @inline(__always) public var isFinite: Bool { base.isFinite }
  @inlinable @inline(__always) public var isInfinite: Bool { base.isInfinite }
  @inlinable @inline(__always) public var isZero: Bool { base.isZero }
  @inlinable @inline(__always) public var isSubnormal: Bool { base.isSubnormal }

  @inlinable @inline(__always)
  public static func sqrt(_ x: Self) -> Self { Self(Base.sqrt(x.base), index: x.index, count: x.count) }
  /// `tf.exp`: `tfExp` at the value's place.
  @inlinable @inline(__always)
  public static func exp(_ x: Self) -> Self {
    Self(tfExp(x.base, index: Int(x.index), count: Int(x.count)), index: x.index, count: x.count)
  }
  /// `tf.math.log`: `tfLog` at the value's place.
  @inlinable @inline(__always)
  public static func log(_ x: Self) -> Self {
    Self(tfLog(x.base, index: Int(x.index), count: Int(x.count)), index: x.index, count: x.count)
  }
  /// `tf.math.log1p`: `tfLog1p` at the value's place.
  @inlinable @inline(__always)
  public static func log(onePlus x: Self) -> Self {
    Self(tfLog1p(x.base, index: Int(x.index), count: Int(x.count)), index: x.index, count: x.count)
  }
  /// `Base`'s own (not modelled; see the type).
  @inlinable @inline(__always)
  public static func expMinusOne(_ x: Self) -> Self {
    Self(Base.expMinusOne(x.base), index: x.index, count: x.count)
  }
  /// `tf.pow`: `tfPow` at the place of `x`, or of `y` if `x` has none (a scalar base).
  @inlinable @inline(__always)
  public static func pow(_ x: Self, _ y: Self) -> Self {
    var r = Self(x.base, at: x, y)
    r.base = tfPow(x.base, y.base, index: Int(r.index), count: Int(r.count))
    return r
  }
  /// `Base`'s own (not modelled; see the type).
  @inlinable @inline(__always)
  public static func tanh(_ x: Self) -> Self { Self(Base.tanh(x.base), index: x.index, count: x.count) }

  /// `tf.reduce_sum` over the last axis (tensorflow/core/kernels/reduction_ops.h
  /// `ReduceEigenImpl`; one `InnerMostDimReducer` per row, `eigenSum`), at (row, n) where the
  /// row's first term is at (row · C, n · C).
  @inlinable @inline(__always)
  public static func rowSum(count: Int, _ term: (Int) -> Self) -> Self {
    reducedRow(count: count, term, mean: false)
  }

  /// `tf.reduce_mean` over the last axis (reduction_ops.h: the sum, then divided by the count;
  /// `eigenMean`), at the row's place as `rowSum`. Keras' `ops.mean(..., axis=-1)` on
  /// TensorFlow (keras/src/backend/tensorflow/numpy.py `mean`) is `tf.reduce_mean`.
  @inlinable @inline(__always)
  public static func rowMean(count: Int, _ term: (Int) -> Self) -> Self {
    reducedRow(count: count, term, mean: true)
  }

  /// The row's `eigenSum` or `eigenMean`, at the row's place in the [n] tensor of row results.
  @inlinable @inline(__always)
  static func reducedRow(count: Int, _ term: (Int) -> Self, mean: Bool) -> Self {
    var first = Self.zero
    func value(_ i: Int) -> Base {
      let t = term(i)
      if i == 0 { first = t }
      return t.base
    }
    let reduced = mean ? eigenMean(count: count, value) : eigenSum(count: count, value)
    return Self(reduced, rowOf: first, columns: count)
  }

  /// The exp sum of TF's xent kernels (`tfXentShiftedLogSum`): `tfExp` of term i at (i, count),
  /// in Eigen's order; the sum has no place (see the type).
  @inlinable @inline(__always)
  public static func rowExpSum(count: Int, _ argument: (Int) -> Self) -> Self {
    Self(eigenSum(count: count) { tfExp(argument($0).base, index: $0, count: count) })
  }

  /// `value` at the place, in the [n] tensor of row results, of the row whose first element is
  /// `first` (of `columns`); no place if `first` has none.
  @inlinable @inline(__always)
  init(_ value: Base, rowOf first: Self, columns: Int) {
    let c = Int32(max(columns, 1))
    self.init(value, index: first.index / c, count: first.count / c)
  }

  @inlinable @inline(__always) public static var format: Format { Base.format }
  @inlinable @inline(__always)
  public init(nearest value: Double) { self.init(Base(nearest: value)) }
  @inlinable @inline(__always) public var doubleValue: Double { base.doubleValue }
  @inlinable @inline(__always) public var encoding: UInt64 { base.encoding }
  @inlinable @inline(__always)
  public init(encoding: UInt64) { self.init(Base(encoding: encoding)) }
}
