import LossLabFormats

/// `torch.sum(x)` of a contiguous 1-D CPU tensor of `count` terms, `term(i)` each, in the exact
/// order and accumulator of torch 2.15's `cascade_sum` (aten/src/ATen/native/cpu/SumKernel.cpp),
/// for every format.
///
/// `sum_stub` is registered with `REGISTER_DISPATCH`, which leaves the AVX-512 slot empty, so
/// on an AVX-512 CPU (this one reports `AVX512`) the AVX2 kernel runs: `Vectorized<float>` has
/// 8 lanes, `Vectorized<double>` 4, `Vectorized<Half>` and `Vectorized<BFloat16>` 16.
/// - Float and Double (`acc_t` is the type itself): fewer terms than a vector's lanes go through
///   `scalar_inner_sum` (`row_sum` over single terms); otherwise `vectorized_inner_sum` sums
///   whole vectors with `row_sum` (see `torchCascadeRows`), then a scalar `final_acc` starts at
///   zero, adds the tail terms in order, then the vector's lanes 0, 1, ...
/// - Float16 and BFloat16 (`acc_t` float): the same with 16-term vectors, each loaded as two
///   float vectors and folded (`InnerSumCastLoadPolicy`: `first + second`, so float lane k of
///   vector v is `x[16v + k] + x[16v + 8 + k]`, rounded to float) into 8 float lanes; fewer than
///   16 terms take the scalar path in float. The output is zero-filled and
///   `CastStoreAccumulate` adds the float total to it and rounds once to the format.
///
/// Checked bit for bit against `torch.sum` (Tests/FrameworkVectors/kernels/torch-sum-*.txt):
/// float32, float16 and bfloat16, lengths 1 to 5000, two distributions. Rows longer than
/// ATen's grain size (32,768) are split across threads by `parallel_reduce`, not modelled.
///
/// **Error bound**: each term passes through at most about `count / 32 + 12` roundings in the
/// accumulator (the cascade keeps partial sums of similar size); the 16-bit formats round the
/// float total once more.
///
/// **Edge cases**: no terms give +0; the total is never -0 (the store adds it to +0). A 16-bit
/// total beyond the format's range is finite in float and becomes ±inf at the final rounding;
/// inf - inf or a NaN term gives NaN.
@inlinable
public func torchSum<T: LossReal>(count n: Int, _ term: (Int) -> T) -> T {
  if MemoryLayout<T>.size == 2 {
    let total = torchInnerSum(
      count: n, termsPerVector: 16, lanes: 8,
      vectorLane: { v, k in term(16 * v + k).widened + term(16 * v + 8 + k).widened },
      element: { term($0).widened })
    return T(narrowing: total)
  }
  let lanes = MemoryLayout<T>.size == 8 ? 4 : 8
  return torchInnerSum(
    count: n, termsPerVector: lanes, lanes: lanes,
    vectorLane: { v, k in term(lanes * v + k) }, element: term)
}

/// `torch.mean(x)` of a contiguous 1-D CPU tensor (aten/src/ATen/native/ReduceOps.cpp
/// `mean_out`, CPU branch): `sum_out(..., dtype).div_(n)`. Float and Double: `torchSum`
/// divided by n in the format. Float16 and BFloat16 are summed with `dtype = float`, which makes
/// the reduction's iterator convert the input to float first, so the float kernel runs (8-term
/// vectors, scalar path below 8 terms), then the float sum is divided by n in float and rounded
/// once to the format.
///
/// Checked bit for bit against `torch.mean` (Tests/FrameworkVectors/kernels/torch-mean-*.txt).
///
/// **Error bound** and **Edge cases**: as `torchSum`, plus one division; no terms give
/// NaN (0 / 0).
@inlinable
public func torchMean<T: LossReal>(count n: Int, _ term: (Int) -> T) -> T {
  if MemoryLayout<T>.size == 2 {
    return T(narrowing: torchSum(count: n) { term($0).widened } / T.Wide(integer: n))
  }
  return torchSum(count: n, term) / T(integer: n)
}

/// `cascade_sum`'s contiguous inner reduction of one row of `n` terms in the accumulator `A`:
/// `vectorized_inner_sum` when `n ≥ termsPerVector`, else `scalar_inner_sum`; the result added
/// to a zero output (`CastStoreAccumulate`). `vectorLane(v, k)` is lane k of the v-th whole
/// vector as the load policy gives it; `element(i)` is term i in the accumulator.
@inlinable
public func torchInnerSum<A: LossReal>(
  count n: Int, termsPerVector: Int, lanes: Int, vectorLane: (Int, Int) -> A,
  element: (Int) -> A
) -> A {
  if n < termsPerVector {
    return withUnsafeTemporaryAllocation(of: A.self, capacity: 1) { out in
      torchCascadeRows(items: n, width: 1, { i, _ in element(i) }, into: out)
      return A.zero + out[0]
    }
  }
  let vectors = n / termsPerVector
  return withUnsafeTemporaryAllocation(of: A.self, capacity: lanes) { partials in
    torchCascadeRows(items: vectors, width: lanes, vectorLane, into: partials)
    var total = A.zero
    for i in (vectors * termsPerVector)..<n { total = total + element(i) }
    for k in 0..<lanes { total = total + partials[k] }
    return A.zero + total
  }
}

/// `row_sum` (SumKernel.cpp) over `items` items of `width` lanes, `load(item, lane)` each, into
/// `out[0..<width]`: the items are read as rows of `ilp_factor` = 4 (item `4r + k` into
/// accumulator k) by `multi_row_sum`, which keeps 4 cascade levels: after every
/// `2^max(4, ⌈log2 rows⌉ / 4)` rows level 0 is added into level 1 and cleared, and so on up
/// while the row count is a multiple of the next level's step; the levels are then added into
/// level 0 in order 1, 2, 3. The `items % 4` leftover items go into accumulator 0, then
/// accumulators 1, 2, 3 are added into it.
@inlinable
public func torchCascadeRows<A: LossReal>(
  items: Int, width: Int, _ load: (Int, Int) -> A, into out: UnsafeMutableBufferPointer<A>
) {
  let ilp = 4, levels = 4
  let rows = items / ilp
  withUnsafeTemporaryAllocation(of: A.self, capacity: levels * ilp * width) { acc in
    acc.initialize(repeating: A.zero)
    @inline(__always) func slot(_ level: Int, _ k: Int, _ lane: Int) -> Int {
      (level * ilp + k) * width + lane
    }
    @inline(__always) func addRow(_ row: Int) {
      for k in 0..<ilp {
        for lane in 0..<width {
          acc[slot(0, k, lane)] = acc[slot(0, k, lane)] + load(row * ilp + k, lane)
        }
      }
    }
    let levelPower = max(4, ceilLog2(rows) / levels)
    let levelStep = 1 << levelPower, levelMask = levelStep - 1
    var row = 0
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
    for item in (rows * ilp)..<items {
      for lane in 0..<width { acc[slot(0, 0, lane)] = acc[slot(0, 0, lane)] + load(item, lane) }
    }
    for k in 1..<ilp {
      for lane in 0..<width { acc[slot(0, 0, lane)] = acc[slot(0, 0, lane)] + acc[slot(0, k, lane)] }
    }
    for lane in 0..<width { out[lane] = acc[slot(0, 0, lane)] }
  }
}
