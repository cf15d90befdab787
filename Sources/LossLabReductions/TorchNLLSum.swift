import LossLabFormats

/// The batch sum inside PyTorch's CPU `nll_loss` (`nll_loss_out_frame`,
/// aten/src/ATen/native/LossNLL.cpp, torch 2.15), in the input's own type `T`: no float
/// accumulator for Float16 and bfloat16 (`scalar_t loss_partial_sums[8]`, each `-=` rounding to
/// `T`), unlike `torch.sum`.
///
/// Eight cascade levels of `2^p` terms, `p = max(4, ⌈log2 n⌉ / 8)`: term `b` goes into level 0;
/// then, while `b`'s bits at level `j` are all zero, level `j` is added into level `j + 1` and
/// cleared (so term 0 climbs to the top level at once). The total adds the levels 0 to 7 to a
/// zero, in order. A mean divides it by `T(n)`, the count converted to `T` (`output_val /=
/// total_weight_val`).
///
/// **Error bound**: any order of n - 1 additions: `recursiveSumBound` in `T`.
///
/// **Edge cases**: no terms give +0. A NaN term gives NaN; a Float16 sum past 65504 is +inf.
@inlinable
public func torchNLLSum<T: LossReal>(_ losses: UnsafeBufferPointer<T>) -> T {
  let levels = 8
  let n = losses.count
  let ceilLog2 = n <= 2 ? 1 : Int.bitWidth - (n - 1).leadingZeroBitCount
  let levelPower = max(4, ceilLog2 / levels)
  let levelMask = (1 << levelPower) - 1
  return withUnsafeTemporaryAllocation(of: T.self, capacity: levels) { partial in
    partial.initialize(repeating: T.zero)
    for b in 0..<n {
      partial[0] = partial[0] + losses[b]
      for j in 0..<(levels - 1) {
        if b & (levelMask << (j * levelPower)) != 0 { break }
        partial[j + 1] = partial[j + 1] + partial[j]
        partial[j] = T.zero
      }
    }
    var total = T.zero
    for j in 0..<levels { total = total + partial[j] }
    return total
  }
}
