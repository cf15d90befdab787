import LossLabFormats
import LossLabReductions

/// Categorical cross-entropy from probabilities: a row of C targets (one-hot or soft) and a
/// row of C probabilities. Keras 3 `categorical_crossentropy` renormalizes, clips and takes
/// `-Σ y log p` (keras/src/backend/tensorflow/nn.py); on JAX the division by the row's sum is a
/// multiplication by its reciprocal (`jaxRenormalized`). Sums over classes are
/// `LossReal.rowSum` on TensorFlow (left to right in the format; `tf.reduce_sum`'s order under
/// `EigenReal`) or as `jnp.sum` adds (JAX).
@usableFromInline
enum CategoricalCrossEntropy: LossFamily {
  @usableFromInline
  enum Variant: Int, CaseIterable, Sendable { case keras, naive, `keras-jax` }

  @usableFromInline static let summary = "categorical cross-entropy, one-hot targets, probabilities"
  @usableFromInline static let shape = LossShape.rows
  @usableFromInline static let parameters = [LossParameter.kerasEpsilon]
  @usableFromInline static let eps = 0

  @usableFromInline static func formula(_ variant: Variant) -> String {
    switch variant {
    case .keras: "p / sum p, clipped to [eps, 1 - eps], then -sum y log p"
    case .naive: "-sum y log p"
    case .`keras-jax`: "p * (1 / sum p), clipped to [eps, 1 - eps], then -sum y log p"
    }
  }

  @usableFromInline static func source(_ variant: Variant) -> String {
    switch variant {
    case .keras: "keras/src/backend/tensorflow/nn.py categorical_crossentropy (from_logits=False)"
    case .naive: "the definition; torch nll_loss(log(p))"
    case .`keras-jax`:
      "Keras 3.15 on JAX categorical_crossentropy(from_logits=False): keras/src/backend/jax/nn.py:983-986; XLA's algebraic simplifier turns the division by the broadcast sum into a multiplication by its reciprocal"
    }
  }

  @usableFromInline static func hasBias(_ variant: Variant) -> Bool {
    switch variant {
    case .keras, .`keras-jax`: true
    case .naive: false
    }
  }

  @inlinable
  static func forEachExample<T: LossReal, S: ExampleLossSink<T>>(
    _ variant: Variant, on batch: Batch<T>, parameters: LossParameters<T>, into sink: inout S
  ) -> Int {
    switch variant {
    case .keras:
      let eps = parameters[eps]
      rowwise(batch, &sink) { categoricalCrossEntropyKeras($0, $1, epsilon: eps) }
    case .naive: rowwise(batch, &sink) { categoricalCrossEntropyNaive($0, $1) }
    case .`keras-jax`:
      let eps = parameters[eps]
      rowwise(batch, &sink) { categoricalCrossEntropyKerasJAX($0, $1, epsilon: eps) }
    }
    return batch.rows
  }

  @inlinable
  static func idealExample<T: LossReal>(
    on batch: Batch<T>, row: Int, parameters: LossParameters<T>
  ) -> T {
    withRow(batch.yTrue, row, batch.columns) { y in
      withRow(batch.yPred, row, batch.columns) { p in categoricalCrossEntropyIdeal(y, p) }
    }
  }
}

/// `-Σ y log p`.
///
/// **Edge cases:** a zero p under a zero target gives `0 · -inf = NaN`; a zero p under a
/// nonzero target gives +inf (the ideal too); an empty row gives -0.
@inlinable
public func categoricalCrossEntropyNaive<T: LossReal>(
  _ y: UnsafeBufferPointer<T>, _ p: UnsafeBufferPointer<T>
) -> T {
  var sum = T.zero
  for c in 0..<p.count { sum += y[c] * T.log(p[c]) }
  return -sum
}

/// Keras: `p / Σp`, clipped to `[ε, 1 - ε]`, then `-Σ y log p`.
///
/// **Edge cases:** capped at `-log ε` per unit of target mass; a row summing to 0 gives
/// 0/0 = NaN, which the clip keeps; zero probabilities under zero targets contribute
/// `0 · log ε = 0`, not NaN.
@inlinable
public func categoricalCrossEntropyKeras<T: LossReal>(
  _ y: UnsafeBufferPointer<T>, _ p: UnsafeBufferPointer<T>, epsilon: T
) -> T {
  let total = T.rowSum(count: p.count) { p[$0] }
  let high = T.one - epsilon
  return -T.rowSum(count: p.count) { c in y[c] * T.log((p[c] / total).clipped(epsilon, high)) }
}

/// Keras 3.15's `categorical_crossentropy(from_logits=False)` on JAX
/// (keras/src/backend/jax/nn.py:983-986): `output / jnp.sum(output, axis, keepdims=True)`,
/// clipped to `[ε, 1 - ε]`, then `-jnp.sum(y * log p)`. The division is by a broadcast sum, which
/// XLA's algebraic simplifier rewrites as a multiplication by the sum's reciprocal
/// (`jaxRenormalized`); the sums are `jnp.sum`'s (`jaxRowSum`: float16 and bfloat16 in float,
/// rounded once).
///
/// Measured on the vectors (Tests/FrameworkVectors, keras-jax): with the reciprocal every row
/// matches Keras on JAX given XLA's log; with a true division a row near p = 1 was 1,048,577
/// float32 ulps off (its loss, about 2^-21, is one ulp of p).
///
/// **Edge cases:** as `categoricalCrossEntropyKeras`: capped at `-log ε` per unit of target
/// mass; a row summing to 0 gives `0 · inf = NaN`, which the clip keeps.
///
/// **Error bound:** the reciprocal and the product round twice where a division rounds once:
/// each renormalized probability is within about 1 ulp, which moves `-log p` by at most
/// 2^-p absolutely (about 1 ulp of `p`), the leading error of a loss near 0.
@inlinable
public func categoricalCrossEntropyKerasJAX<T: LossReal>(
  _ y: UnsafeBufferPointer<T>, _ p: UnsafeBufferPointer<T>, epsilon: T
) -> T {
  let total = jaxRowSum(p.count) { p[$0] }
  let high = T.one - epsilon
  return -jaxRowSum(p.count) { c in
    y[c] * T.log(jaxRenormalized(p[c], total).clipped(epsilon, high))
  }
}

/// `p / total` as XLA:CPU computes `p / broadcast(total)`: its algebraic simplifier rewrites
/// the division by a broadcast as `p * broadcast(1 / total)`. Measured on JAX 0.10.2, CPU, on 3,000
/// random rows of 3 probabilities per format (`jnp.asarray(p) / jnp.sum(p, -1, keepdims=True)`):
/// float32 and float16 round the reciprocal and then the product; bfloat16 keeps the
/// reciprocal in float (XLA's bfloat16 normalization with excess precision) and rounds the
/// product once.
@inlinable @inline(__always)
func jaxRenormalized<T: LossReal>(_ p: T, _ total: T) -> T {
  switch T.encodedFormat {
  case .bfloat16?: return T(narrowing: p.widened * (T.Wide.one / total.widened))
  case .float16?, .float32?, .float64?, nil: return p * (T.one / total)
  }
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
