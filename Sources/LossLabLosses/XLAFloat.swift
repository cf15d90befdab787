import LossLabFormats

/// XLA:CPU's float32 `exp` and `log` as JAX 0.10 runs them (`jnp.exp`, `jnp.log`, and every
/// exp/log inside a jitted loss): XLA replaces calls to `expf`/`logf` by its own inline
/// polynomial code (xla/service/cpu/llvm_ir_runtime.cc `GenerateVF32Exp`, `GenerateVF32Log`:
/// Cephes' approximations), compiled for the host CPU, where LLVM contracts every
/// multiply-add into an FMA. The same code serves vector and scalar elements, so the position
/// of an element does not matter. XLA:CPU also runs with denormals flushed (FTZ and DAZ):
/// subnormal arguments read as ±0 and subnormal results come out ±0.
///
/// Which contractions happen was established against jnp.exp/jnp.log on 160,000 arguments
/// each (all bit-equal with every multiply-add fused; 1.1% of exp's differ when the reduction
/// `x - n C1` is not fused) and 600,000 arguments over the whole float range (bit-equal once
/// denormals are flushed). Checked by Tests/FrameworkVectors/kernels/jax-exp-float32,
/// jax-log-float32 (FrameworkKernelTests). The JAX profiles take them through `XLAReal`.
public enum XLAFloat {
  /// `GenerateVF32Exp`: e^x.
  ///
  /// x clamped to [-87.8, 88.8]; `n = floor(x log2(e) + 1/2)` (fused) clamped to [-127, 127];
  /// `a = x - n C1 - n C2` (each fused; C1 = 0.693359375, C2 = -2.12194440e-4); the Cephes
  /// polynomial `1 + (a + a² P(a))` (Horner, fused); times `2^n` built from bits (0 when
  /// n = -127).
  ///
  /// **Edge cases:** +inf above about 88.72 (and at +inf: the clamp gives about 2.2 × 2^127), 0
  /// below about -87.34 (flushed), NaN for NaN, 1 at ±0. **Error bound:** about 1 ulp (XLA's
  /// exhaustive test allows it); differs from the correctly rounded e^x on about 9% of
  /// arguments.
  @inlinable
  public static func exp(_ argument: Float) -> Float {
    let input = flushedSubnormal(argument)
    var x = clamp(input, Float(bitPattern: 0xc2af_999a), Float(bitPattern: 0x42b1_999a))  // -87.8, 88.8
    var n = Float(0.5).addingProduct(x, Float(bitPattern: 0x3fb8_aa3b)).rounded(.down)
    n = clamp(n, -127, 127)
    x = x.addingProduct(-Float(bitPattern: 0x3f31_8000), n)  // - C1 n
    x = x.addingProduct(Float(bitPattern: 0x395e_8083), n)  // - C2 n, C2 < 0
    var z = Float(bitPattern: 0x3ab7_43ce).addingProduct(x, Float(bitPattern: 0x3950_6967))  // p1 + x p0
    z = Float(bitPattern: 0x3c08_8908).addingProduct(z, x)  // p2
    z = Float(bitPattern: 0x3d2a_a9c1).addingProduct(z, x)  // p3
    z = Float(bitPattern: 0x3e2a_aaaa).addingProduct(z, x)  // p4
    z = Float(bitPattern: 0x3f00_0000).addingProduct(z, x)  // p5
    z = x.addingProduct(z, x * x)
    z = 1 + z
    let ni = n.isNaN ? Int32.min : Int32(n)
    let pow2 = Float(bitPattern: UInt32(bitPattern: (ni &+ 0x7f) &<< 23))
    return flushedSubnormal(z * pow2)
  }

  /// `GenerateVF32Log`: ln x.
  ///
  /// x = m 2^e with m in [0.5, 1) by bits (arguments below the smallest normal are raised to
  /// it); m < √½ is doubled (e - 1); with `t = m - 1` Cephes' degree-8 polynomial in t (three
  /// fused Horner chains combined by t³), then `t - t²/2 + t³P(t) + e (C2 + C1)` in the
  /// order XLA emits, multiply-adds fused.
  ///
  /// **Edge cases:** -inf at ±0 and at subnormal x (flushed), NaN below zero and for NaN (all
  /// bits set), +inf at +inf. **Error bound:** about 1 ulp; differs from the correctly rounded
  /// value on about 8% of arguments.
  @inlinable
  public static func log(_ argument: Float) -> Float {
    let input = flushedSubnormal(argument)
    if input == 0 { return -.infinity }
    if input == .infinity { return .infinity }
    if !(input > 0) { return Float(bitPattern: 0xffff_ffff) }
    let tmp = Swift.max(Float(bitPattern: 0x0080_0000), input)
    let emm0 = Int32(tmp.bitPattern >> 23) - 0x7f
    var t = Float(bitPattern: (tmp.bitPattern & ~0x7f80_0000) | 0x3f00_0000)
    var e = 1 + Float(emm0)
    let below = t < Float(bitPattern: 0x3f35_04f3)
    let t1: Float = below ? t : 0
    t = t - 1
    e = e - (below ? 1 : 0)
    t = t + t1
    let x2 = t * t, x3 = x2 * t
    var y = Float(bitPattern: 0xbdeb_d1b8).addingProduct(t, Float(bitPattern: 0x3d90_21bb))  // p1 + t p0
    var y1 = Float(bitPattern: 0x3e11_e9bf).addingProduct(t, Float(bitPattern: 0xbdfe_5d4f))  // p4 + t p3
    var y2 = Float(bitPattern: 0xbe7f_fffc).addingProduct(t, Float(bitPattern: 0x3e4c_ceac))  // p7 + t p6
    y = Float(bitPattern: 0x3def_251a).addingProduct(y, t)  // p2
    y1 = Float(bitPattern: 0xbe2a_ae50).addingProduct(y1, t)  // p5
    y2 = Float(bitPattern: 0x3eaa_aaaa).addingProduct(y2, t)  // p8
    y = y1.addingProduct(y, x3)
    y = y2.addingProduct(y, x3)
    y = (Float(bitPattern: 0xb95e_8083) * e).addingProduct(y, x3)  // y x3 + q1 e
    t = t.addingProduct(-0.5, x2)
    t = t + y
    t = t.addingProduct(Float(bitPattern: 0x3f31_8000), e)  // + q2 e
    return t
  }

  /// XLA's `log1p` (xla/codegen/math/log1p.cc, formerly ElementalIrEmitter::EmitLog1p): for
  /// |x| < √2 - 1 Cephes' rational approximation `x + (-x²/2 + x³ N(x)/D(x))` (N, D of degree 6,
  /// Horner from 0, fused), else `log(x + 1)` with `XLAFloat.log`.
  ///
  /// **Edge cases:** -inf at -1, NaN below -1 and for NaN, ±0 at ±0 and at subnormal x
  /// (flushed), +inf at +inf. **Error bound:** about 1-2 ulps.
  @inlinable
  public static func log1p(_ argument: Float) -> Float {
    let x = flushedSubnormal(argument)
    guard x.magnitude < Float(bitPattern: 0x3ed4_13cd) else { return log(x + 1) }
    let x2 = x * x
    // EvaluatePolynomial: p = 0; p = p x + c for each coefficient (fused).
    @inline(__always) func step(_ p: Float, _ c: UInt32) -> Float { Float(bitPattern: c).addingProduct(p, x) }
    var den = step(0, 0x3f80_0000)
    den = step(step(step(den, 0x4171_01ad), 0x42a6_185b), 0x435d_c32d)
    den = step(step(step(den, 0x439a_8ca3), 0x4358_6d8a), 0x4270_7982)
    var num = step(0, 0x383d_e04b)
    num = step(step(step(num, 0x3eff_40c5), 0x40d2_84fa), 0x41ef_4b9c)
    num = step(step(step(num, 0x4273_cc76), 0x4264_73ad), 0x41a0_5101)
    var small = (x * x2) * (num / den)
    small = small.addingProduct(-0.5, x2)
    return flushedSubnormal(x + small)
  }

  /// `vsl.Clamp`: max(lo, min(x, hi)) keeping NaN.
  @inlinable @inline(__always)
  static func clamp(_ x: Float, _ lo: Float, _ hi: Float) -> Float {
    x.isNaN ? x : Swift.min(Swift.max(x, lo), hi)
  }
}

/// `jnp.exp` of a `T` element under XLA:CPU: `XLAFloat.exp` for Float; float16 and bfloat16 are
/// computed in float32 and rounded once (XLA:CPU upcasts 16-bit transcendental ops, checked
/// against jax-exp-float16/bfloat16). Double is not modelled (XLA emits its own F64 exp,
/// xla/codegen/math/exp.cc): the format's own `exp`.
///
/// **Edge cases** and **Error bound:** `XLAFloat.exp`, one rounding more for 16-bit `T`.
@inlinable
public func xlaExp<T: LossReal>(_ x: T) -> T {
  floatKernelApplies(T.self) ? throughFloat(x, XLAFloat.exp) : T.exp(x)
}

/// `jnp.log` of a `T` element under XLA:CPU (as `xlaExp`, with `XLAFloat.log`).
@inlinable
public func xlaLog<T: LossReal>(_ x: T) -> T {
  floatKernelApplies(T.self) ? throughFloat(x, XLAFloat.log) : T.log(x)
}

/// `jnp.log1p` of a `T` element under XLA:CPU (as `xlaExp`, with `XLAFloat.log1p`).
@inlinable
public func xlaLog1p<T: LossReal>(_ x: T) -> T {
  floatKernelApplies(T.self) ? throughFloat(x, XLAFloat.log1p) : T.log(onePlus: x)
}
