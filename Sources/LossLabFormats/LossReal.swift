/// A real-number format that LossLab's losses and reductions are written against.
///
/// Every loss and reduction is one generic function over `LossReal`; it is instantiated for
/// `Float16`, `BFloat16`, `Float`, `Double` and the MPFR reference type. The requirements are
/// the operations the frameworks' formulas use and nothing more, so that every instance rounds
/// exactly where the framework it mirrors rounds.
///
/// Arithmetic (`+ - * /`, `sqrt`) must round once to the format. Elementary functions (`exp`,
/// `expm1`, `log`, `log1p`, `pow`, `tanh`) round as the format's usual library does: the 16-bit
/// formats go through Float and round the result, as the frameworks do on CPUs.
public protocol LossReal: Comparable {
  /// The accumulator a "wide" summation uses: Float for the 16-bit formats, Double for Float.
  associatedtype Wide: LossReal

  /// The machine format whose encoding a value of this type is, bit for bit: the format itself
  /// for Float16, BFloat16, Float and Double and for a type that stores one of them and changes
  /// only some functions (`XLAReal`); nil for other types (the MPFR reference), the default.
  /// A framework kernel that runs a format its own way (torch's float16 in float, SLEEF's exp
  /// on float) asks this rather than the type, so that it runs the same on such a wrapper.
  static var encodedFormat: Format? { get }

  static var zero: Self { get }
  static var one: Self { get }
  static var nan: Self { get }
  static var infinity: Self { get }

  /// `value` rounded to the nearest representable number of the format.
  init(integer value: Int)
  /// The value of a wide accumulator rounded to this format.
  init(narrowing wide: Wide)
  /// This value in the wide format (exact).
  var widened: Wide { get }

  static func + (lhs: Self, rhs: Self) -> Self
  static func - (lhs: Self, rhs: Self) -> Self
  static func * (lhs: Self, rhs: Self) -> Self
  static func / (lhs: Self, rhs: Self) -> Self
  static prefix func - (operand: Self) -> Self

  var magnitude: Self { get }
  var isNaN: Bool { get }
  var isFinite: Bool { get }
  var isInfinite: Bool { get }
  var isZero: Bool { get }

  static func sqrt(_ x: Self) -> Self
  static func exp(_ x: Self) -> Self
  static func expMinusOne(_ x: Self) -> Self
  static func log(_ x: Self) -> Self
  static func log(onePlus x: Self) -> Self

  /// `x^y`, the real power, as C's `pow` (C11 Annex F, IEEE 754 `pow`) and `torch.pow` /
  /// `tf.pow` on floating tensors: defined for negative `x` when `y` is an integer.
  ///
  /// **Edge cases** (as C's `pow`; swift-numerics' `Real.pow` differs: it returns NaN for every
  /// negative `x` and for `pow(0, 0)`):
  /// - `pow(x, ±0) = 1` for every `x`, NaN included; `pow(1, y) = 1` for every `y`, NaN included.
  /// - `x < 0` finite and `y` finite and not an integer: NaN. `x < 0` and `y` an integer:
  ///   `±|x|^y`, negative for odd `y`.
  /// - `pow(±0, y)`: `+inf` for `y < 0` (`±inf` for `y` an odd negative integer), `+0` for
  ///   `y > 0` (`±0` for `y` an odd positive integer).
  /// - `pow(-1, ±inf) = 1`; `pow(x, +inf)` is `+inf` for `|x| > 1` and `+0` for `|x| < 1`;
  ///   `pow(x, -inf)` the reverse. `pow(+inf, y)` is `+inf` for `y > 0`, `+0` for `y < 0`.
  /// - Otherwise NaN in either operand gives NaN; results beyond the format overflow to `±inf`
  ///   or underflow to zero.
  static func pow(_ x: Self, _ y: Self) -> Self
  /// The hyperbolic tangent `tanh x`, in `[-1, 1]`.
  ///
  /// **Edge cases:** `tanh(±inf) = ±1`, `tanh(±0) = ±0`, tiny `x` gives `x` (the error
  /// `x³/3` is below half a spacing), NaN gives NaN. It rounds to `±1` once `1 - tanh|x| ≈
  /// 2e^(-2|x|)` is below half the spacing 2^-p under 1: from |x| ≈ (p + 2) log 2 / 2, about 3.5
  /// in bfloat16, 4.5 in float16, 9.0 in float32 and 19.1 in float64.
  static func tanh(_ x: Self) -> Self

  /// The mean of a row of `count` values `term(0)`, ..., `term(count - 1)` as a framework's
  /// mean over the last axis computes it in this type (Keras' `mean(..., axis=-1)` in the
  /// regression losses). By default added left to right from +0 in the format and divided by
  /// `count`; a type that models a framework may compute it that framework's way (`XLAReal`:
  /// `jnp.mean`, which multiplies the sum by the rounded reciprocal `1/count`).
  static func rowMean(count: Int, _ term: (Int) -> Self) -> Self

  /// The sum of a row of `count` values `term(0)`, ..., `term(count - 1)` as a framework's sum
  /// over the last axis computes it in this type (`tf.reduce_sum(..., axis=-1)` in Keras'
  /// cross-entropy and KL divergence). By default added left to right from +0 in the format; a
  /// type that models a framework may add in that framework's order (`EigenReal`: Eigen's).
  static func rowSum(count: Int, _ term: (Int) -> Self) -> Self

  /// `Σ exp(argument(i))` over a row of `count` values as a fused softmax kernel computes it in
  /// this type (TensorFlow's xent kernels). By default `exp` of each and added left to right
  /// from +0 in the format; a type that models a framework may take the kernel's own exp and
  /// order (`EigenReal`: Eigen's packet exp by position within the row, Eigen's tree order).
  static func rowExpSum(count: Int, _ argument: (Int) -> Self) -> Self

  /// The larger of `a` and `b`; NaN if either is NaN (as `tf.maximum` and `torch.maximum`). A
  /// type that carries more than a value (`EigenReal`: where in its tensor the value is) may say
  /// what the selection keeps of it.
  static func larger(_ a: Self, _ b: Self) -> Self
  /// The smaller of `a` and `b`; NaN if either is NaN.
  static func smaller(_ a: Self, _ b: Self) -> Self
}

extension LossReal {
  /// No machine format (see the requirement): the reference and other non-machine types.
  @inlinable @inline(__always)
  public static var encodedFormat: Format? { nil }

  /// Whether a value is float32's encoding and nothing more (`encodedFormat`, in 4 bytes), which
  /// a kernel may reinterpret as a Float. A type that stores more than its value (`EigenReal`,
  /// which carries its place in the tensor) is not: a kernel that reinterprets bits takes its
  /// generic path on it. Folds away when specialized.
  @inlinable @inline(__always)
  public static var isFloat32Encoded: Bool {
    switch encodedFormat {
    case .float32?: MemoryLayout<Self>.size == MemoryLayout<Float>.size
    case .float16?, .bfloat16?, .float64?, nil: false
    }
  }

  /// Whether a value is float16's or bfloat16's encoding and nothing more (`encodedFormat`, in 2
  /// bytes) and its `Wide` float32's in 4, which a kernel may reinterpret as a Float (as
  /// `isFloat32Encoded`). Folds away when specialized.
  @inlinable @inline(__always)
  public static var isSixteenBitEncoded: Bool {
    switch encodedFormat {
    case .float16?, .bfloat16?:
      MemoryLayout<Self>.size == 2 && MemoryLayout<Wide>.size == MemoryLayout<Float>.size
    case .float32?, .float64?, nil: false
    }
  }

  /// The row's sum, left to right from +0, divided by `count`: each addition and the division
  /// round once in the format.
  @inlinable @inline(__always)
  public static func rowMean(count: Int, _ term: (Int) -> Self) -> Self {
    leftToRightSum(count: count, term) / Self(integer: count)
  }

  /// The row's sum, left to right from +0: each addition rounds once in the format.
  @inlinable @inline(__always)
  public static func rowSum(count: Int, _ term: (Int) -> Self) -> Self {
    leftToRightSum(count: count, term)
  }

  /// `exp` of each argument, added left to right from +0.
  @inlinable @inline(__always)
  public static func rowExpSum(count: Int, _ argument: (Int) -> Self) -> Self {
    leftToRightSum(count: count) { exp(argument($0)) }
  }

  /// The three defaults' sum (not `rowSum`, which a type may override): `term(0)`, ... added
  /// left to right from +0, each addition rounded once in the format.
  @inlinable @inline(__always)
  static func leftToRightSum(count: Int, _ term: (Int) -> Self) -> Self {
    var sum = zero
    for i in 0..<count { sum = sum + term(i) }
    return sum
  }

  /// The larger of `a` and `b`; NaN if either is NaN (as `tf.maximum` and `torch.maximum`).
  @inlinable @inline(__always)
  public static func larger(_ a: Self, _ b: Self) -> Self {
    // One selection, not three branches: a comparison with NaN is false.
    a < b || (b.isNaN && !a.isNaN) ? b : a
  }

  /// The smaller of `a` and `b`; NaN if either is NaN.
  @inlinable @inline(__always)
  public static func smaller(_ a: Self, _ b: Self) -> Self {
    b < a || (b.isNaN && !a.isNaN) ? b : a
  }

  /// `x` clipped to `[low, high]` the way `tf.clip_by_value` does: NaN stays NaN.
  @inlinable @inline(__always)
  public func clipped(_ low: Self, _ high: Self) -> Self {
    Self.smaller(Self.larger(self, low), high)
  }

  /// `log(1 + exp(x))` without overflow: `max(x, 0) + log1p(exp(-|x|))`.
  @inlinable @inline(__always)
  public static func softplus(_ x: Self) -> Self {
    larger(x, zero) + log(onePlus: exp(-x.magnitude))
  }

  @inlinable @inline(__always)
  public static func += (lhs: inout Self, rhs: Self) { lhs = lhs + rhs }
  @inlinable @inline(__always)
  public static func -= (lhs: inout Self, rhs: Self) { lhs = lhs - rhs }
  @inlinable @inline(__always)
  public static func *= (lhs: inout Self, rhs: Self) { lhs = lhs * rhs }
}
