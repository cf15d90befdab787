import LossLabFormats
import LossLabReductions

// PyTorch 2.15's CPU element-wise kernels for float32 and the 16-bit formats as they run on this
// machine (torch.backends.cpu.get_cpu_capability() = AVX512, MKL enabled), built on SLEEF
// (SleefFloat.swift). Which path an element takes was established by probes against torch
// (Tests/FrameworkVectors/generate_kernels.py; FrameworkKernelTests):
// - `Vectorized<float>::exp()/log()/log1p()` inside ATen's own kernels (log_sigmoid,
//   log_softmax, the vectorized half of sigmoid) are SLEEF's u10 routines;
// - the 16-bit `Vectorized<Half/BFloat16>::exp()/log()/log1p()` convert to float, call the same
//   SLEEF routine and round (the `torch.exp`/`torch.log`/`torch.log1p` of a 16-bit tensor: every
//   element, whatever its position, since `vml::v##op` maps with partial vectors);
// - `torch.log1p` of a float32 tensor is SLEEF too (MKL's Log1p is not used,
//   torch/include/ATen/cpu/vml.h:171), but `torch.exp` and `torch.log` of a float32 tensor call
//   MKL's VML (`vmsExp`/`vmsLn` with VML_HA, vml.h:109-160), a proprietary implementation that
//   LossLab does not model (it differs from the correctly rounded value on 0.7% of exp's and
//   3.8% of log's arguments);
// - Double: SLEEF's double routines are not ported; the functions below fall back to the format's
//   own (glibc) function for Double.

/// The format's own `exp` (`LossReal.exp`: glibc's for Float), what torch's scalar lambdas call.
@inlinable @inline(__always)
func formatExp<U: LossReal>(_ x: U) -> U { U.exp(x) }

/// `Vectorized<T>::exp()` in torch's CPU kernels: SLEEF's `expf_u10` in float (rounded once
/// to a 16-bit `T`). This is also `torch.exp` of a float16 or bfloat16 tensor, but NOT of a
/// float32 tensor (MKL). Double: the format's own `exp` (not modelled).
///
/// **Edge cases** and **Error bound:** `SleefFloat.exp` (≤ 1 ulp in float; for 16-bit `T` the
/// correctly rounded value except next to a rounding midpoint).
@inlinable
public func torchVectorizedExp<T: LossReal>(_ x: T) -> T {
  floatKernelApplies(T.self) ? throughFloat(x, SleefFloat.exp) : T.exp(x)
}

/// `Vectorized<T>::log()` in torch's CPU kernels (SLEEF `logf_u10`); `torch.log` of a 16-bit
/// tensor, not of a float32 one (MKL). Double: the format's own `log`.
///
/// **Edge cases** and **Error bound:** `SleefFloat.log`.
@inlinable
public func torchVectorizedLog<T: LossReal>(_ x: T) -> T {
  floatKernelApplies(T.self) ? throughFloat(x, SleefFloat.log) : T.log(x)
}

/// `Vectorized<T>::log1p()` (SLEEF `log1pf_u10`): `torch.log1p` of float32, float16 and
/// bfloat16 tensors alike. Double: the format's own `log1p`.
///
/// **Edge cases** and **Error bound:** `SleefFloat.log1p`.
@inlinable
public func torchVectorizedLog1p<T: LossReal>(_ x: T) -> T {
  floatKernelApplies(T.self) ? throughFloat(x, SleefFloat.log1p) : T.log(onePlus: x)
}

/// torch's CPU `log_sigmoid` (`F.logsigmoid`, `log_sigmoid_forward`) as it runs:
/// `min(x, 0) - log1p(exp(-|x|))` with SLEEF's exp and log1p for every element
/// (aten/src/ATen/native/cpu/Activation.cpp `log_sigmoid_cpu_kernel`: the vector loop and its
/// partial-vector tail both use `Vectorized::exp()` and `log1p()`); float16 and bfloat16 run it
/// in float and round once. Double: the same formula with the format's own functions.
///
/// Checked bit for bit against torch 2.15 (torch-log-sigmoid-*.txt; 700,000 float32 arguments
/// while probing).
///
/// **Edge cases:** -inf at x = -inf, +0 at +inf (0 - log1p(0)), NaN for NaN; for x ≪ 0,
/// x - tiny rounds to x.
///
/// **Error bound:** a few float ulps (two SLEEF calls of ≤ 1 ulp and one subtraction), one
/// rounding more for 16-bit `T`.
@inlinable
public func torchVectorizedLogSigmoid<T: LossReal>(_ x: T) -> T {
  if floatKernelApplies(T.self) {
    return throughFloat(x) { v in
      Float.smaller(v, 0) - SleefFloat.log1p(SleefFloat.exp(-v.magnitude))
    }
  }
  return T.smaller(x, T.zero) - T.log(onePlus: T.exp(-x.magnitude))
}

/// torch's CPU `sigmoid` of element `index` of a contiguous tensor of `count` elements
/// (aten/src/ATen/native/cpu/UnaryOpsKernel.cpp `sigmoid_kernel`, through `cpu_kernel_vec`'s
/// `vectorized_loop`, aten/src/ATen/native/cpu/Loops.h): the vector lambda runs on whole blocks
/// of 2 vectors from the start, the scalar lambda on the rest. Measured on this CPU (AVX-512:
/// 16 float lanes, 32 16-bit lanes): float32 elements before `32 ⌊count / 32⌋` get
/// `1 / (SLEEF exp(0 - x) + 1)`, the rest `1 / (1 + exp(-x))` with glibc's `expf`; float16 and
/// bfloat16 compute either in float and round once (blocks of 64; the two paths agreed on all
/// probed 16-bit arguments after rounding). Double: `1 / (1 + exp(-x))`.
///
/// Tensors longer than ATen's grain size (32,768) are split across threads, each chunk with its
/// own blocks; not modelled.
///
/// **Edge cases:** 0 below about -88.7 (exp overflows, 1/inf), 1 above about 17 (float), NaN for
/// NaN. **Error bound:** about 2 float ulps (exp ≤ 1 ulp, an addition, a division).
@inlinable
public func torchSigmoid<T: LossReal>(_ x: T, index: Int, count: Int) -> T {
  if floatKernelApplies(T.self) {
    let block = T.isFloat32Encoded ? 32 : 64
    let vectorized = index < (count / block) * block
    return throughFloat(x) { v in
      vectorized && T.isFloat32Encoded
        ? 1 / (SleefFloat.exp(0 - v) + 1)
        : vectorized ? 1 / (1 + SleefFloat.exp(-v)) : 1 / (1 + formatExp(-v))
    }
  }
  return T.one / (T.one + T.exp(-x))
}

/// Entry `c` of torch's CPU `log_softmax` of a contiguous row `x` over its last dimension
/// (torch/include/ATen/native/cpu/LogSoftmaxKernelImpl.h:32-95, `serial_vec_log_softmax_lastdim_range`,
/// run here with AVX-512): `m = max x`; `s = Σ exp(x - m)` with SLEEF's exp, summed in
/// `vec::map_reduce_all`'s order (`torchVectorReduceSum` with 16 lanes for float32,
/// `torchReducedVectorReduceSum` for float16 and bfloat16); `log s` with SLEEF's log; entry
/// `(x[c] - m) - log s`. Float16 and bfloat16 compute in float but the kernel stores `s` and
/// `log s` in arrays of the input type (each rounded once to `T`) and rounds the entry once.
/// Double is not modelled (SLEEF's double routines are not ported): the format's own exp and
/// log, summed left to right.
///
/// Checked bit for bit against `torch.log_softmax` (torch-log-softmax-*.txt; 13,800 float32 and
/// 15,800 16-bit rows of 1 to 79 entries while probing).
///
/// **Edge cases:** the max is not replaced when non-finite, so a row with a +inf entry, or all
/// -inf, gives NaN; a -inf entry in a finite row gives -inf.
///
/// **Error bound:** the sum's terms are in (0, 1], s ≥ 1, so log s is within about 2 float ulps;
/// the entry `(x - m) - log s` can cancel when x = m and s ≈ 1, which is the kernel's own error.
/// In float16 and bfloat16 the stored sum's rounding (relative 2^-11, 2^-8) moves `log s` by up
/// to that much absolutely, so an entry near 0 (a confident row) can be off by many of its own
/// ulps: the kernel's, reproduced here.
@inlinable
public func torchLogSoftmax<T: LossReal>(_ x: UnsafeBufferPointer<T>, _ c: Int) -> T {
  let row = TorchLogSoftmaxRow(x)
  return row.entry(x, c)
}

/// Every entry of torch's CPU `log_softmax` of a row into `l`, each as `torchLogSoftmax`
/// computes it (the row's max and log-sum once).
@inlinable
public func torchLogSoftmaxEntries<T: LossReal>(
  _ x: UnsafeBufferPointer<T>, into l: UnsafeMutableBufferPointer<T>
) {
  let row = TorchLogSoftmaxRow(x)
  for c in x.indices { l[c] = row.entry(x, c) }
}

/// The per-row part of `torchLogSoftmax`: the row's max `m` and `log s`, in float for
/// float32 and the 16-bit formats (as the kernel stores them: `s` and `log s` rounded to the
/// 16-bit format), in `T` itself for Double and every other type (the reference, `EigenReal`).
@usableFromInline
struct TorchLogSoftmaxRow<T: LossReal> {
  @usableFromInline let max: Float
  @usableFromInline let logSum: Float
  /// In `T` itself (not SLEEF's: left to right with `T`'s own exp and log); 0 where the float
  /// pair above is used.
  @usableFromInline let wideMax: T
  @usableFromInline let wideLogSum: T

  @inlinable @inline(__always)
  init(_ x: UnsafeBufferPointer<T>) {
    if T.isFloat32Encoded {
      (max, logSum) = x.withMemoryRebound(to: Float.self) { row in
        var m = -Float.infinity
        for v in row { m = Float.larger(m, v) }
        let s = torchVectorReduceSum(count: row.count, lanes: 16) { SleefFloat.exp(row[$0] - m) }
        return (m, SleefFloat.log(s))
      }
      (wideMax, wideLogSum) = (.zero, .zero)
    } else if T.isSixteenBitEncoded {
      @inline(__always) func f(_ i: Int) -> Float { floatValue(x[i]) }
      // The kernel keeps the row's sum and its log in the input type.
      @inline(__always) func stored(_ v: Float) -> Float { floatValue(fromFloat(v, as: T.self)) }
      var m = -Float.infinity
      for i in x.indices { m = Float.larger(m, f(i)) }
      let s = stored(torchReducedVectorReduceSum(count: x.count) { SleefFloat.exp(f($0) - m) })
      (max, logSum) = (m, stored(SleefFloat.log(s)))
      (wideMax, wideLogSum) = (.zero, .zero)
    } else {
      var m = -T.infinity
      for v in x { m = T.larger(m, v) }
      var s = T.zero
      for v in x { s = s + T.exp(v - m) }
      (max, logSum) = (0, 0)
      (wideMax, wideLogSum) = (m, T.log(s))
    }
  }

  /// Entry `c`: `(x[c] - m) - log s`, rounded once to `T` for the 16-bit formats.
  @inlinable @inline(__always)
  func entry(_ x: UnsafeBufferPointer<T>, _ c: Int) -> T {
    if floatKernelApplies(T.self) { return fromFloat((floatValue(x[c]) - max) - logSum) }
    return (x[c] - wideMax) - wideLogSum
  }
}
