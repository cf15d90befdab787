import LossLabFormats
import LossLabReductions

/// Categorical cross-entropy from a row of logits x with label smoothing ε over C classes: the
/// targets become `y_s = (1 - ε) y + ε / C` and the loss is `-Σ y_s log softmax(x)`
/// (torch `cross_entropy(label_smoothing=ε)`, Hugging Face transformers `LabelSmoother`).
@usableFromInline
enum CategoricalCrossEntropyLogitsSmoothed: LossFamily {
  @usableFromInline
  enum Variant: Int, CaseIterable, Sendable { case torch, transformers }

  @usableFromInline static let summary =
    "categorical cross-entropy from logits with label smoothing (default 0.1)"
  @usableFromInline static let shape = LossShape.rows
  @usableFromInline static let parameters = [
    LossParameter(
      "label_smoothing", default: "0.1", "the weight spread over the classes (torch's keyword)")
  ]
  @usableFromInline static let smoothing = 0

  @usableFromInline static func formula(_ variant: Variant) -> String {
    switch variant {
    case .torch: "-sum (y (1 - label_smoothing) + label_smoothing / C) log_softmax(x)"
    case .transformers:
      "l = -log_softmax(x); (1 - label_smoothing) sum y l + label_smoothing mean(l), mean in float"
    }
  }

  @usableFromInline static func source(_ variant: Variant) -> String {
    switch variant {
    case .torch:
      "aten/src/ATen/native/LossNLL.cpp cross_entropy_loss_prob_target (label_smoothing)"
    case .transformers: "src/transformers/trainer_pt_utils.py LabelSmoother"
    }
  }

  @usableFromInline static func hasBias(_ variant: Variant) -> Bool {
    switch variant {
    case .torch, .transformers: false
    }
  }

  @inlinable
  static func forEachExample<T: LossReal, S: ExampleLossSink<T>>(
    _ variant: Variant, on batch: Batch<T>, parameters: LossParameters<T>, into sink: inout S
  ) -> Int {
    let smoothing = parameters[smoothing]
    switch variant {
    case .torch:
      rowwise(batch, &sink) { smoothedCrossEntropyTorch($0, $1, smoothing: smoothing) }
    case .transformers:
      rowwise(batch, &sink) { smoothedCrossEntropyTransformers($0, $1, smoothing: smoothing) }
    }
    return batch.rows
  }

  @inlinable
  static func idealExample<T: LossReal>(
    on batch: Batch<T>, row: Int, parameters: LossParameters<T>
  ) -> T {
    let smoothing = parameters[smoothing]
    return withRow(batch.yTrue, row, batch.columns) { y in
      withRow(batch.yPred, row, batch.columns) { x in
        smoothedCrossEntropyIdeal(y, x, smoothing: smoothing)
      }
    }
  }
}

/// The max and the log of the shifted exponential sum of PyTorch's CPU `log_softmax` on the last
/// dimension: `m = max x`, `log Σ exp(x - m)` with the sum kept in float for 16-bit formats
/// (aten/src/ATen/native/cpu/LogSoftmaxKernelImpl.h; `WideAccumulator` here, so Double for
/// Float), rounded to the format before the log. `log_softmax(x)_c = (x_c - m) - logSum`.
@inlinable @inline(__always)
func torchLogSoftmaxShift<T: LossReal>(_ x: UnsafeBufferPointer<T>) -> (max: T, logSum: T) {
  var m = -T.infinity
  for c in x.indices { m = T.larger(m, x[c]) }
  var sum = WideAccumulator<T>()
  for c in x.indices { sum.add(T.exp(x[c] - m)) }
  return (m, T.log(sum.sum))
}

/// PyTorch `cross_entropy(x, y, label_smoothing=ε)` with probability (one-hot) targets:
/// `target = y * (1 - ε) + ε / C` in the format, `-(log_softmax(x) * target).sum(-1)`, the sum
/// accumulated as `torch.sum` does (float for 16-bit formats).
///
/// **Edge cases:** every smoothed target is positive for ε > 0, so a -inf logit gives
/// `-inf * target` and a +inf loss (the exact loss is +inf too); a +inf logit or an all -inf row
/// gives NaN (log_softmax does not replace a non-finite max); NaN propagates; a single class
/// (C = 1) gives 0. No overflow for finite logits: each term is at most `|x_c - m| + log C`.
///
/// **Error bound:** for one-hot y each term is nonnegative after the sign flip, so the sum does
/// not cancel; the error is that of `log_softmax` (a few ulps of `|x_c - m| + log C` per term,
/// which for a confident correct row is absolute, not relative, to the small loss).
@inlinable
public func smoothedCrossEntropyTorch<T: LossReal>(
  _ y: UnsafeBufferPointer<T>, _ x: UnsafeBufferPointer<T>, smoothing: T
) -> T {
  let (m, logSum) = torchLogSoftmaxShift(x)
  let keep = T.one - smoothing
  let spread = smoothing / T(integer: x.count)
  var total = WideAccumulator<T>()
  for c in x.indices {
    let target = y[c] * keep + spread
    total.add(((x[c] - m) - logSum) * target)
  }
  return -total.sum
}

/// transformers `LabelSmoother` (src/transformers/trainer_pt_utils.py), per example:
/// `log_probs = -log_softmax(x)`; `nll = log_probs[label]` (here `Σ y_c log_probs_c` over the
/// classes with y_c ≠ 0, the same number for one-hot y); `smoothed = log_probs.sum(-1,
/// dtype=float32)`, divided by C in float (`WideAccumulator.mean`); then
/// `(1 - ε) nll + ε smoothed / C` in the format. (transformers divides after summing over the
/// batch and returns float32; LossLab keeps one example's loss in the format.)
///
/// The float sum is the fix of transformers issue 10674 (PR 10815): before it,
/// `log_probs.sum(-1)` was a float16 tensor, and over a 32k to 50k vocabulary it reaches about
/// 8.6e5 > 65504, so inf.
///
/// **Edge cases:** as `smoothedCrossEntropyTorch`; the float sum of C terms of up to
/// `|x_c - m| + log C` each stays finite where the format's would not.
///
/// **Error bound:** `log_softmax`'s, plus the rounding of the float mean to the format.
@inlinable
public func smoothedCrossEntropyTransformers<T: LossReal>(
  _ y: UnsafeBufferPointer<T>, _ x: UnsafeBufferPointer<T>, smoothing: T
) -> T {
  let (m, logSum) = torchLogSoftmaxShift(x)
  var nll = T.zero
  var smoothed = WideAccumulator<T>()
  for c in x.indices {
    let logProb = -((x[c] - m) - logSum)
    smoothed.add(logProb)
    if !y[c].isZero { nll += y[c] * logProb }
  }
  return (T.one - smoothing) * nll + smoothing * smoothed.mean(count: x.count)
}

/// The ideal loss: `Σ y_s,c (logsumexp(x) - x_c)` with `y_s = (1 - ε) y + ε / C`, each
/// `logsumexp(x) - x_c` written as `(m - x_c) + log1p(Σ_{j ≠ k} exp(x_j - m))` (m = x_k the first
/// largest logit, as `logSumExpAbove` does, the log1p computed once for the row): every term is
/// nonnegative, so there is no cancellation. Terms with a zero smoothed target are skipped.
@inlinable
public func smoothedCrossEntropyIdeal<T: LossReal>(
  _ y: UnsafeBufferPointer<T>, _ x: UnsafeBufferPointer<T>, smoothing: T
) -> T {
  let keep = T.one - smoothing
  let spread = smoothing / T(integer: x.count)
  var k = 0
  for j in x.indices where x[j] > x[k] || x[k].isNaN { k = j }
  let m = x[k]
  var sum = T.zero
  guard m.isFinite else {
    for c in x.indices {
      let target = y[c] * keep + spread
      if !target.isZero { sum += target * logSumExpAbove(x, c) }
    }
    return sum
  }
  var rest = T.zero
  for j in x.indices where j != k { rest += T.exp(x[j] - m) }
  let logOnePlusRest = T.log(onePlus: rest)
  for c in x.indices {
    let target = y[c] * keep + spread
    if !target.isZero { sum += target * ((m - x[c]) + logOnePlusRest) }
  }
  return sum
}
