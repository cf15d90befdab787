import LossLabFormats

/// Binary cross-entropy from a logit x (the probability is σ(x)): TensorFlow's
/// `sigmoid_cross_entropy_with_logits`, the sigmoid followed by the naive formula, PyTorch's
/// `binary_cross_entropy_with_logits`, or JAX's log-sigmoid form (optax, Keras on JAX).
@usableFromInline
enum BinaryCrossEntropyFromLogits: LossFamily {
  @usableFromInline
  enum Variant: Int, CaseIterable, Sendable { case stable, naive, torch, `log-sigmoid` }

  @usableFromInline static let summary = "binary cross-entropy from logits"
  @usableFromInline static let shape = LossShape.elementwise(targets: .probabilities)
  @usableFromInline static let parameters: [LossParameter] = []

  @usableFromInline static func formula(_ variant: Variant) -> String {
    switch variant {
    case .stable: "max(x, 0) - x y + log1p(exp(-|x|))"
    case .naive: "s = 1 / (1 + exp(-x)); -(y log s + (1 - y) log(1 - s))"
    case .torch: "(1 - y) x - logsigmoid(x), logsigmoid(x) = min(x, 0) - log1p(exp(-|x|))"
    case .`log-sigmoid`:
      "-y log_sigmoid(x) - (1 - y) log_sigmoid(-x), log_sigmoid(x) = -(max(-x, 0) + log1p(exp(-|x|)))"
    }
  }

  @usableFromInline static func source(_ variant: Variant) -> String {
    switch variant {
    case .stable: "tensorflow/python/ops/nn_impl.py sigmoid_cross_entropy_with_logits"
    case .naive: "sigmoid then log, as keras-core issue 196 computed it"
    case .torch:
      "torch 2.15 binary_cross_entropy_with_logits: torch/_decomp/decompositions.py:5233-5251 (no weights)"
    case .`log-sigmoid`:
      "optax 0.2.8 sigmoid_binary_cross_entropy (optax/losses/_classification.py:80-83) and Keras 3.15 on JAX binary_crossentropy(from_logits=True) (keras/src/backend/jax/nn.py:1029-1031); jax 0.10 log_sigmoid = -softplus(-x), softplus = logaddexp(x, 0) (jax/_src/nn/functions.py:128-139, 282-300; jax/_src/lax/other.py:262-273)"
    }
  }

  @usableFromInline static func hasBias(_ variant: Variant) -> Bool {
    switch variant {
    case .stable, .naive, .torch, .`log-sigmoid`: false
    }
  }

  @inlinable
  static func forEachExample<T: LossReal, S: ExampleLossSink<T>>(
    _ variant: Variant, on batch: Batch<T>, parameters: LossParameters<T>, into sink: inout S
  ) -> Int {
    switch variant {
    case .stable: elementwise(batch, &sink, binaryCrossEntropyLogitsStable)
    case .naive: elementwise(batch, &sink, binaryCrossEntropyLogitsNaive)
    case .torch: elementwise(batch, &sink, binaryCrossEntropyLogitsTorch)
    case .`log-sigmoid`: elementwise(batch, &sink, binaryCrossEntropyLogitsJAX)
    }
    return batch.rows
  }

  @inlinable
  static func idealExample<T: LossReal>(
    on batch: Batch<T>, row: Int, parameters: LossParameters<T>
  ) -> T {
    averagedIdeal(batch, row, binaryCrossEntropyLogitsIdeal)
  }
}

/// From logits through the sigmoid: `s = 1 / (1 + exp(-x))`, then the naive formula.
///
/// **Edge cases:** exp(-x) overflows for x < -11.09 in Float16, so s = 0 and the loss is +inf
/// (or NaN from `0 · -inf`) where it should be |x|; s rounds to 1 for x past 8.3 in Float16, so
/// `log(1 - s)` is -inf.
@inlinable @inline(__always)
public func binaryCrossEntropyLogitsNaive<T: LossReal>(_ y: T, _ x: T) -> T {
  let s = T.one / (T.one + T.exp(-x))
  return binaryCrossEntropyNaive(y, s)
}

/// TensorFlow's `sigmoid_cross_entropy_with_logits`: `max(x, 0) - x y + log1p(exp(-|x|))`.
///
/// **Edge cases:** exp never overflows (its argument is ≤ 0); finite for every finite x. At an
/// infinite logit that expression is ∞ - ∞ (x = +∞, y = 1) or -∞ · 0 (x = -∞, y = 0), NaN where
/// the loss is 0 (optax issue 896); there the loss is its limit `(1 - y) max(x, 0) + y max(-x,
/// 0)`, a zero weight contributing 0.
///
/// **Error bound:** for y in {0, 1} the terms do not cancel: a few ulps. For a large logit with
/// y = 1 the loss is `log1p(exp(-x))`, whose tail below the format's least subnormal flushes
/// to zero.
@inlinable @inline(__always)
public func binaryCrossEntropyLogitsStable<T: LossReal>(_ y: T, _ x: T) -> T {
  if x.isInfinite {
    let weight = x > T.zero ? T.one - y : y
    return weight.isZero ? T.zero : weight * x.magnitude
  }
  return T.larger(x, T.zero) - x * y + T.log(onePlus: T.exp(-x.magnitude))
}

/// PyTorch 2.15 `binary_cross_entropy_with_logits` without weights
/// (torch/_decomp/decompositions.py:5233-5251): `(1 - y) * x - logsigmoid(x)`. The product and
/// the difference round in the format; `logsigmoid` is `torchVectorizedLogSigmoid` (SLEEF's
/// exp and log1p, computed in float and rounded once for the 16-bit formats, as aten's CPU
/// kernel does).
///
/// **Edge cases:** finite for finite x. An infinite logit gives NaN except x = +inf with y < 1
/// (+inf): with y = 1, `0 · ±inf` (PyTorch issue 49844); x = -inf with y < 1 is
/// `-inf - (-inf)`.
///
/// **Error bound:** for y = 0 and x > 0 the loss is `x - logsigmoid(x)` with logsigmoid ≤ 0: no
/// cancellation, a few ulps. For y = 1 it is `-logsigmoid(x)`, as accurate as that. For
/// x ≪ 0 and y = 0 the terms nearly cancel: `x - (x - tiny)` is 0 or an ulp of x, where the
/// loss is `log1p(exp(x))` (absolute error up to ulp(x)/2).
@inlinable @inline(__always)
public func binaryCrossEntropyLogitsTorch<T: LossReal>(_ y: T, _ x: T) -> T {
  (T.one - y) * x - torchVectorizedLogSigmoid(x)
}

/// optax 0.2.8 `sigmoid_binary_cross_entropy` and Keras 3.15's
/// `binary_crossentropy(from_logits=True)` on JAX (optax/losses/_classification.py:80-83,
/// keras/src/backend/jax/nn.py:1029-1031): `-y · log_sigmoid(x) - (1 - y) · log_sigmoid(-x)`,
/// with JAX's `log_sigmoid(x) = -softplus(-x)` and `softplus(z) = logaddexp(z, 0)`, which
/// jax/_src/lax/other.py:262-273 computes as `max(z, 0) + log1p(exp(-|z - 0|))` (or `z + 0` where
/// `z - 0` is NaN): that is `T.softplus` operation for operation. Every operation rounds in the
/// format: JAX runs element-wise operations in the array's type (XLA:CPU computes a 16-bit
/// operation in float and rounds each result back). The negations are exact, so the loss is
/// `y · softplus(-x) + (1 - y) · softplus(x)` with those roundings.
///
/// Measured on the vectors (Tests/FrameworkVectors, keras-jax and optax): this expression with
/// glibc's exp and log1p differs from JAX only where XLA's own exp and log1p differ from glibc's
/// (1 ulp in float32) and where XLA:CPU flushes a subnormal result to zero.
///
/// **Edge cases:** finite for finite x; never overflows (the exponent is ≤ 0). An infinite logit
/// with a zero weight on its infinite softplus gives `0 · inf = NaN` (x = +inf with y = 1,
/// x = -inf with y = 0), as JAX does (optax issue 896); a NaN logit gives NaN.
///
/// **Error bound:** each softplus is `max(z, 0) + log1p(exp(-|z|))`, two non-negative terms: a
/// few ulps. For y in {0, 1} one term vanishes exactly, so the loss is as accurate as one
/// softplus; for soft targets, two products and a sum of non-negative terms add a few ulps.
@inlinable @inline(__always)
public func binaryCrossEntropyLogitsJAX<T: LossReal>(_ y: T, _ x: T) -> T {
  let logP = -T.softplus(-x)
  let logNotP = -T.softplus(x)
  return (-y) * logP - (T.one - y) * logNotP
}

/// The ideal loss from a logit: `y softplus(-x) + (1 - y) softplus(x)`, terms with zero weight
/// skipped (so an infinite logit with a zero weight contributes 0, not NaN).
@inlinable
public func binaryCrossEntropyLogitsIdeal<T: LossReal>(_ y: T, _ x: T) -> T {
  var loss = T.zero
  if !y.isZero { loss = loss + y * T.softplus(-x) }
  let notY = T.one - y
  if !notY.isZero { loss = loss + notY * T.softplus(x) }
  return loss
}
