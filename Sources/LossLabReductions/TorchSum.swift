import LossLabFormats

/// `torch.sum(x)` of a contiguous CPU tensor of `count` terms, `term(i)` each, in PyTorch's
/// order and accumulator: the 16-bit formats accumulate in Float (`T.Wide`) and round once,
/// Float and Double accumulate in themselves.
///
/// Mirrors `cascade_sum` in aten/src/ATen/native/cpu/SumKernel.cpp (torch 2.15; the kernel the
/// vectors' machine dispatches has 8 float lanes, 256 bits, although it reports AVX512):
/// - fewer terms than a vector's lanes: `row_sum` over single terms;
/// - otherwise `vectorized_inner_sum`: the `count / lanes` whole vectors go through `row_sum`
///   with 4 vector accumulators (vector `4r + k` into accumulator k; the last `count / lanes % 4`
///   vectors into accumulator 0; inside, `multi_row_sum`'s four cascade levels flush every
///   2^max(4, ⌈log2 rows⌉ / 4) rows), the accumulators added 0 + 1 + 2 + 3; then a scalar total
///   starts at zero, takes the tail terms in order, then the lanes 0 through 7.
///
/// Checked against `torch.sum` for 3 to 5000 uniform Float terms (all bit-equal). Rows longer
/// than ATen's grain size (32,768) are split across threads by `parallel_reduce`, which this
/// does not model (nor do the frameworks agree with themselves across thread counts there).
///
/// **Error bound**: each term passes through at most about `count / 32 + 10` roundings in Float
/// or Double; for the 16-bit formats the Float total is then rounded once (see `wideSum`), and
/// is the correctly rounded sum while the Float partial sums are exact.
///
/// **Edge cases**: no terms give +0. A 16-bit sum beyond the format's range is finite in Float
/// and becomes ±inf at the final rounding (262,144 ones in Float16 give +inf); inf - inf or a
/// NaN term gives NaN.
@inlinable
public func torchSum<T: LossReal>(count: Int, _ term: (Int) -> T) -> T {
  if MemoryLayout<T>.size == 2 {
    return T(narrowing: torchCascadeTotal(count: count, lanes: 8) { term($0).widened })
  }
  return torchCascadeTotal(count: count, lanes: MemoryLayout<T>.size == 8 ? 4 : 8, term)
}

/// `torch.linalg.vector_norm(x, ord=1)` of a contiguous CPU tensor: `Σ |term(i)|` added left to
/// right from zero in PyTorch's accumulator (Float for the 16-bit formats, rounded once; the
/// format itself for Float and Double), as `norm_kernel_tensor_iterator_impl`'s `AbsNorm`
/// reduction in aten/src/ATen/native/cpu/ReduceOpsKernel.cpp (torch 2.15) runs a short row.
/// Checked against torch for 3 to 5000 uniform Float terms; longer rows are split across
/// threads as `torchSum`'s are.
///
/// **Error bound** and **Edge cases**: as `recursiveSum` of the magnitudes in the accumulator
/// (γ_(n-1) Σ|x_i|), plus one rounding to `T` for the 16-bit formats.
@inlinable
public func torchNormL1<T: LossReal>(count: Int, _ term: (Int) -> T) -> T {
  if MemoryLayout<T>.size == 2 {
    var total = T.Wide.zero
    for i in 0..<count { total = total + term(i).magnitude.widened }
    return T(narrowing: total)
  }
  var total = T.zero
  for i in 0..<count { total = total + term(i).magnitude }
  return total
}

/// `cascade_sum`'s order in the accumulator `A`, every addition rounded to `A` (see `torchSum`).
@inlinable
public func torchCascadeTotal<A: LossReal>(count n: Int, lanes: Int, _ term: (Int) -> A) -> A {
  // `row_sum` works on "rows" of `width` terms: single terms below one vector, else vectors.
  let width = n < lanes ? 1 : lanes
  let vectors = n / width
  let ilp = 4, levels = 4
  let rows = vectors / ilp
  return withUnsafeTemporaryAllocation(of: A.self, capacity: levels * ilp * width) { acc in
    acc.initialize(repeating: A.zero)
    // acc[(level * ilp + k) * width + lane]
    @inline(__always) func slot(_ level: Int, _ k: Int, _ lane: Int) -> Int {
      (level * ilp + k) * width + lane
    }
    var log2Rows = 1
    if rows > 2 { while (1 << log2Rows) < rows { log2Rows += 1 } }
    let levelPower = max(4, log2Rows / levels)
    let levelStep = 1 << levelPower, levelMask = levelStep - 1
    var row = 0
    @inline(__always) func addRow(_ r: Int) {
      for k in 0..<ilp {
        for lane in 0..<width {
          acc[slot(0, k, lane)] = acc[slot(0, k, lane)] + term((r * ilp + k) * width + lane)
        }
      }
    }
    while row + levelStep <= rows {
      for _ in 0..<levelStep {
        addRow(row)
        row += 1
      }
      for level in 1..<levels {
        for k in 0..<ilp {
          for lane in 0..<width {
            acc[slot(level, k, lane)] = acc[slot(level, k, lane)] + acc[slot(level - 1, k, lane)]
            acc[slot(level - 1, k, lane)] = A.zero
          }
        }
        if row & (levelMask << (level * levelPower)) != 0 { break }
      }
    }
    while row < rows {
      addRow(row)
      row += 1
    }
    for level in 1..<levels {
      for k in 0..<ilp {
        for lane in 0..<width {
          acc[slot(0, k, lane)] = acc[slot(0, k, lane)] + acc[slot(level, k, lane)]
        }
      }
    }
    for vector in (rows * ilp)..<vectors {
      for lane in 0..<width {
        acc[slot(0, 0, lane)] = acc[slot(0, 0, lane)] + term(vector * width + lane)
      }
    }
    for k in 1..<ilp {
      for lane in 0..<width { acc[slot(0, 0, lane)] = acc[slot(0, 0, lane)] + acc[slot(0, k, lane)] }
    }
    if width == 1 { return acc[0] }
    var total = A.zero
    for i in (vectors * width)..<n { total = total + term(i) }
    for lane in 0..<width { total = total + acc[lane] }
    return total
  }
}
