import LossLabFormats

/// Binary focal loss from a logit x, target y in [0, 1] (Lin et al., "Focal Loss for Dense
/// Object Detection", 2017): `α_t (1 - p_t)^γ · ce`, with `p = σ(x)`, `p_t = p y + (1 - p)(1 - y)`,
/// `α_t = α y + (1 - α)(1 - y)` and `ce` the binary cross-entropy from the logit. For y in
/// {0, 1} this is `-α_t (1 - p_t)^γ log p_t`; for a soft y the cross-entropy replaces `-log p_t`
/// (torchvision's and optax's definition, which LossLab takes as the loss).
@usableFromInline
enum BinaryFocalLossFromLogits: LossFamily {
  @usableFromInline
  enum Variant: Int, CaseIterable, Sendable { case torchvision, stable }

  @usableFromInline static let summary =
    "binary focal loss from logits (alpha default 0.25, gamma default 2)"
  @usableFromInline static let shape = LossShape.elementwise(targets: .probabilities)
  @usableFromInline static let parameters = [
    LossParameter("alpha", default: "0.25", "the weight of the positive class (1 - alpha: negative)"),
    LossParameter("gamma", default: "2", "the focusing exponent on (1 - p_t)"),
  ]
  @usableFromInline static let alpha = 0
  @usableFromInline static let gamma = 1

  @usableFromInline static func formula(_ variant: Variant) -> String {
    switch variant {
    case .torchvision:
      "p = 1 / (1 + exp(-x)); ce = (1 - y) x - log_sigmoid(x); p_t = p y + (1 - p)(1 - y); "
        + "(alpha y + (1 - alpha)(1 - y)) ce (1 - p_t)^gamma"
    case .stable:
      "(alpha y + (1 - alpha)(1 - y)) u^gamma (y softplus(-x) + (1 - y) softplus(x)), "
        + "u = y sigmoid(-x) + (1 - y) sigmoid(x)"
    }
  }

  @usableFromInline static func source(_ variant: Variant) -> String {
    switch variant {
    case .torchvision:
      "torchvision/ops/focal_loss.py sigmoid_focal_loss; aten/src/ATen/native/Loss.cpp "
        + "binary_cross_entropy_with_logits; aten/src/ATen/native/cpu/PowKernel.cpp"
    case .stable: "1 - p_t as a sum of sigmoids, the cross-entropy as a sum of softplus terms"
    }
  }

  @usableFromInline static func hasBias(_ variant: Variant) -> Bool {
    switch variant {
    case .torchvision, .stable: false
    }
  }

  @inlinable
  static func forEachExample<T: LossReal, S: ExampleLossSink<T>>(
    _ variant: Variant, on batch: Batch<T>, parameters: LossParameters<T>, into sink: inout S
  ) -> Int {
    let alpha = parameters[alpha], gamma = parameters[gamma]
    switch variant {
    case .torchvision:
      // torch.sigmoid's value depends on the element's place in the tensor (torchSigmoid).
      let count = batch.yPred.count, columns = batch.columns
      for row in 0..<batch.rows {
        let first = row * columns
        sink.add(T.rowMean(count: columns) { j in
          focalLossLogitsTorchvision(
            batch.yTrue[first + j], batch.yPred[first + j], alpha: alpha, gamma: gamma,
            index: first + j, count: count)
        })
      }
    case .stable:
      elementwise(batch, &sink) { focalLossLogitsStable($0, $1, alpha: alpha, gamma: gamma) }
    }
    return batch.rows
  }

  @inlinable
  static func idealExample<T: LossReal>(
    on batch: Batch<T>, row: Int, parameters: LossParameters<T>
  ) -> T {
    let alpha = parameters[alpha], gamma = parameters[gamma]
    return averagedIdeal(batch, row) { focalLossLogitsIdeal($0, $1, alpha: alpha, gamma: gamma) }
  }
}

/// `x ** exponent` as PyTorch's CPU kernel computes a tensor to a Python-float power: 0 gives 1
/// and 1 gives `x` (`pow_Tensor_Scalar_out` in aten/src/ATen/native/Pow.cpp); 2 is `x * x`, 3 is
/// `x * x * x`, 0.5 is `sqrt x`, -0.5 is `1 / sqrt x`, -1 is `1 / x`, -2 is `1 / (x * x)`
/// (aten/src/ATen/native/cpu/PowKernel.cpp); any other exponent is `pow(x, exponent)`. Every
/// format uses the same rule, so a figure never depends on which path a format took. (PyTorch
/// sends float16 tensors past 0 and 1 straight to `pow` in float; for the exponents 2, 0.5, -1
/// that is the same number, for 3 and -2 it may differ by an ulp.)
///
/// **Edge cases:** `0 ** 0 = 1`, `NaN ** 0 = 1` (as C's `pow`); otherwise NaN propagates.
@inlinable @inline(__always)
public func torchScalarPower<T: LossReal>(_ x: T, _ exponent: T) -> T {
  let two = T(integer: 2)
  let half = T.one / two
  if exponent.isZero { return T.one }
  if exponent == T.one { return x }
  if exponent == two { return x * x }
  if exponent == T(integer: 3) { return x * x * x }
  if exponent == half { return T.sqrt(x) }
  if exponent == -half { return T.one / T.sqrt(x) }
  if exponent == -T.one { return T.one / x }
  if exponent == -two { return T.one / (x * x) }
  return T.pow(x, exponent)
}

/// `σ(x)` without overflow: `1 / (1 + exp(-x))` for x ≥ 0, `exp(x) / (1 + exp(x))` below.
///
/// **Edge cases:** `σ(+inf) = 1`, `σ(-inf) = 0`, NaN gives NaN; for very negative x it underflows
/// with `exp(x)` (gradually), never to 0 / inf.
///
/// **Error bound:** three roundings (exp, add, divide) and no cancellation: a few ulps.
@inlinable @inline(__always)
public func stableSigmoid<T: LossReal>(_ x: T) -> T {
  if x < T.zero {
    let e = T.exp(x)
    return e / (T.one + e)
  }
  return T.one / (T.one + T.exp(-x))
}

/// `σ(x) = 1 / (1 + exp(-x))` as PyTorch's CPU `sigmoid` kernel computes it
/// (aten/src/ATen/native/cpu/UnaryOpsKernel.cpp `sigmoid_kernel`): float16 and bfloat16 are
/// converted to float, the expression runs in float and the result is rounded once; Float and
/// Double run it in themselves, each operation rounding.
///
/// Measured on torch 2.15 (CPU): `torch.sigmoid` of every float16 and bfloat16 input of the
/// focal-loss vectors (Tests/FrameworkVectors/torchvision-eager.jsonl) is this value.
///
/// **Edge cases:** `exp(-x)` overflows to inf for very negative x, which gives 0, not NaN;
/// `σ(+inf) = 1`, `σ(-inf) = 0`; NaN gives NaN. In the 16-bit formats the float intermediate
/// keeps `σ(x)` for x down to about -87 (float's exp), so it rounds to the 16-bit subnormals or
/// to 0 only at the end.
///
/// **Error bound:** three roundings in the compute format (exp, add, divide), no cancellation;
/// for the 16-bit formats, a few float ulps before the final rounding.
@inlinable @inline(__always)
public func torchScalarSigmoid<T: LossReal>(_ x: T) -> T {
  if torchComputesInFloat(T.self) { return T(narrowing: sigmoidTerms(x.widened)) }
  return sigmoidTerms(x)
}

@inlinable @inline(__always)
func sigmoidTerms<U: LossReal>(_ x: U) -> U { U.one / (U.one + U.exp(-x)) }

/// torchvision's `sigmoid_focal_loss` (torchvision/ops/focal_loss.py:41-48 in torchvision
/// 0.29.2), operation by operation as PyTorch's CPU kernels run it:
/// `p = torch.sigmoid(x)` (`torchScalarSigmoid`: in float, rounded once, for the 16-bit formats);
/// `ce = binary_cross_entropy_with_logits(x, y) = (1 - y) x - log_sigmoid(x)`
/// (`binaryCrossEntropyLogitsTorch`: aten/src/ATen/native/Loss.cpp, log_sigmoid in float for
/// the 16-bit formats, the product and the difference in the format);
/// `p_t = p y + (1 - p)(1 - y)`, each operation in the format; `loss = ce · (1 - p_t) ** γ`
/// (`torchScalarPower`, aten/src/ATen/native/cpu/PowKernel.cpp); `α_t = α y + (1 - α)(1 - y)`;
/// `α_t · loss` (torchvision skips α when α < 0; LossLab's α is ≥ 0). In the 16-bit formats
/// each element-wise product, sum and difference is computed in float and rounded once (the
/// correctly rounded result, as here); `** γ` is float's `pow` rounded once (float16) or the
/// format's own product (bfloat16, γ = 2), the same number either way.
///
/// **Edge cases:** finite for every finite x: `exp(-x)` overflows to inf for very negative x,
/// which gives p = 0, not NaN. `1 - p_t` cancels: p rounds to 1 once `σ(-x)` is below half an
/// ulp of 1 (x above about 8.3 in Float16, 6.2 in bfloat16, 17 in Float), so with y = 1 the
/// factor `(1 - p_t)^γ` and the loss are 0 where the exact loss is `α e^{-(1+γ)x}`: harmless
/// where that is below the format's least subnormal, a total loss of accuracy above it. At
/// x = ±inf, `(1 - y) x` is `0 · inf = NaN` for y = 1 (x = +inf) and the loss is NaN (pytorch
/// issue 49844 for BCE with logits); NaN in, NaN out.
///
/// **Error bound:** none useful: the relative error of `1 - p_t` grows like `u / σ(-|x|)`.
@inlinable @inline(__always)
public func focalLossLogitsTorchvision<T: LossReal>(
  _ y: T, _ x: T, alpha: T, gamma: T, index: Int, count: Int
) -> T {
  let p = torchSigmoid(x, index: index, count: count)
  let ce = binaryCrossEntropyLogitsTorch(y, x)
  let pT = p * y + (T.one - p) * (T.one - y)
  let loss = ce * torchScalarPower(T.one - pT, gamma)
  let alphaT = alpha * y + (T.one - alpha) * (T.one - y)
  return alphaT * loss
}

/// The focal loss with no cancellation: `1 - p_t = p (1 - y) + (1 - p) y` is
/// `(1 - y) σ(x) + y σ(-x)`, a sum of nonnegative terms (`stableSigmoid` for each), and the
/// cross-entropy is `y softplus(-x) + (1 - y) softplus(x)`; a term with zero weight is skipped,
/// so an infinite logit under a zero weight contributes 0, not `0 · inf`. Then
/// `α_t · pow(1 - p_t, γ) · ce` with C's `pow`.
///
/// Why `pow` of an accurate `1 - p_t` and not `exp(γ log_sigmoid(∓x))`: the error of
/// `exp(γ ℓ)` is about `γ |ℓ| u` relative, which grows with |x|; `pow(u, γ)` of a `u` accurate
/// to a few ulps errs by about γ times that, for every x. For a soft y the same expression is
/// the exact loss (torchvision's definition) and still has no cancellation.
///
/// **Edge cases:** finite for every finite x in every format; 0 (the limit) at x = +inf with
/// y = 1 and at x = -inf with y = 0, +inf at the opposite infinities; `γ = 0` gives `α_t · ce`
/// (`pow(0, 0) = 1`); NaN in, NaN out. Where `1 - p_t` is subnormal the loss, below it, is too.
///
/// **Error bound:** for y in {0, 1} and α in [0, 1] every operation is a product or a sum of
/// nonnegative numbers: about `(3γ + 8) u` relative (sigmoid 3 roundings amplified γ times by
/// pow, softplus 3, pow 1, two products), while the results stay normal.
@inlinable @inline(__always)
public func focalLossLogitsStable<T: LossReal>(_ y: T, _ x: T, alpha: T, gamma: T) -> T {
  let notY = T.one - y
  var oneMinusPT = T.zero
  var ce = T.zero
  if !y.isZero {
    oneMinusPT = oneMinusPT + y * stableSigmoid(-x)
    ce = ce + y * T.softplus(-x)
  }
  if !notY.isZero {
    oneMinusPT = oneMinusPT + notY * stableSigmoid(x)
    ce = ce + notY * T.softplus(x)
  }
  let alphaT = alpha * y + (T.one - alpha) * notY
  return alphaT * T.pow(oneMinusPT, gamma) * ce
}

/// The ideal focal loss: `α_t (1 - p_t)^γ ce` with `1 - p_t = (1 - y) σ(x) + y σ(-x)`,
/// `σ(x) = exp(-softplus(-x))` and `ce = y softplus(-x) + (1 - y) softplus(x)`, zero-weight
/// terms skipped: no cancellation anywhere, so the reference keeps its relative accuracy where
/// the loss is tiny (x = 100, y = 1: about `0.25 e^-300`).
@inlinable
public func focalLossLogitsIdeal<T: LossReal>(_ y: T, _ x: T, alpha: T, gamma: T) -> T {
  let notY = T.one - y
  var oneMinusPT = T.zero
  var ce = T.zero
  if !y.isZero {
    let softplusMinusX = T.softplus(-x)
    oneMinusPT = oneMinusPT + y * T.exp(-T.softplus(x))
    ce = ce + y * softplusMinusX
  }
  if !notY.isZero {
    let softplusX = T.softplus(x)
    oneMinusPT = oneMinusPT + notY * T.exp(-T.softplus(-x))
    ce = ce + notY * softplusX
  }
  let alphaT = alpha * y + (T.one - alpha) * notY
  return alphaT * T.pow(oneMinusPT, gamma) * ce
}
