import LossLabFormats
import LossLabReductions

// Categorical cross-entropy for one row of C classes. Targets are one-hot (or soft) rows `y`, or
// a class index `label` for the sparse forms. Formulas from shared/numerics-card.md: Keras 3
// categorical_crossentropy (renormalize, clip, -sum y log p) and the max-shifted log-softmax of
// PyTorch's log_softmax and JAX's logsumexp. Sums over classes are plain left-to-right loops in
// the format, as the frameworks' CPU kernels do for a row.

/// `-Σ y log p`. A zero p under a zero target gives `0 · -inf = NaN`.
@inlinable
public func categoricalCrossEntropyNaive<T: LossReal>(
  _ y: UnsafeBufferPointer<T>, _ p: UnsafeBufferPointer<T>
) -> T {
  var sum = T.zero
  for c in 0..<p.count { sum += y[c] * T.log(p[c]) }
  return -sum
}

/// Keras: `p / Σp`, clipped to `[ε, 1 - ε]`, then `-Σ y log p`; capped at `-log ε` per unit of
/// target mass.
@inlinable
public func categoricalCrossEntropyKeras<T: LossReal>(
  _ y: UnsafeBufferPointer<T>, _ p: UnsafeBufferPointer<T>, epsilon: T
) -> T {
  let total = recursiveSum(p)
  let high = T.one - epsilon
  var sum = T.zero
  for c in 0..<p.count { sum += y[c] * T.log((p[c] / total).clipped(epsilon, high)) }
  return -sum
}

/// `-log p[label]`.
@inlinable
public func sparseCategoricalCrossEntropyNaive<T: LossReal>(
  _ label: Int, _ p: UnsafeBufferPointer<T>
) -> T {
  -T.log(p[label])
}

/// Keras sparse form: renormalize and clip as `categoricalCrossEntropyKeras`, then `-log p[label]`.
@inlinable
public func sparseCategoricalCrossEntropyKeras<T: LossReal>(
  _ label: Int, _ p: UnsafeBufferPointer<T>, epsilon: T
) -> T {
  -T.log((p[label] / recursiveSum(p)).clipped(epsilon, T.one - epsilon))
}

/// The ideal loss from probabilities: `-Σ y log p` over the classes with nonzero target (no
/// renormalization, no clip).
@inlinable
public func categoricalCrossEntropyIdeal<T: LossReal>(
  _ y: UnsafeBufferPointer<T>, _ p: UnsafeBufferPointer<T>
) -> T {
  var sum = T.zero
  for c in 0..<p.count where !y[c].isZero { sum += y[c] * T.log(p[c]) }
  return -sum
}

/// Softmax then log: `exp(x)` overflows Float16 for x > 11.09 (inf / inf = NaN), and a
/// probability that underflows to 0 gives `log 0 = -inf`.
@inlinable
public func categoricalCrossEntropyLogitsNaive<T: LossReal>(
  _ y: UnsafeBufferPointer<T>, _ x: UnsafeBufferPointer<T>
) -> T {
  let total = naiveExpSum(x)
  var sum = T.zero
  for c in 0..<x.count { sum += y[c] * T.log(T.exp(x[c]) / total) }
  return -sum
}

/// Log-softmax through the max-shifted logsumexp: `-Σ y (x - m - log Σ exp(x - m))`. Every
/// exponent is ≤ 0, so nothing overflows; each term of the sum is at most 1 and one term is 1.
/// A -inf logit under a zero target contributes `0 · -inf = NaN` (optax issue 896).
@inlinable
public func categoricalCrossEntropyLogitsStable<T: LossReal>(
  _ y: UnsafeBufferPointer<T>, _ x: UnsafeBufferPointer<T>
) -> T {
  let logNormalizer = shiftedLogSumExp(x)
  var sum = T.zero
  for c in 0..<x.count { sum += y[c] * (x[c] - logNormalizer) }
  return -sum
}

/// `-log(exp(x[label]) / Σ exp x)`.
@inlinable
public func sparseCategoricalCrossEntropyLogitsNaive<T: LossReal>(
  _ label: Int, _ x: UnsafeBufferPointer<T>
) -> T {
  -T.log(T.exp(x[label]) / naiveExpSum(x))
}

/// `logsumexp(x) - x[label]` with the max-shifted logsumexp.
@inlinable
public func sparseCategoricalCrossEntropyLogitsStable<T: LossReal>(
  _ label: Int, _ x: UnsafeBufferPointer<T>
) -> T {
  shiftedLogSumExp(x) - x[label]
}

/// The ideal loss from logits: `-Σ y (x - logsumexp x)` over the classes with nonzero target.
@inlinable
public func categoricalCrossEntropyLogitsIdeal<T: LossReal>(
  _ y: UnsafeBufferPointer<T>, _ x: UnsafeBufferPointer<T>
) -> T {
  var sum = T.zero
  for c in 0..<x.count where !y[c].isZero { sum += y[c] * logSumExpAbove(x, c) }
  return sum
}

/// The ideal sparse loss from logits, `logsumexp(x) - x[label]`, written for the reference as
/// `logSumExpAbove`.
@inlinable
public func sparseCategoricalCrossEntropyLogitsIdeal<T: LossReal>(
  _ label: Int, _ x: UnsafeBufferPointer<T>
) -> T {
  logSumExpAbove(x, label)
}

/// `logsumexp(x) - x[c]` without cancellation: `(m - x[c]) + log1p(Σ_{j ≠ k} exp(x_j - m))`
/// with m = x[k] the (first) largest logit. Every term is nonnegative, so a reference keeps its
/// relative accuracy where the loss is tiny: `log(1 + e^-10000)` as `log(Σ exp(x - m))` would
/// need 14,000 bits to tell from 0. (The stable formula computes `log Σ exp(x - m) + m - x[c]`.)
@inlinable
public func logSumExpAbove<T: LossReal>(_ x: UnsafeBufferPointer<T>, _ c: Int) -> T {
  var k = 0
  for j in x.indices where x[j] > x[k] || x[k].isNaN { k = j }
  let m = x[k]
  guard m.isFinite else { return shiftedLogSumExp(x) - x[c] }
  var rest = T.zero
  for j in x.indices where j != k { rest += T.exp(x[j] - m) }
  return (m - x[c]) + T.log(onePlus: rest)
}

/// `Σ exp x` in the format, left to right.
@inlinable
func naiveExpSum<T: LossReal>(_ x: UnsafeBufferPointer<T>) -> T {
  var total = T.zero
  for c in 0..<x.count { total += T.exp(x[c]) }
  return total
}
