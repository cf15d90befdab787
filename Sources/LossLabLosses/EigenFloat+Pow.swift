/// Eigen's vectorized float `pow` (one lane of a packet), as TensorFlow 2.21's CPU `tf.pow` runs
/// it on whole packets of 8 floats (AVX without FMA, every operation rounded; see `EigenFloat`).
/// Keras' binary focal loss takes `ops.power(1 - p_t, gamma)`, which is `tf.pow` on TensorFlow
/// (keras/src/backend/tensorflow/numpy.py `power`; tensorflow/core/kernels/cwise_ops.h `pow`,
/// Eigen's `scalar_pow_op`, whose packet operation is `generic_pow`).
///
/// Ported from tensorflow/include/Eigen/src/Core/arch/Default/GenericPacketMathFunctions.h
/// (`generic_pow`, `generic_pow_impl`, `accurate_log2<float>`, `twoprod` without FMA: Dekker's
/// product with Veltkamp's split, `fast_twosum`), with `pexp_float` (`EigenFloat.expLane`),
/// `pfrexp_generic`, `pldexp_fast` and `pldexp_generic`. TensorFlow's kernels run with the
/// MXCSR's flush-to-zero and denormals-are-zero bits set, which here is every operation's
/// result flushed (`flushedSubnormal`): on the intermediate double-word terms the flush changes
/// results (without it 3.2% of pairs over the whole float range differ from `tf.pow`).
///
/// Checked bit for bit against `tf.pow` (Tests/FrameworkVectors/kernels/tf-pow-float32.txt:
/// 14,152 pairs in whole packets, Keras' exponents, wide ranges, negative bases with integer
/// exponents and every pair of special values; tf-pow-rows-float32.txt: tensors of 1 to 40
/// elements with a scalar exponent). A research port of the same code matched `tf.pow` on
/// 33,554,408 random pairs.
extension EigenFloat {
  /// `x^y` as one lane of Eigen's packet `generic_pow`: `x = m 2^e`, `log2 m` as a double word
  /// (`accurateLog2`), `y (e + log2 m)` as a double word split into an integer `n` and a
  /// remainder `r` in [-1/2, 1/2], and `2^r e^(lo)` by `pexp_float`, scaled by `2^n`.
  ///
  /// Eigen picks the scaling for a whole packet (`pldexp_generic` when one lane has
  /// |n| > 126); the two scalings differ only on subnormal results, which the flush makes ±0,
  /// so deciding per lane gives the packet's value.
  ///
  /// **Edge cases** (Eigen's selects, in order; as C's `pow` except where noted): NaN for a
  /// negative `x` and non-integer `y`; `pow(±0, y)` is +inf for `y < 0` and +0 otherwise, with
  /// the sign of `x` for odd integer `y`; `|y|` from 128 ln 2 / 2^-23 (about 7.4e8) up gives +inf,
  /// +0 or (x = -1) 1;
  /// infinite `x` gives ±inf or +0; NaN for NaN; `pow(x, 1) = x` (a subnormal x too);
  /// `pow(1, y) = pow(x, 0) = 1`. Otherwise subnormal arguments read as ±0 and subnormal results
  /// come out ±0.
  ///
  /// **Error bound:** Eigen's tests allow 1 ulp for `pow`; it differs from glibc's `powf` on
  /// about 24% of x in (0, 1) with y = 0.5, 2 or 5.
  @inlinable
  public static func pow(_ base: Float, _ exponent: Float) -> Float {
    let x = flushedSubnormal(base), y = flushedSubnormal(exponent)
    let (scaled, n) = powMagnitude(x.magnitude, y)
    var value = n.magnitude > 126 ? ldexpGeneric(scaled, n) : ldexpFast(scaled, n)
    value = flushedSubnormal(value)
    let yIsInteger = y.rounded(.down) == y && y.isFinite
    let half = flushedSubnormal(y * 0.5)
    let yIsOdd = yIsInteger && roundHalfAway(half) != half
    if x < 0 && !yIsInteger { value = .nan }
    if x == 0 { value = y < 0 ? .infinity : 0 }
    if x.sign == .minus && yIsOdd { value = -value }
    // |y| ≥ 128 ln 2 / 2^-23: the result overflows or underflows whatever x (or is 1 at -1).
    if Float(128 * Double(Float(0x1.62e42fefa39efp-1)) / 0x1p-23) <= y.magnitude {
      var limit: Float = (y < 0 && x == 0) || ((y < 0) != (x.magnitude > 1)) ? .infinity : 0
      if x == -1 { limit = 1 }
      value = limit
    }
    if x.isInfinite {
      let positive: Float = y < 0 ? 0 : .infinity
      value = x < 0 && yIsOdd ? -positive : positive
    }
    if x.isNaN || y.isNaN { value = .nan }
    // A select, not arithmetic: the base comes back as it was, a subnormal one too (DAZ
    // applies to the operands of arithmetic and comparisons only; tf.pow(1e-40, 1) = 1e-40).
    if y == 1 { return base }
    if x == 1 || y == 0 { return 1 }
    return value
  }

  /// `generic_pow_impl` for `x ≥ 0`: `(2^r e^(lo), n)` with `x^y = 2^r e^(lo) 2^n`.
  @inlinable @inline(__always)
  static func powMagnitude(_ x: Float, _ y: Float) -> (Float, Float) {
    var (m, e) = frexp(x)
    if m < Float(bitPattern: 0x3f35_04f3) {  // √½
      m = flushedSubnormal(2 * m)
      e = flushedSubnormal(e - 1)
    }
    let (rh, rl) = accurateLog2(m)
    let (f1h, f1l) = twoProduct(e, y)
    let (f2h, f2l) = twoProduct(rh, rl, y)
    let (fh, fl) = fastTwoSum(f1h, f1l, f2h, f2l)
    var n = roundHalfAway(fh)
    var r = flushedSubnormal(fh - n)
    r = flushedSubnormal(r + fl)
    let nr = roundHalfAway(r)
    r = flushedSubnormal(r - nr)
    n = flushedSubnormal(n + nr)
    r = packetMax(packetMin(r, 129), -151)
    let (ph, pl) = twoProduct(Float(bitPattern: 0x3f31_7218), r)  // ln 2
    let scaled = flushedSubnormal(flushedSubnormal(expLane(ph)) * flushedSubnormal(1 + pl))
    return (scaled, n)
  }

  /// `accurate_log2<float>`: log2 of `z` in [√½, √2) as a double word: `x = z - 1`, a degree-8
  /// polynomial `p` (Horner, every step rounded), then `((x p + C1) x + C0) x` in double-word
  /// arithmetic, with `C0 = 1/ln 2` and `C1 = -1/(2 ln 2)` each split into two floats.
  @inlinable @inline(__always)
  static func accurateLog2(_ z: Float) -> (Float, Float) {
    let c0 = 1.442695041742110273474963832995854318141937255859375
    let c1 = -7.2134751588268664068692714863573201000690460205078125e-01
    let (c0h, c1h) = (Float(c0), Float(c1))
    let (c0l, c1l) = (Float(c0 - Double(c0h)), Float(c1 - Double(c1h)))
    let x = flushedSubnormal(z - 1)
    @inline(__always) func step(_ p: Float, _ c: Float) -> Float { flushedSubnormal(flushedSubnormal(p * x) + c) }
    var p: Float = 9.7010828554630279541015625e-02
    p = step(p, -1.6896486282348632812500000e-01)
    p = step(p, 1.7200836539268493652343750e-01)
    p = step(p, -1.7892272770404815673828125e-01)
    p = step(p, 2.0505344867706298828125000e-01)
    p = step(p, -2.4046677350997924804687500e-01)
    p = step(p, 2.8857553005218505859375000e-01)
    p = step(p, -3.6067414283752441406250000e-01)
    p = step(p, 4.8089790344238281250000000e-01)
    var (ph, pl) = twoProduct(x, p)
    (ph, pl) = fastTwoSum(c1h, c1l, ph, pl)
    (ph, pl) = twoProduct(ph, pl, x)
    (ph, pl) = fastTwoSum(c0h, c0l, ph, pl)
    return twoProduct(ph, pl, x)
  }

  /// `pround` on AVX: `trunc(a + copysign(0.49999997, a))`, ties away from zero.
  @inlinable @inline(__always)
  static func roundHalfAway(_ a: Float) -> Float {
    let justBelowHalf = Float(bitPattern: 0x3eff_ffff)
    return flushedSubnormal(a + (a.sign == .minus ? -justBelowHalf : justBelowHalf)).rounded(.towardZero)
  }

  /// `fast_twosum(x, y)`: `s = x + y` and its rounding error `y - (s - x)` (exact when
  /// |x| ≥ |y|).
  @inlinable @inline(__always)
  static func fastTwoSum(_ x: Float, _ y: Float) -> (Float, Float) {
    let s = flushedSubnormal(x + y)
    return (s, flushedSubnormal(y - flushedSubnormal(s - x)))
  }

  /// `fast_twosum` of two double words `(xh, xl) + (yh, yl)`, |xh| ≥ |yh|.
  @inlinable @inline(__always)
  static func fastTwoSum(_ xh: Float, _ xl: Float, _ yh: Float, _ yl: Float) -> (Float, Float) {
    let (rh, rl) = fastTwoSum(xh, yh)
    return fastTwoSum(rh, flushedSubnormal(flushedSubnormal(yl + rl) + xl))
  }

  /// `veltkamp_splitting`: x as `hi + lo` with 12-bit halves.
  @inlinable @inline(__always)
  static func veltkampSplit(_ x: Float) -> (Float, Float) {
    let gamma = flushedSubnormal(4097 * x)
    let hi = flushedSubnormal(flushedSubnormal(x - gamma) + gamma)
    return (hi, flushedSubnormal(x - hi))
  }

  /// `twoprod(x, y)` without FMA (Dekker): `x y` and its rounding error.
  @inlinable @inline(__always)
  static func twoProduct(_ x: Float, _ y: Float) -> (Float, Float) {
    let (xh, xl) = veltkampSplit(x), (yh, yl) = veltkampSplit(y)
    let ph = flushedSubnormal(x * y)
    var pl = flushedSubnormal(flushedSubnormal(xh * yh) - ph)
    pl = flushedSubnormal(flushedSubnormal(xh * yl) + pl)
    pl = flushedSubnormal(flushedSubnormal(xl * yh) + pl)
    pl = flushedSubnormal(flushedSubnormal(xl * yl) + pl)
    return (ph, pl)
  }

  /// `twoprod` of a double word `(xh, xl)` and a float `y`, as a double word.
  @inlinable @inline(__always)
  static func twoProduct(_ xh: Float, _ xl: Float, _ y: Float) -> (Float, Float) {
    let (ch, cl1) = twoProduct(xh, y)
    let cl2 = flushedSubnormal(xl * y)
    let (th, tl1) = fastTwoSum(ch, cl2)
    return fastTwoSum(th, flushedSubnormal(tl1 + cl1))
  }
}
