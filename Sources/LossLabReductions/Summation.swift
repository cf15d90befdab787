import LossLabFormats

/// The order and precision in which a reduction adds its terms.
///
/// Every method returns a value of the input's format; they differ in where rounding happens.
/// A priori error bounds for each are in `HighamBound.swift`.
public enum Summation: String, CaseIterable, Sendable {
  /// Left to right in the format, `(((0 + x0) + x1) + x2) + …`: the naive loop. Error up to
  /// γ_(n-1) Σ|x|, and a sum of ones stalls once 1 is below half an ulp (2048 in Float16).
  case recursive
  /// NumPy's blocked pairwise scheme (`pairwise_sum`, 8 accumulators in blocks of 128), in the
  /// format. Error grows with the depth of the addition tree instead of with n.
  case pairwise
  /// Kahan's compensated summation: the rounding error of each addition is fed into the next
  /// term. Error about 2u Σ|x| independent of n.
  case kahan
  /// Neumaier's variant of Kahan–Babuška: the errors are collected in a separate compensation
  /// and added once at the end; correct also when a term is larger than the running sum.
  case neumaier
  /// A plain loop in the wider format (`T.Wide`: Float for Float16/bfloat16, Double for Float),
  /// rounded once to the format at the end. PyTorch's CPU sum and NumPy's float16 sum also
  /// accumulate the 16-bit formats in float32, each in its own order.
  case wide
  /// PyTorch's CPU `sum` and `mean` (`cascade_sum`, aten/src/ATen/native/cpu/SumKernel.cpp):
  /// lanes of vector accumulators flushed through cascade levels (see `torchSum`), Float16 and
  /// bfloat16 in a Float accumulator rounded once, Float and Double in themselves. The torch
  /// profiles sum this way; a variant whose torch kernel reduces on its own (`nll_loss`) reduces
  /// its kernel's way under it.
  case torch
  /// TensorFlow's CPU `reduce_sum` and `reduce_mean` (Eigen's full reduction: 4 packet
  /// accumulators, a tree above 8192 terms (1600 in float16); float16 in half packets, bfloat16 in float rounded
  /// once; see `eigenSum`). The tf profile sums this way.
  case eigen
  /// JAX's `jnp.sum` and `jnp.mean` under XLA:CPU (windows of 32 in a tree, 16-bit in float32
  /// rounded once; the mean multiplies by `1/n`; see `xlaSum`), as modelled below 4096 terms.
  /// The optax profile sums this way.
  case xla
}

/// The sum of `x` computed with `method`.
///
/// Dispatches once, outside any loop, to `recursiveSum`, `pairwiseSum`, `kahanSum`,
/// `neumaierSum` or `wideSum`; see those for each method's formula, edge cases and error bound.
/// An empty buffer sums to zero with every method.
@inlinable
public func sum<T: LossReal>(_ x: UnsafeBufferPointer<T>, using method: Summation) -> T {
  switch method {
  case .recursive: recursiveSum(x)
  case .pairwise: pairwiseSum(x)
  case .kahan: kahanSum(x)
  case .neumaier: neumaierSum(x)
  case .wide: wideSum(x)
  case .torch: torchSum(count: x.count) { x[$0] }
  case .eigen: eigenSum(count: x.count) { x[$0] }
  case .xla: xlaSum(count: x.count) { x[$0] }
  }
}

/// The mean of a nonempty `x` with `method`'s sum: the sum divided by the count in `T`, except
/// where the summation's framework takes its own mean. `.wide` divides in the accumulator's
/// format and rounds once (PyTorch's mean with its float32 accumulator for half types: the
/// total may exceed `T`'s range, the mean not); `.torch` is `torchMean` (16-bit: the float
/// total divided in float), `.eigen` `eigenMean`, `.xla` `xlaMean` (the total times `1/n`).
@inlinable
public func mean<T: LossReal>(_ x: UnsafeBufferPointer<T>, using method: Summation) -> T {
  switch method {
  case .recursive, .pairwise, .kahan, .neumaier: sum(x, using: method) / T(integer: x.count)
  case .wide: T(narrowing: wideTotal(x) / T.Wide(integer: x.count))
  case .torch: torchMean(count: x.count) { x[$0] }
  case .eigen: eigenMean(count: x.count) { x[$0] }
  case .xla: xlaMean(count: x.count) { x[$0] }
  }
}

/// The sum of `x` computed with `method`; see `sum(_:using:)` on a buffer.
@inlinable
public func sum<T: LossReal>(_ x: [T], using method: Summation) -> T {
  x.withUnsafeBufferPointer { sum($0, using: method) }
}
