/// SLEEF's single-precision `exp`, `log` and `log1p` (the 1.0-ulp "u10" routines), as PyTorch's
/// vectorized float CPU kernels run them: `Vectorized<float>::exp()`, `log()` and `log1p()` call
/// `Sleef_expf8_u10`, `Sleef_logf8_u10` and `Sleef_log1pf8_u10`
/// (torch/include/ATen/cpu/vec/vec256/vec256_float.h:277, 419, 428 in torch 2.15's site-packages;
/// vec512/vec512_float.h:336, 477, 486 the 16-lane `Sleef_*f16_u10`, the same algorithms; this
/// CPU reports AVX512), and the 16-bit
/// `Vectorized<Half>` / `Vectorized<BFloat16>` convert to float, call the same routine and round
/// (vec256_16bit_float.h `map(Sleef_expf8_u10)`).
///
/// Ported from SLEEF 3.x src/libm/sleefsimdsp.c (`xexpf`, `xlogf_u1`, `xlog1pf`, with the
/// double-float helpers of src/libm/df.h under `ENABLE_FMA_SP`): the x86 AVX2/AVX-512 builds
/// have fused multiply-add, so every `vmla` below is one `fma` (`addingProduct`), and `vrec` is
/// a true division `1 / x`. The vector lanes are independent, so the scalar port gives each
/// lane's bits. Constants are the float32 values of SLEEF's literals (misc.h `R_LN2f`, `L2Uf`,
/// `L2Lf`), written as bit patterns so that no decimal parse can round them differently.
///
/// Checked bit for bit against the SLEEF routines inside libtorch_cpu.so itself
/// (`Sleef_expf8_u10avx2`, `Sleef_logf8_u10avx2`, `Sleef_log1pf8_u10avx2` and the `f16 ...avx512f`
/// ones, called through dlopen while porting): equal on all 2^32 float arguments, each; and
/// against torch's own outputs (Tests/FrameworkVectors/kernels: torch.log1p of float32, the
/// log_sigmoid buffer exp(-|x|), torch.exp/log/log1p of float16 and bfloat16). Every element of
/// those takes this path whatever the tensor's length and the element's position (`vml::v##op`
/// → `vec::map`, whose tail is a partial vector). Not `torch.exp`/`torch.log` of a float32
/// tensor: with MKL those call `vmsExp`/`vmsLn` (torch/include/ATen/cpu/vml.h:158, 160), which
/// LossLab does not model. SLEEF differs from glibc's `expf` on about 1% of arguments (1 ulp),
/// from `logf` on 3% and from `log1pf` on 7%.
public enum SleefFloat {
  // misc.h: R_LN2f = 1/ln 2; L2Uf + L2Lf = ln 2 split so that q * L2Uf is exact.
  @usableFromInline static let rLn2 = Float(bitPattern: 0x3fb8_aa3b)
  @usableFromInline static let l2U = Float(bitPattern: 0x3f31_7200)
  @usableFromInline static let l2L = Float(bitPattern: 0x35bf_be8e)
  // ln 2 as a double-float (0.69314718246459960938f, -1.904654323148236017e-09f).
  @usableFromInline static let ln2Hi = Float(bitPattern: 0x3f31_7218)
  @usableFromInline static let ln2Lo = Float(bitPattern: 0xb102_e308)
  /// `1.0f / 0.75f` rounded in float.
  @usableFromInline static let fourThirds = Float(bitPattern: 0x3faa_aaab)
  /// `(float)(1 << 32) * (float)(1 << 32)`: scales a subnormal argument into the normal range.
  @usableFromInline static let twoTo64 = Float(bitPattern: 0x5f80_0000)

  /// `SLEEF_FLT_MIN`, the smallest normal float.
  @usableFromInline static let floatMin = Float(bitPattern: 0x0080_0000)

  /// `Sleef_expf_u10` (`xexpf`): e^d with |error| ≤ 1 ulp.
  ///
  /// `q = rint(d / ln 2)` (cvtps2dq: nearest, ties to even), `s = d - q ln 2` in two fused
  /// steps, a degree-7 polynomial `1 + s + s² P(s)`, scaled by 2^q in two multiplications
  /// (`vldexp2`, so a subnormal result is rounded once, at the second).
  ///
  /// **Edge cases:** +inf above 100 (so e^d for d in (88.72, 100] overflows through the
  /// scaling), +0 below -104, NaN for NaN, 1 at ±0; results between 2^-149 and 2^-126 are
  /// subnormal (no flush).
  ///
  /// **Error bound:** 1 ulp (SLEEF's documented bound for the u10 routines); it differs from
  /// the correctly rounded e^d by 1 ulp on about 1% of arguments.
  @inlinable
  public static func exp(_ d: Float) -> Float {
    let q = roundToInt32(d * rLn2)
    let qf = Float(q)
    var s = d.addingProduct(qf, -l2U)
    s = s.addingProduct(qf, -l2L)
    var u = Float(bitPattern: 0x3950_2bda)  // 0.000198527617612853646278381
    u = Float(bitPattern: 0x3ab6_96c9).addingProduct(u, s)  // 0.00139304355252534151077271
    u = Float(bitPattern: 0x3c08_88a6).addingProduct(u, s)  // 0.00833336077630519866943359
    u = Float(bitPattern: 0x3d2a_aa7a).addingProduct(u, s)  // 0.0416664853692054748535156
    u = Float(bitPattern: 0x3e2a_aaab).addingProduct(u, s)  // 0.166666671633720397949219
    u = Float(0.5).addingProduct(u, s)
    u = 1 + s.addingProduct(s * s, u)
    u = ldexp2(u, q)
    if d < -104 { u = 0 }
    if 100 < d { u = .infinity }
    return u
  }

  /// `Sleef_logf_u10` (`xlogf_u1`): ln d with |error| ≤ 1 ulp.
  ///
  /// d = m 2^e with m in [0.75, 1.5); `x = (m - 1)/(m + 1)` in double-float,
  /// `ln d = e ln 2 + 2x + x³ P(x²)`, the large terms added in double-float and the pair rounded
  /// once at the end.
  ///
  /// **Edge cases:** -inf at ±0, NaN below zero and for NaN, +inf at +inf; subnormal arguments
  /// are scaled by 2^64 first (exact).
  ///
  /// **Error bound:** 1 ulp; it differs from the correctly rounded ln d on about 3% of
  /// arguments.
  @inlinable
  public static func log(_ d0: Float) -> Float {
    let tiny = d0 < floatMin
    let d = tiny ? d0 * twoTo64 : d0
    var e = ilogb2k(d * fourThirds)
    let m = ldexp3(d, 0 &- e)
    if tiny { e = e &- 64 }
    var s = doubleFloatProduct(ln2Hi, ln2Lo, Float(e))
    let x = doubleFloatQuotient(twoSum(-1, m), twoSum(1, m))
    let x2 = x.hi * x.hi
    var t = Float(bitPattern: 0x3e9a_ff5c)  // 0.3027294874
    t = Float(bitPattern: 0x3ecc_99ca).addingProduct(t, x2)  // 0.3996108174
    t = Float(bitPattern: 0x3f2a_aada).addingProduct(t, x2)  // 0.6666694880
    s = pairSum(s, (x.hi * 2, x.lo * 2))
    s = pairPlus(s, (x2 * x.hi) * t)
    var r = s.hi + s.lo
    if d == .infinity { r = .infinity }
    if d < 0 || d.isNaN { r = .nan }
    if d == 0 { r = -.infinity }
    return r
  }

  /// `Sleef_log1pf_u10` (`xlog1pf`): ln(1 + d) with |error| ≤ 1 ulp.
  ///
  /// As `log`, on `1 + d` scaled by `t = 2^-e`, with the reduced argument
  /// `m = d t + (t - 1)` fused (so the rounding of `1 + d` is recovered), and
  /// `x = m / (2 + m)` in double-float.
  ///
  /// **Edge cases:** -0 at -0, -inf at -1, NaN below -1 and for NaN, +inf at +inf; above 1e38
  /// (`LOG1PF_BOUND`, where `1 + d` and `ln d` agree) it returns `log(d)`.
  ///
  /// **Error bound:** 1 ulp; it differs from the correctly rounded ln(1 + d) on about 7% of
  /// arguments.
  @inlinable
  public static func log1p(_ d: Float) -> Float {
    var dp1 = d + 1
    let tiny = dp1 < floatMin
    if tiny { dp1 = dp1 * twoTo64 }
    var e = ilogb2k(dp1 * fourThirds)
    var t = ldexp3(1, 0 &- e)
    let m = (t - 1).addingProduct(d, t)  // vmla(d, t, t - 1), fused
    if tiny { e = e &- 64 }
    var s = doubleFloatProduct(ln2Hi, ln2Lo, Float(e))
    let x = doubleFloatQuotient((m, 0), fastTwoSum(2, m))
    let x2 = x.hi * x.hi
    t = Float(bitPattern: 0x3e9a_ff5c)  // 0.3027294874
    t = Float(bitPattern: 0x3ecc_99ca).addingProduct(t, x2)  // 0.3996108174
    t = Float(bitPattern: 0x3f2a_aada).addingProduct(t, x2)  // 0.6666694880
    s = pairSum(s, (x.hi * 2, x.lo * 2))
    s = pairPlus(s, (x2 * x.hi) * t)
    var r = s.hi + s.lo
    // Beyond LOG1PF_BOUND (1e38; misc.h) the core approximation is not used: ln d instead.
    if !(d <= 1e38) { r = log(d) }
    if -1 > d { r = .nan }
    if d == -1 { r = -.infinity }
    if d == 0 && d.sign == .minus { r = -0.0 }
    return r
  }

  // MARK: helpers (sleefsimdsp.c, df.h)

  /// `vrint_vi2_vf`: round to nearest even; out of range or NaN gives INT32_MIN (cvtps2dq).
  @inlinable @inline(__always)
  static func roundToInt32(_ x: Float) -> Int32 {
    let r = x.rounded(.toNearestOrEven)
    guard r >= -2_147_483_648, r < 2_147_483_648 else { return Int32.min }
    return Int32(r)
  }

  /// `vpow2i_vf_vi2`: 2^q built from bits (no range check).
  @inlinable @inline(__always)
  static func pow2i(_ q: Int32) -> Float {
    Float(bitPattern: UInt32(bitPattern: (q &+ 0x7f) &<< 23))
  }

  /// `vldexp2_vf_vf_vi2`: d 2^e as two multiplications by 2^(e>>1) and 2^(e - e>>1).
  @inlinable @inline(__always)
  static func ldexp2(_ d: Float, _ e: Int32) -> Float {
    d * pow2i(e &>> 1) * pow2i(e &- (e &>> 1))
  }

  /// `vldexp3_vf_vf_vi2`: adds q to the exponent field (no range check).
  @inlinable @inline(__always)
  static func ldexp3(_ d: Float, _ q: Int32) -> Float {
    Float(bitPattern: UInt32(bitPattern: Int32(bitPattern: d.bitPattern) &+ (q &<< 23)))
  }

  /// `vilogb2k_vi2_vf`: the biased exponent field minus 127 (no subnormal handling).
  @inlinable @inline(__always)
  static func ilogb2k(_ d: Float) -> Int32 {
    Int32((d.bitPattern >> 23) & 0xff) - 0x7f
  }

  /// `dfmul_vf2_vf2_vf` (FMA): (hi, lo) × y.
  @inlinable @inline(__always)
  static func doubleFloatProduct(_ hi: Float, _ lo: Float, _ y: Float) -> (hi: Float, lo: Float) {
    let rx = hi * y
    return (rx, (-rx).addingProduct(hi, y).addingProduct(lo, y))
  }

  /// `dfadd2_vf2_vf_vf`: the two-sum of x and y (no ordering needed).
  @inlinable @inline(__always)
  static func twoSum(_ x: Float, _ y: Float) -> (hi: Float, lo: Float) {
    let rx = x + y
    let v = rx - x
    return (rx, (x - (rx - v)) + (y - v))
  }

  /// `dfadd_vf2_vf_vf`: the fast two-sum of x and y (|x| ≥ |y|).
  @inlinable @inline(__always)
  static func fastTwoSum(_ x: Float, _ y: Float) -> (hi: Float, lo: Float) {
    let rx = x + y
    return (rx, (x - rx) + y)
  }

  /// `dfadd_vf2_vf2_vf2`: (x.hi + y.hi, ((x.hi - r) + y.hi + x.lo) + y.lo), |x| ≥ |y|.
  @inlinable @inline(__always)
  static func pairSum(_ x: (hi: Float, lo: Float), _ y: (hi: Float, lo: Float)) -> (
    hi: Float, lo: Float
  ) {
    let rx = x.hi + y.hi
    return (rx, (((x.hi - rx) + y.hi) + x.lo) + y.lo)
  }

  /// `dfadd_vf2_vf2_vf`: (x.hi + y, ((x.hi - r) + y) + x.lo).
  @inlinable @inline(__always)
  static func pairPlus(_ x: (hi: Float, lo: Float), _ y: Float) -> (hi: Float, lo: Float) {
    let rx = x.hi + y
    return (rx, ((x.hi - rx) + y) + x.lo)
  }

  /// `dfdiv_vf2_vf2_vf2` (FMA): n / d in double-float, with `t = 1 / d.hi` a true division.
  @inlinable @inline(__always)
  static func doubleFloatQuotient(_ n: (hi: Float, lo: Float), _ d: (hi: Float, lo: Float)) -> (
    hi: Float, lo: Float
  ) {
    let t = 1 / d.hi
    let qx = n.hi * t
    let u = (-qx).addingProduct(t, n.hi)  // vfmapn(t, n.x, q.x) = t n.x - q.x
    var qy = Float(1).addingProduct(-d.hi, t)  // vfmanp(d.x, t, 1) = 1 - d.x t
    qy = qy.addingProduct(-d.lo, t)  // vfmanp(d.y, t, ·) = · - d.y t
    qy = u.addingProduct(n.lo, t).addingProduct(qx, qy)  // fma(q.x, q.y, fma(n.y, t, u))
    return (qx, qy)
  }
}
