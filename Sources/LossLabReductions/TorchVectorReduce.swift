import LossLabFormats

/// The sum of `vec::map_reduce_all` / `vec::reduce_all` with `+` over `count` float terms, in
/// the order of PyTorch's `Vectorized<float>` kernels with `lanes` lanes
/// (torch/include/ATen/cpu/vec/functional_base.h:245-266 and 28-111 in torch 2.15's
/// site-packages): fewer terms than lanes are added left to right (the slow `vec_reduce_all`
/// over the first `count` lanes); otherwise the first vector is the accumulator, each further
/// whole vector is added lane by lane, a partial last vector is added into the first
/// `count % lanes` lanes only (`Vec::set`), and the lanes are folded by halves
/// (`VecReduceAllSIMD`): with 16 lanes (AVX-512) lane i + lane i+8, then + i+4, then + i+2,
/// then + i+1; with 8 lanes (AVX2) the last three steps.
///
/// This is the sum of exp(x - max) in torch's CPU `log_softmax` and `softmax` over the last
/// dimension (aten/src/ATen/native/cpu/SoftMaxKernel.cpp via LogSoftmaxKernelImpl.h:56-63).
/// Measured on this CPU (torch reports AVX512): `log_softmax` of float32 rows runs with 16
/// lanes; rows of 1 to 69 entries, 13,800 in all, all bit-equal (Tests/FrameworkVectors/kernels,
/// torch-log-softmax-float32).
///
/// `A` is the accumulator (Float for torch's float kernels; generic so that the reference can
/// follow the same order). **Error bound:** the lane sums are recursive sums of
/// ⌈count / lanes⌉ terms and the fold adds log2(lanes) levels: at most
/// `(⌈count / lanes⌉ + log2 lanes - 1) u` relative to Σ|term|. **Edge cases:** no terms give
/// +0 (torch never calls it empty); NaN or inf - inf give NaN.
@inlinable
public func torchVectorReduceSum<A: LossReal>(count n: Int, lanes: Int, _ term: (Int) -> A) -> A {
  precondition(lanes == 8 || lanes == 16, "Vectorized<float> has 8 (AVX2) or 16 (AVX-512) lanes")
  if n == 0 { return A.zero }
  if n < lanes {
    var s = term(0)
    for i in 1..<n { s = s + term(i) }
    return s
  }
  return withUnsafeTemporaryAllocation(of: A.self, capacity: lanes) { acc in
    for k in 0..<lanes { acc[k] = term(k) }
    var d = lanes
    while d < n - n % lanes {
      for k in 0..<lanes { acc[k] = acc[k] + term(d + k) }
      d += lanes
    }
    for k in 0..<(n - d) { acc[k] = acc[k] + term(d + k) }
    return foldHalves(UnsafeMutableBufferPointer(rebasing: acc[..<lanes]))
  }
}


/// `vec::map_reduce_all` with `+` over `count` terms of a 16-bit tensor (Half or BFloat16), in
/// float, as torch/include/ATen/cpu/vec/functional_bfloat16.h `map_reduce_all` (the
/// reduced-floating overload) runs it with AVX-512: 32-term `Vectorized<BFloat16/Half>` blocks
/// converted to two 16-lane float vectors kept in two accumulators; under 32 terms, the first 16
/// converted terms plus (lane by lane) the terms from 16 on, then the 16 lanes (or all `count`
/// when `count ≤ 16`) added left to right; from 32 terms on, whole blocks added lane by lane, a
/// partial block into the first lanes of the first and, past 16, the second accumulator, the
/// two accumulators added, then folded as `torchVectorReduceSum`.
///
/// This is the sum of exp(x - max) in torch's CPU `log_softmax` of float16 and bfloat16 rows;
/// checked against torch 2.15 on rows of 1 to 79 entries (torch-log-softmax-float16/bfloat16).
///
/// **Error bound** and **Edge cases:** as `torchVectorReduceSum`.
@inlinable
public func torchReducedVectorReduceSum<A: LossReal>(count n: Int, _ term: (Int) -> A) -> A {
  let block = 32, lanes = 16
  if n == 0 { return A.zero }
  if n < block {
    if n > lanes {
      return withUnsafeTemporaryAllocation(of: A.self, capacity: lanes) { v in
        for k in 0..<lanes { v[k] = term(k) }
        for k in 0..<(n - lanes) { v[k] = v[k] + term(lanes + k) }
        var s = v[0]
        for k in 1..<lanes { s = s + v[k] }
        return s
      }
    }
    var s = term(0)
    for i in 1..<n { s = s + term(i) }
    return s
  }
  return withUnsafeTemporaryAllocation(of: A.self, capacity: 2 * lanes) { acc in
    for k in 0..<(2 * lanes) { acc[k] = term(k) }
    var d = block
    while d < n - n % block {
      for k in 0..<(2 * lanes) { acc[k] = acc[k] + term(d + k) }
      d += block
    }
    let rest = n - d
    if rest > lanes {
      for k in 0..<lanes { acc[k] = acc[k] + term(d + k) }
      for k in 0..<(rest - lanes) { acc[lanes + k] = acc[lanes + k] + term(d + lanes + k) }
    } else {
      for k in 0..<rest { acc[k] = acc[k] + term(d + k) }
    }
    for k in 0..<lanes { acc[k] = acc[k] + acc[lanes + k] }
    return foldHalves(UnsafeMutableBufferPointer(rebasing: acc[..<lanes]))
  }
}
