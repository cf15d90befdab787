import LossLabFormats

/// The reduction of torch's CPU `nll_loss` (mean or sum, no weights, no ignored targets):
/// `nll_loss_out_frame` in aten/src/ATen/native/LossNLL.cpp (torch 2.15) sums the negated
/// selected log-probabilities `-term(b)` in the input's own type `T` (`scalar_t`, no float
/// accumulator for float16 and bfloat16: each operation rounds to `T`), in a cascade of
/// `cascade_sum_num_levels` = 8 partial sums: `loss_partial_sums[0] -= data` for each example
/// b, then for each level j from 0 while `b & (level_mask << (j * level_power)) == 0`
/// (level_power = max(4, CeilLog2(batch) / 8), so 4 below 2^40 examples; b = 0 flushes every
/// level) level j is added into level j + 1 and cleared; at the end
/// `std::accumulate(partials, 0)` adds levels 0 through 7 to zero in order. `mean` then divides,
/// in `T`, by `T(batch)` (`static_cast<scalar_t>(batch_size - num_ignored)`, which rounds above
/// 2048 examples in float16 and 256 in bfloat16).
///
/// So the first example's loss waits at the top level while the others are summed, and every
/// 16 examples the running block is carried up: for a batch of 3 the sum is
/// `((0 + ((0 - d1) - d2)) + 0 ...) + (0 - d0)`, not left to right.
///
/// Checked bit for bit against `torch.nn.functional.nll_loss` (Tests/FrameworkVectors/kernels,
/// torch-nll-*.txt): float32, float16, bfloat16, 1 to 5000 examples, mean and sum.
///
/// **Error bound:** each term passes through about `16 (⌈log16 n⌉) + 8` additions in `T`; in
/// the 16-bit formats every one of them rounds to the format (relative 2^-11 or 2^-8 each).
/// **Edge cases:** no examples give +0 for sum (torch returns NaN for a mean of none; here
/// 0 / 0 = NaN); a -inf log-probability gives +inf; NaN propagates.
@inlinable
public func torchNLLReduction<T: LossReal>(count n: Int, mean: Bool, _ term: (Int) -> T) -> T {
  let levels = 8
  let levelPower = max(4, ceilLog2(n) / levels)
  let levelMask = (1 << levelPower) - 1
  return withUnsafeTemporaryAllocation(of: T.self, capacity: levels) { partial in
    partial.initialize(repeating: T.zero)
    for b in 0..<n {
      partial[0] = partial[0] - term(b)
      for j in 0..<(levels - 1) {
        if b & (levelMask << (j * levelPower)) != 0 { break }
        partial[j + 1] = partial[j + 1] + partial[j]
        partial[j] = T.zero
      }
    }
    var total = T.zero
    for j in 0..<levels { total = total + partial[j] }
    return mean ? total / T(integer: n) : total
  }
}
