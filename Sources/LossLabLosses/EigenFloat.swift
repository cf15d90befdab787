/// Eigen's vectorized float `exp`, `log` and `log1p` (one lane of a packet), as TensorFlow 2.21's
/// CPU kernels run them: TensorFlow's pip build targets AVX without FMA, so Eigen's `Packet8f`
/// (8 lanes) is used and every `pmadd(a, b, c)` is a product and a sum, each rounded (found by
/// compiling TF's own Eigen headers, tensorflow/include/Eigen, with `-mavx` and with
/// `-mavx2 -mfma` and comparing with `tf.exp`/`tf.math.log`: only `-mavx` agrees, on all
/// 160,000 arguments).
///
/// Ported from tensorflow/include/Eigen/src/Core/arch/Default/GenericPacketMathFunctions.h
/// (`pexp_float`:645-693, `plog_impl_float`:435-486, `generic_log1p`:606-615, `pfrexp_generic`:184,
/// `pldexp_generic`:218, `pldexp_fast`:277). Constants are the float values of Eigen's
/// literals, written as bit patterns.
///
/// Which elements take this path: an element-wise op (`tf.exp`, `tf.math.log`, `tf.math.log1p`)
/// over a tensor of n elements evaluates whole packets from the start and the last `n % 8`
/// elements with the scalar functor, which is glibc's `expf`/`logf`/`log1pf`
/// (`scalar_exp_op::operator()` → `numext::exp` → `std::exp`); see `tfElementwise`. The 16-bit
/// types convert each packet to float, apply these and round (`F16_PACKET_FUNCTION`,
/// `BF16_PACKET_FUNCTION`, AVX/MathFunctions.h).
///
/// TensorFlow runs its CPU kernels with denormals flushed (`tsl::port::ScopedFlushDenormal`,
/// tensorflow/include/tensorflow/tsl/platform/denormal.h:69, which sets the MXCSR's FTZ and DAZ
/// bits): subnormal arguments read as ±0 and subnormal results come out ±0. The three functions
/// here include that (`flushedSubnormal` on the argument and on the result), which is what TF returns:
/// exp(-100) = 0, log(1e-40) = -inf, log1p(1e-40) = 0 (checked, tf-*-float32).
public enum EigenFloat {

  /// `pmadd` without FMA: `a * b + c`, two roundings.
  @inlinable @inline(__always)
  static func madd(_ a: Float, _ b: Float, _ c: Float) -> Float { a * b + c }

  /// `pexp_float` for one lane: e^x.
  ///
  /// `m = floor(x log2(e) + 1/2)` (x clamped above at 88.723), `r = x - m ln 2` in two steps
  /// (Cephes' C1 = -0.693359375, C2 = 2.12194440e-4), a degree-6 polynomial split in even and
  /// odd parts, then `2^m` by `pldexp_fast` (one multiplication) when |x| ≤ 87, else by
  /// `pldexp_generic` (four multiplications, so a subnormal result may round twice) with
  /// 0 below -104. The result is `max(value, x)`.
  ///
  /// In a packet the slower scaling is used for all 8 lanes as soon as one lane has
  /// |x| > 87; both scalings agree exactly on every lane whose result is a normal number, so
  /// the per-lane function here is exact for every lane.
  ///
  /// **Edge cases:** +inf above about 88.72 (also +inf at +inf), +0 below about -87.34 (a
  /// subnormal result is flushed) and at -inf, NaN for NaN, 1 at ±0 and at subnormal x. **Error bound:** about 2 ulps (Eigen's tests allow 2; without FMA it
  /// differs from the correctly rounded e^x on about 27% of arguments).
  @inlinable
  public static func exp(_ argument: Float) -> Float { flushedSubnormal(expLane(flushedSubnormal(argument))) }

  @inlinable @inline(__always)
  static func expLane(_ x0: Float) -> Float {
    let x = packetMin(x0, Float(bitPattern: 0x42b1_722d))  // pmin(_x, 88.723)
    let m = madd(x, Float(bitPattern: 0x3fb8_aa3b), 0.5).rounded(.down)
    var r = madd(m, Float(bitPattern: 0xbf31_8000), x)  // C1 = -0.693359375
    r = madd(m, Float(bitPattern: 0x395e_8083), r)  // C2 = 2.12194440e-4
    let r2 = r * r
    var pEven = madd(r2, Float(bitPattern: 0x3ab4_2872), Float(bitPattern: 0x3d2a_adcc))  // p6, p4
    let pOdd = madd(r2, Float(bitPattern: 0x3c09_1de6), Float(bitPattern: 0x3e2a_aa47))  // p5, p3
    pEven = madd(r2, pEven, Float(bitPattern: 0x3eff_fffc))  // p2
    let pLow = r + 1
    var y = madd(r, pOdd, pEven)
    y = madd(r2, y, pLow)
    let value: Float
    if 87 < x.magnitude {
      value = x0 < -104 ? 0 : ldexpGeneric(y, m)
    } else {
      value = ldexpFast(y, m)
    }
    return packetMax(value, x0)
  }

  /// `plog_float` (`plog_impl_float<Packet, false>`) for one lane: ln x.
  ///
  /// `x = m 2^e` with m in [0.5, 1) (`pfrexp_generic`, subnormals scaled by 2^24 first);
  /// m < √½ is doubled (e - 1); with `t = m - 1` the rational
  /// `t (0.18256 t² + t + 1) / (0.04962 t³ + 0.59923 t² + 1.5 t + 1)` (Horner, every step
  /// rounded) approximates ln(1 + t); the result is `e ln 2 + ln(1 + t)`.
  ///
  /// **Edge cases:** -inf at ±0 and at subnormal x (flushed), NaN below zero and for NaN (all
  /// bits set: a negative quiet NaN), +inf at +inf. **Error bound:** about 2 ulps; differs from the correctly rounded value on
  /// about 9% of arguments.
  @inlinable
  public static func log(_ argument: Float) -> Float { flushedSubnormal(logLane(flushedSubnormal(argument))) }

  @inlinable @inline(__always)
  static func logLane(_ x0: Float) -> Float {
    var (x, e) = frexp(x0)
    let belowSqrtHalf = x < Float(bitPattern: 0x3f35_04f3)
    let tmp = belowSqrtHalf ? x : 0
    x = x - 1
    e = e - (belowSqrtHalf ? 1 : 0)
    x = x + tmp
    var p = madd(Float(bitPattern: 0x3e3a_f1c9), x, 1)  // alpha0, alpha1
    p = madd(p, x, 1)  // alpha2
    p = x * p
    var q = madd(Float(bitPattern: 0x3d4b_3a68), x, Float(bitPattern: 0x3f19_674d))  // beta0, beta1
    q = madd(q, x, 1.5)  // beta2
    q = madd(q, x, 1)  // beta3
    x = p / q
    x = madd(e, Float(bitPattern: 0x3f31_7218), x)  // e ln 2 + x
    if x0 == 0 { return -.infinity }
    if x0 < 0 || x0.isNaN { return Float(bitPattern: 0xffff_ffff) }
    if x0 == .infinity { return .infinity }
    return x
  }

  /// `generic_log1p` for one lane: `xp1 = x + 1`; x itself when `xp1 == 1` or when
  /// `log(xp1) == xp1` (+inf); else `x (log(xp1) / (xp1 - 1))` (Kahan's trick) with
  /// `log` = `EigenFloat.log`.
  ///
  /// **Edge cases:** -inf at -1, NaN below -1, x for |x| < 2^-24 (±0 for subnormal x), +inf at
  /// +inf.
  /// **Error bound:** about 3 ulps.
  @inlinable
  public static func log1p(_ argument: Float) -> Float {
    let x = flushedSubnormal(argument)
    let xp1 = x + 1
    let log1 = logLane(xp1)
    if xp1 == 1 || xp1 == log1 { return x }
    return flushedSubnormal(x * (log1 / (xp1 - 1)))
  }

  /// `pfrexp_generic` for one lane: (m, e) with x = m 2^e, |m| in [0.5, 1); zero, inf and NaN
  /// give (x, 0). `e` is a float, as Eigen keeps it.
  @inlinable @inline(__always)
  static func frexp(_ a: Float) -> (Float, Float) {
    let denormal = a.magnitude < Float(bitPattern: 0x0080_0000)
    let normalized = denormal ? a * 16_777_216 : a
    let offset: Float = denormal ? -126 - 24 : -126
    let biased = Float((normalized.magnitude.bitPattern >> 23))
    if a == 0 || biased == 255 { return (a, 0) }
    let m = Float(bitPattern: (normalized.bitPattern & ~0x7f80_0000) | 0x3f00_0000)
    return (m, biased + offset)
  }

  /// `pldexp_fast`: a 2^e with the biased exponent clamped to [0, 255] (one multiplication).
  @inlinable @inline(__always)
  static func ldexpFast(_ a: Float, _ e: Float) -> Float {
    let biased = truncate(packetMin(packetMax(e + 127, 0), 255))
    return a * Float(bitPattern: UInt32(bitPattern: biased &<< 23))
  }

  /// `pmax(a, b)` on AVX (`_mm256_max_ps(b, a)`): a when either is NaN... precisely
  /// `b > a ? b : a`.
  @inlinable @inline(__always)
  static func packetMax(_ a: Float, _ b: Float) -> Float { b > a ? b : a }

  /// `pmin(a, b)` on AVX (`_mm256_min_ps(b, a)`): `b < a ? b : a`.
  @inlinable @inline(__always)
  static func packetMin(_ a: Float, _ b: Float) -> Float { b < a ? b : a }

  /// `pcast<Packet8f, Packet8i>` (cvttps2dq): truncation toward zero; NaN and out-of-range
  /// values give INT32_MIN.
  @inlinable @inline(__always)
  static func truncate(_ x: Float) -> Int32 {
    guard x > -2_147_483_904, x < 2_147_483_648 else { return Int32.min }
    return Int32(x.rounded(.towardZero))
  }

  /// `pldexp_generic`: a 2^e as ((a 2^b) 2^b) 2^b 2^(e - 3b), b = ⌊e/4⌋, e clamped to ±278.
  @inlinable @inline(__always)
  static func ldexpGeneric(_ a: Float, _ exponent: Float) -> Float {
    let e = truncate(packetMin(packetMax(exponent, -278), 278))
    var b = e &>> 2
    var c = Float(bitPattern: UInt32(bitPattern: (b &+ 127) &<< 23))
    var out = a * c * c * c
    b = e &- 3 &* b
    c = Float(bitPattern: UInt32(bitPattern: (b &+ 127) &<< 23))
    out = out * c
    return out
  }
}
