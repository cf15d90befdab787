import LossLabFormats

// Binary cross-entropy for one value: target y in [0, 1], prediction p (a probability) or x (a
// logit). Formulas from shared/numerics-card.md, which cites Keras 3
// (keras/src/backend/*/nn.py binary_crossentropy), PyTorch (aten BinaryCrossEntropy) and
// TensorFlow (tf.nn.sigmoid_cross_entropy_with_logits).

/// `-(y log p + (1 - y) log(1 - p))` as written. p = 0 or 1 gives inf, or NaN from `0 · -inf`
/// when the matching target term is zero; `1 - p` rounds to 1 for p below half an ulp of 1.
@inlinable @inline(__always)
public func binaryCrossEntropyNaive<T: LossReal>(_ y: T, _ p: T) -> T {
  -(y * T.log(p) + (T.one - y) * T.log(T.one - p))
}

/// Keras: p clipped to `[ε, 1 - ε]` (both in the format), then the naive formula. The clip caps
/// the loss at `-log ε_format`: 16.118 for ε = 1e-7 in Float, 15.94 in Float16 (where 1e-7 rounds
/// to 2^-23). In Float16 `1 - ε` rounds to 1 for ε ≤ 2^-12, so the upper clip does nothing there
/// and `log(1 - p)` can reach -inf.
@inlinable @inline(__always)
public func binaryCrossEntropyKeras<T: LossReal>(_ y: T, _ p: T, epsilon: T) -> T {
  binaryCrossEntropyNaive(y, p.clipped(epsilon, T.one - epsilon))
}

/// PyTorch `BCELoss`: each log clamped at -100, so the loss is at most 100 per term and never NaN
/// for p in [0, 1]: `(y - 1) max(log(1 - p), -100) - y max(log p, -100)`.
@inlinable @inline(__always)
public func binaryCrossEntropyTorch<T: LossReal>(_ y: T, _ p: T) -> T {
  let floor = T(integer: -100)
  return (y - T.one) * T.larger(T.log(T.one - p), floor) - y * T.larger(T.log(p), floor)
}

/// The ideal loss: `-y log p - (1 - y) log1p(-p)`, each term only where its weight is nonzero
/// (so `0 · log 0` counts as 0, the limit).
@inlinable
public func binaryCrossEntropyIdeal<T: LossReal>(_ y: T, _ p: T) -> T {
  var loss = T.zero
  if !y.isZero { loss = loss - y * T.log(p) }
  let notY = T.one - y
  if !notY.isZero { loss = loss - notY * T.log(onePlus: -p) }
  return loss
}

/// From logits through the sigmoid: `s = 1 / (1 + exp(-x))`, then the naive formula. exp(-x)
/// overflows for x < -11.09 in Float16, so s = 0 and the loss is +inf where it should be |x|.
@inlinable @inline(__always)
public func binaryCrossEntropyLogitsNaive<T: LossReal>(_ y: T, _ x: T) -> T {
  let s = T.one / (T.one + T.exp(-x))
  return binaryCrossEntropyNaive(y, s)
}

/// TensorFlow's `sigmoid_cross_entropy_with_logits`: `max(x, 0) - x y + log1p(exp(-|x|))`.
/// exp never overflows (its argument is ≤ 0); finite for every finite x. At an infinite logit
/// that expression is ∞ - ∞ (x = +∞, y = 1) or -∞ · 0 (x = -∞, y = 0), NaN where the loss is 0
/// (optax issue 896); there the loss is its limit `(1 - y) max(x, 0) + y max(-x, 0)`, a zero
/// weight contributing 0.
@inlinable @inline(__always)
public func binaryCrossEntropyLogitsStable<T: LossReal>(_ y: T, _ x: T) -> T {
  if x.isInfinite {
    let weight = x > T.zero ? T.one - y : y
    return weight.isZero ? T.zero : weight * x.magnitude
  }
  return T.larger(x, T.zero) - x * y + T.log(onePlus: T.exp(-x.magnitude))
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
