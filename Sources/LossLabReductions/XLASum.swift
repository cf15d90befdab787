import LossLabFormats

/// `jnp.sum(x)` of a 1-D array of `count` terms under JAX 0.10's XLA:CPU, in its exact order, for
/// fewer than 4096 terms.
///
/// XLA's CPU pipeline rewrites a reduction of more than 32 elements into a tree
/// (xla/service/tree_reduction_rewriter.cc, window 32, as the optimized HLO dumped with
/// `--xla_dump_to` shows): the input is padded with the init value to a multiple of 32 (the
/// padding split `⌊P/2⌋` before and `⌈P/2⌉` after), each window of 32 is summed from the init
/// (+0) left to right over its real elements (`reduce-window`, emitted as a sequential loop that
/// skips the padding), and the same is repeated on the window sums while more than 32 remain;
/// the last (at most 32) partial sums are added from +0 left to right (`reduce`). JAX upcasts
/// float16 and bfloat16 to float32 for the sum (jax/_src/numpy/reductions.py `_upcast_f16`) and
/// rounds the float total once.
///
/// From 4096 elements on, XLA:CPU hands the reduction to YNNPACK (`__ynn_fusion` in the
/// optimized HLO), whose order is not modelled here (it is none of the simple lane orders).
///
/// Checked bit for bit against `jnp.sum` (Tests/FrameworkVectors/kernels/jax-sum-*.txt:
/// float32, float16, bfloat16, lengths 1 to 4095).
///
/// **Error bound:** each term passes through at most 31 additions per level and
/// ⌈log32 n⌉ levels (n < 4096: at most 3 levels, 93 additions), in float; the 16-bit formats
/// round once more. **Edge cases:** no terms give +0; a -0 total comes out +0; NaN and
/// inf - inf give NaN; 16-bit totals beyond the format's range become ±inf at the rounding.
@inlinable
public func xlaSum<T: LossReal>(count n: Int, _ term: (Int) -> T) -> T {
  if MemoryLayout<T>.size == 2 {
    return T(narrowing: xlaTreeSum(count: n) { term($0).widened })
  }
  return xlaTreeSum(count: n, term)
}

/// `jnp.mean(x)` of a 1-D array of fewer than 4096 terms under XLA:CPU: `xlaSum` in float32 (or
/// the format for Float and Double) times the reciprocal of n: `jnp.mean` divides by n, and
/// XLA's algebraic simplifier turns the division by the constant into a multiplication by
/// `1/n` rounded to the accumulator's format (the optimized HLO shows
/// `multiply(reduce_sum, constant)`); 16-bit results are rounded once.
///
/// Checked bit for bit against `jnp.mean` (jax-mean-*.txt).
///
/// **Error bound:** as `xlaSum` plus two roundings (1/n and the product), so up to about 1.5
/// ulps more than a true division. **Edge cases:** as `xlaSum`; no terms give NaN (0 × inf).
@inlinable
public func xlaMean<T: LossReal>(count n: Int, _ term: (Int) -> T) -> T {
  if MemoryLayout<T>.size == 2 {
    let w = xlaTreeSum(count: n) { term($0).widened }
    return T(narrowing: w * (T.Wide.one / T.Wide(integer: n)))
  }
  return xlaTreeSum(count: n, term) * (T.one / T(integer: n))
}

/// The tree of `reduce-window`s of 32 (see `xlaSum`) in the accumulator `A`.
@inlinable
public func xlaTreeSum<A: LossReal>(count n: Int, _ term: (Int) -> A) -> A {
  let window = 32
  if n <= window {
    var s = A.zero
    for i in 0..<n { s = s + term(i) }
    return s
  }
  let padding = (window - n % window) % window
  let low = padding / 2
  let windows = (n + padding) / window
  return withUnsafeTemporaryAllocation(of: A.self, capacity: windows) { partial in
    for w in 0..<windows {
      var s = A.zero
      let start = max(0, w * window - low), end = min(n, (w + 1) * window - low)
      for i in start..<end { s = s + term(i) }
      partial[w] = s
    }
    return xlaTreeSum(count: windows) { partial[$0] }
  }
}
