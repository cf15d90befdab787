import LossLabFormats

/// Binary focal loss from a probability p, target y in [0, 1] (Lin et al., "Focal Loss for Dense
/// Object Detection", 2017): `α_t (1 - p_t)^γ · ce(y, p)`, with `p_t = y p + (1 - y)(1 - p)`,
/// `α_t = α y + (1 - α)(1 - y)` and `ce` the binary cross-entropy. For y in {0, 1} this is
/// `-α_t (1 - p_t)^γ log p_t`.
@usableFromInline
enum BinaryFocalLoss: LossFamily {
  @usableFromInline
  enum Variant: Int, CaseIterable, Sendable { case keras }

  @usableFromInline static let summary =
    "binary focal loss from probabilities (alpha default 0.25, gamma default 2)"
  @usableFromInline static let shape = LossShape.elementwise(targets: .probabilities)
  @usableFromInline static let parameters = [
    LossParameter("alpha", default: "0.25", "the weight of the positive class (1 - alpha: negative)"),
    LossParameter("gamma", default: "2", "the focusing exponent on (1 - p_t)"),
    LossParameter.kerasEpsilon,
  ]
  @usableFromInline static let alpha = 0
  @usableFromInline static let gamma = 1
  @usableFromInline static let eps = 2

  @usableFromInline static func formula(_ variant: Variant) -> String {
    switch variant {
    case .keras:
      "ce = Keras bce (p clipped to [eps, 1 - eps]); p_t = y p + (1 - y)(1 - p); "
        + "(alpha y + (1 - alpha)(1 - y)) ((1 - p_t)^gamma ce)"
    }
  }

  @usableFromInline static func source(_ variant: Variant) -> String {
    switch variant {
    case .keras:
      "keras/src/losses/losses.py binary_focal_crossentropy (apply_class_balancing=True, "
        + "from_logits=False); its bce: keras/src/backend/tensorflow/nn.py binary_crossentropy"
    }
  }

  @usableFromInline static func hasBias(_ variant: Variant) -> Bool {
    switch variant {
    case .keras: true  // the clip to [eps, 1 - eps]
    }
  }

  @inlinable
  static func forEachExample<T: LossReal, S: ExampleLossSink<T>>(
    _ variant: Variant, on batch: Batch<T>, parameters: LossParameters<T>, into sink: inout S
  ) -> Int {
    let alpha = parameters[alpha], gamma = parameters[gamma], eps = parameters[eps]
    switch variant {
    case .keras:
      elementwise(batch, &sink) {
        focalLossKeras($0, $1, alpha: alpha, gamma: gamma, epsilon: eps)
      }
    }
    return batch.rows
  }

  @inlinable
  static func idealExample<T: LossReal>(
    on batch: Batch<T>, row: Int, parameters: LossParameters<T>
  ) -> T {
    let alpha = parameters[alpha], gamma = parameters[gamma]
    return averagedIdeal(batch, row) { focalLossIdeal($0, $1, alpha: alpha, gamma: gamma) }
  }
}

/// Keras 3 `binary_focal_crossentropy` with `apply_class_balancing=True`, operation by operation
/// in the format: `bce` is Keras' clipped cross-entropy (`binaryCrossEntropyKeras`);
/// `p_t = y p + (1 - y)(1 - p)` on the unclipped p; `focal = pow(1 - p_t, γ) · bce`
/// (`ops.power`: `tf.pow`, Eigen's packet `generic_pow` on whole packets of 8 floats and glibc's
/// `powf` on the tail, `tfPow` under the `keras` profile); `weight = y α + (1 - y)(1 - α)`;
/// `weight · focal`. (Keras then averages over the last axis: one element per example here.)
///
/// **Edge cases:** finite for p in [0, 1] (the clip keeps both logs finite); p = 1 with y = 1
/// gives `pow(0, γ) · bce(1 - eps) = 0` for γ > 0, and `bce` alone for γ = 0 (`pow(0, 0) = 1`).
/// `1 - p_t` cancels when p is near y: with y = 1 and p within an ulp of 1 it is 0 or one ulp
/// of 1, so the factor is 0 or `ulp^γ` where the exact loss is about `(1 - p)^γ (1 - p)`.
/// NaN propagates.
///
/// **Error bound:** for y in {0, 1}, p away from y, a few ulps (clip exact, log 1, pow 1, 3
/// products), plus the clip's bias; none useful near p = y (the cancellation above).
@inlinable @inline(__always)
public func focalLossKeras<T: LossReal>(_ y: T, _ p: T, alpha: T, gamma: T, epsilon: T) -> T {
  let bce = binaryCrossEntropyKeras(y, p, epsilon: epsilon)
  let pT = y * p + (T.one - y) * (T.one - p)
  let focal = T.pow(T.one - pT, gamma) * bce
  let weight = y * alpha + (T.one - y) * (T.one - alpha)
  return weight * focal
}

/// The ideal focal loss from a probability: `α_t (1 - p_t)^γ ce` with
/// `1 - p_t = y (1 - p) + (1 - y) p` (nonnegative terms, no cancellation) and the ideal
/// cross-entropy (`binaryCrossEntropyIdeal`: no clip); zero-weight terms skipped.
@inlinable
public func focalLossIdeal<T: LossReal>(_ y: T, _ p: T, alpha: T, gamma: T) -> T {
  let notY = T.one - y
  var oneMinusPT = T.zero
  if !y.isZero { oneMinusPT = oneMinusPT + y * (T.one - p) }
  if !notY.isZero { oneMinusPT = oneMinusPT + notY * p }
  let alphaT = alpha * y + (T.one - alpha) * notY
  return alphaT * T.pow(oneMinusPT, gamma) * binaryCrossEntropyIdeal(y, p)
}
