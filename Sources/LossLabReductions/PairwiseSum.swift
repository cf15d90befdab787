import LossLabFormats

/// `Σ x` in NumPy's blocked pairwise order, every addition rounded to `T`.
///
/// Mirrors `@TYPE@_pairwise_sum` in numpy/core/src/umath/loops_utils.h.src (numpy/numpy; the
/// same code lives in numpy/_core/ since NumPy 2), which `np.add.reduce` runs on a contiguous
/// float32 or float64 array:
/// - `n < 8`: a plain loop from zero (exactly `recursiveSum`);
/// - `n ≤ 128` (`PW_BLOCKSIZE`): eight accumulators `r[k] = x[k]`, then `r[k] += x[i + k]` for
///   `i = 8, 16, …` while `i < n - n % 8`, combined as `((r0 + r1) + (r2 + r3)) + ((r4 + r5) +
///   (r6 + r7))`, then the last `n % 8` terms added one by one;
/// - otherwise split at `n2 = n / 2` rounded down to a multiple of 8 and add the two halves'
///   sums.
///
/// NumPy sums a float16 array with this order but in a float32 accumulator (`npy_half` is
/// widened to `npy_float` per term); here every accumulator is `T`, which is what the order alone
/// does to a format.
///
/// **Error bound**: each term passes through at most `pairwiseAdditionDepth(n)` roundings, so
/// `|Ŝ - S| ≤ γ_depth Σ|x_i|` (`numpyPairwiseSumBound`). Inside a block one accumulator takes
/// n/8 terms in sequence, so the depth is larger than the ⌈log2 n⌉ of textbook pairwise
/// summation (18 against 7 for n = 128), and the textbook bound does not hold for this scheme.
///
/// **Edge cases**: empty input gives +0. Overflow of a partial sum gives ±inf; inf - inf or a NaN
/// term gives NaN. Ones in Float16 sum exactly while every partial sum stays exact, so
/// 3000 ones give 3000 where `recursiveSum` gives 2048.
@inlinable
public func pairwiseSum<T: LossReal>(_ x: UnsafeBufferPointer<T>) -> T {
  let n = x.count
  if n < 8 {
    return recursiveSum(x)
  }
  if n <= 128 {
    // Eight independent accumulators; NumPy unrolls by 8 so that the loop vectorizes without
    // changing the order of the additions.
    var r0 = x[0], r1 = x[1], r2 = x[2], r3 = x[3]
    var r4 = x[4], r5 = x[5], r6 = x[6], r7 = x[7]
    let whole = n - n % 8
    var i = 8
    while i < whole {
      r0 = r0 + x[i]
      r1 = r1 + x[i + 1]
      r2 = r2 + x[i + 2]
      r3 = r3 + x[i + 3]
      r4 = r4 + x[i + 4]
      r5 = r5 + x[i + 5]
      r6 = r6 + x[i + 6]
      r7 = r7 + x[i + 7]
      i += 8
    }
    var s = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7))
    while i < n {
      s = s + x[i]
      i += 1
    }
    return s
  }
  // Halve, but keep the first half a multiple of the unroll factor.
  var n2 = n / 2
  n2 -= n2 % 8
  let front = pairwiseSum(UnsafeBufferPointer(rebasing: x[..<n2]))
  let back = pairwiseSum(UnsafeBufferPointer(rebasing: x[n2...]))
  return front + back
}
