import LossLabFormats
import LossLabReductions

/// Categorical cross-entropy from a row of logits x with label smoothing ε over C classes: the
/// targets become `y_s = (1 - ε) y + ε / C` and the loss is `-Σ y_s log softmax(x)`, which
/// torch `cross_entropy(x, labels, label_smoothing=ε)` and Hugging Face transformers
/// `LabelSmoother` compute as `(1 - ε) nll + ε mean(-log softmax(x))`.
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
    case .torch:
      "l = -log_softmax(x); (1 - label_smoothing) l[label] + sum(l) label_smoothing / C"
    case .transformers:
      "l = -log_softmax(x); (1 - label_smoothing) l[label] + label_smoothing mean(l), mean in float"
    }
  }

  @usableFromInline static func source(_ variant: Variant) -> String {
    switch variant {
    case .torch:
      "torch 2.15 cross_entropy with class indices: aten/src/ATen/native/LossNLL.cpp "
        + "cross_entropy_loss_label_smoothing"
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
    let (smoothing, scalar) = (parameters[smoothing], parameters.scalar(smoothing))
    switch variant {
    case .torch:
      rowwise(batch, &sink) { smoothedCrossEntropyTorch($0, $1, smoothing: smoothing, scalar: scalar) }
    case .transformers:
      rowwise(batch, &sink) {
        smoothedCrossEntropyTransformers($0, $1, smoothing: smoothing, scalar: scalar)
      }
    }
    return batch.rows
  }

  /// torch and transformers average `nll` and the smoothing term over the batch before they
  /// combine them (`torchSmoothedBatch`, `transformersSmoothedBatch`); transformers only
  /// averages (a sum reduces the per-example losses).
  @inlinable
  static func kernelBatchLoss<T: LossReal>(
    _ variant: Variant, on batch: Batch<T>, parameters: LossParameters<T>, reduction: Reduction
  ) -> T? {
    let (smoothing, scalar) = (parameters[smoothing], parameters.scalar(smoothing))
    switch variant {
    case .torch:
      return torchSmoothedBatch(batch, smoothing: smoothing, scalar: scalar, mean: reduction == .mean)
    case .transformers:
      return reduction == .mean
        ? transformersSmoothedBatch(batch, smoothing: smoothing, scalar: scalar) : nil
    }
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


/// PyTorch `cross_entropy(x, labels, label_smoothing=ε)` with class-index targets, per example
/// (`reduction='none'`; aten/src/ATen/native/LossNLL.cpp `cross_entropy_loss_label_smoothing`,
/// torch 2.15): `l = log_softmax(x)` in the input format (`torchLogSoftmax`: float inside for
/// float16 and bfloat16); `nll = nll_loss(l, label) = -l[label]`; `smooth = -l.sum(1)` (a
/// float accumulator rounded once for the 16-bit formats, `torchSum`'s order over the row);
/// `(1 - ε) · nll + smooth · (ε / C)`, each product and the sum rounded to the format. For the
/// 16-bit formats torch multiplies by the scalars in float (the CPU `mul` kernel's opmath):
/// `1 - ε` and `ε / C` are computed in double from ε, a C++ double (the Python float's value,
/// `LossParameters.scalar`), and converted to float (`torchScalar`); not from ε in the format
/// (float16's 0.0999755859375 gives 0x1.49cp+0 where torch gives 0x1.4ap+0,
/// Tests/FrameworkVectors/torch-eager.jsonl:408). float32 converts them to float too, double
/// keeps them. With
/// `reduction='mean'` torch averages `nll` and `smooth` over the batch first and then combines
/// them: `torchSmoothedBatch`, which the family's `kernelBatchLoss` gives under the torch sum.
///
/// Measured on torch 2.15 (CPU), float16, a 32,128-class row (logits in [-10, 10], the label's
/// 12): `-l.sum(1)` exceeds 65504 and the loss is inf, as transformers' was before its PR 10815;
/// the probability-target path (`cce-logits/torch` with smoothed targets) gives 6.58.
///
/// **Edge cases:** a -inf logit gives `-l_c = +inf` and a +inf loss (the exact loss is +inf
/// too); a +inf logit or an all -inf row gives NaN (log_softmax does not replace a non-finite
/// max); NaN propagates; one class (C = 1) gives 0. In the 16-bit formats `smooth` overflows to
/// inf once `Σ -l_c` passes the format's largest value (65504 in float16, reached by a few
/// thousand classes of moderate logits).
///
/// **Error bound:** for one-hot y both terms are nonnegative, so nothing cancels: the error of
/// `log_softmax` (a few ulps of `|x_c - m| + log C` per term, absolute rather than relative to a
/// small loss) plus the rounding of `smooth` and of the two products and their sum.
@inlinable
public func smoothedCrossEntropyTorch<T: LossReal>(
  _ y: UnsafeBufferPointer<T>, _ x: UnsafeBufferPointer<T>, smoothing: T, scalar: Double
) -> T {
  let (target, sum) = torchSmoothedRow(y, x, negate: false) { $0 }
  return torchSmoothedCombination(
    nll: -target, smooth: -sum, smoothing: smoothing, scalar: scalar, classes: x.count)
}

/// torch's `(1 - ε) · nll + smooth · (ε / C)` (`torchSmoothingMultipliers`): for the 16-bit
/// formats each product in float, rounded to the format, then their sum in the format; in `T`
/// otherwise.
@inlinable @inline(__always)
func torchSmoothedCombination<T: LossReal>(
  nll: T, smooth: T, smoothing: T, scalar: Double, classes: Int
) -> T {
  if torchComputesInFloat(T.self) {
    let (keep, spread) = torchSmoothingMultipliers(smoothing.widened, scalar, classes: classes)
    return T(narrowing: keep * nll.widened) + T(narrowing: smooth.widened * spread)
  }
  let (keep, spread) = torchSmoothingMultipliers(smoothing, scalar, classes: classes)
  return keep * nll + smooth * spread
}

/// torch's label-smoothing multipliers `1 - ε` and `ε / C` in the kernel's arithmetic `W`
/// (`torchScalar`), from ε as a double.
@inlinable @inline(__always)
func torchSmoothingMultipliers<W: LossReal>(_ smoothing: W, _ scalar: Double, classes: Int)
  -> (keep: W, spread: W)
{
  (
    torchSmoothingKeep(smoothing, scalar),
    torchScalar(scalar / Double(classes), else: smoothing / W(integer: classes))
  )
}

/// `1 - ε` as torch's and transformers' multiplications take it (`torchScalar`).
@inlinable @inline(__always)
func torchSmoothingKeep<W: LossReal>(_ smoothing: W, _ scalar: Double) -> W {
  torchScalar(1 - scalar, else: W.one - smoothing)
}

/// A multiplier a torch kernel takes as a C++ double scalar, in the kernel's arithmetic `W`:
/// `value` (computed in double) converted to float where `W` is float32 (the opmath of float32
/// and 16-bit tensors, `original_scalar_value<opmath_t>`); otherwise `fallback`, computed in `W`
/// (in double the same number: ε rounds to double once either way; `EigenReal`, which stores
/// its place beside the value, takes ε in its format).
@inlinable @inline(__always)
func torchScalar<W: LossReal>(_ value: Double, else fallback: @autoclosure () -> W) -> W {
  W.isFloat32Encoded ? fromFloat(Float(value)) : fallback()
}

/// transformers `LabelSmoother` (src/transformers/trainer_pt_utils.py:449-481, transformers
/// 5.23), for a batch of one example: `log_probs = -log_softmax(x)` in the logits' format
/// (`torchLogSoftmax`); `nll = log_probs[label]` (here `Σ y_c log_probs_c` over y_c ≠ 0, the
/// same number for one-hot y); `smoothed = log_probs.sum(-1, dtype=float32)` (float for the
/// 16-bit formats, the format itself for Float and Double), divided by C there; then
/// `(1 - ε) · nll` rounded to the logits' format, `ε · smoothed / C` in float, and their sum
/// in float (a 16-bit tensor plus a float32 one is float32), rounded here to the format. `1 - ε`
/// and ε are Python floats, converted to float by the multiplications (`torchScalar`); with ε
/// in float16 instead, one float16 batch of 4 rows comes out an ulp low
/// (Tests/FrameworkVectors/transformers-eager.jsonl:35).
/// transformers divides the batch's sums by n and n·C before combining them:
/// `transformersSmoothedBatch`, the family's `kernelBatchLoss` under the torch sum.
///
/// The float sum is the fix of transformers issue 10674 (PR 10815): before it,
/// `log_probs.sum(-1)` was a float16 tensor, and over a 32k to 50k vocabulary it reaches about
/// 8.6e5 > 65504, so inf.
///
/// **Edge cases:** as `smoothedCrossEntropyTorch`, except that the float sum of C terms of up
/// to `|x_c - m| + log C` each stays finite where the 16-bit format's would not.
///
/// **Error bound:** `log_softmax`'s, plus the float sum's and the roundings of the products,
/// the sum and the result to the format.
@inlinable
public func smoothedCrossEntropyTransformers<T: LossReal>(
  _ y: UnsafeBufferPointer<T>, _ x: UnsafeBufferPointer<T>, smoothing: T, scalar: Double
) -> T {
  if torchComputesInFloat(T.self) {
    let (target, sum) = torchSmoothedRow(y, x, negate: true) { $0.widened }
    let keep = T(narrowing: torchSmoothingKeep(smoothing.widened, scalar) * (-target).widened)
    let epsilon = torchScalar(scalar, else: smoothing.widened)
    return T(narrowing: keep.widened + epsilon * (sum / T.Wide(integer: x.count)))
  }
  let (target, sum) = torchSmoothedRow(y, x, negate: true) { $0 }
  return torchSmoothingKeep(smoothing, scalar) * (-target)
    + torchScalar(scalar, else: smoothing) * (sum / T(integer: x.count))
}

/// One row of a smoothed batch as torch's kernels leave it: the log-probability of the
/// (one-hot) target, `Σ y_c l_c`, in `T`, and `Σ_c l_c` (`-l_c` with `negate`) as `torch.sum`
/// adds the row, after `widen` (transformers' `dtype=float32` sum widens), from the
/// `log_softmax` entries `l_c` in `T` (`torchLogSoftmaxEntries`).
@inlinable
func torchSmoothedRow<T: LossReal, W: LossReal>(
  _ y: UnsafeBufferPointer<T>, _ x: UnsafeBufferPointer<T>, negate: Bool, _ widen: (T) -> W
) -> (logProbability: T, sum: W) {
  withUnsafeTemporaryAllocation(of: T.self, capacity: x.count) { l in
    torchLogSoftmaxEntries(x, into: l)
    var target = T.zero
    for c in x.indices where !y[c].isZero { target = target + y[c] * l[c] }
    return (target, torchSum(count: x.count) { widen(negate ? -l[$0] : l[$0]) })
  }
}

/// `torchSmoothedRow` of row `row` of `batch`.
@inlinable
func torchSmoothedRow<T: LossReal, W: LossReal>(
  _ batch: Batch<T>, _ row: Int, negate: Bool, _ widen: (T) -> W
) -> (logProbability: T, sum: W) {
  withRow(batch.yTrue, row, batch.columns) { y in
    withRow(batch.yPred, row, batch.columns) { x in torchSmoothedRow(y, x, negate: negate, widen) }
  }
}

/// PyTorch's `cross_entropy(x, labels, label_smoothing=ε)` reduced over the batch, as
/// `cross_entropy_loss_label_smoothing` (aten/src/ATen/native/LossNLL.cpp, torch 2.15) does it:
/// `nll = nll_loss(l, labels)` in its own cascade (`torchNLLReduction`, in `T`, divided by n for
/// the mean); `ret = (-l.sum(1)).sum()` (`torch.sum` twice), divided by n for the mean;
/// `(1 - ε) · nll + ret · (ε / C)`, the scalar products in float for the 16-bit formats.
///
/// **Edge cases:** as `smoothedCrossEntropyTorch`. **Error bound:** its, plus the two sums'.
@inlinable
public func torchSmoothedBatch<T: LossReal>(
  _ batch: Batch<T>, smoothing: T, scalar: Double, mean: Bool
) -> T {
  let n = batch.rows
  var targets = [T](), smooth = [T]()
  targets.reserveCapacity(n)
  smooth.reserveCapacity(n)
  for row in 0..<n {
    let (target, sum) = torchSmoothedRow(batch, row, negate: false) { $0 }
    targets.append(target)
    smooth.append(-sum)
  }
  let nll = torchNLLReduction(count: n, mean: mean) { targets[$0] }
  let total = torchSum(count: n) { smooth[$0] }
  let ret = mean ? total / T(integer: n) : total
  return torchSmoothedCombination(
    nll: nll, smooth: ret, smoothing: smoothing, scalar: scalar, classes: batch.columns)
}

/// transformers' `LabelSmoother` over a batch (src/transformers/trainer_pt_utils.py:449-481):
/// `log_probs = -log_softmax(x)` in `T`; `nll = log_probs.gather(labels).sum() / n` (a
/// `torch.sum` in `T`, float accumulator for the 16-bit formats, then a division in `T`);
/// `smoothed = log_probs.sum(-1, dtype=float32).sum() / (n C)` in float (the format itself for
/// Float and Double); `(1 - ε) · nll` in `T` plus `ε · smoothed` in float, the float32 result
/// rounded here to `T`.
///
/// **Edge cases:** as `smoothedCrossEntropyTransformers`. **Error bound:** its, plus the sums'.
@inlinable
public func transformersSmoothedBatch<T: LossReal>(
  _ batch: Batch<T>, smoothing: T, scalar: Double
) -> T {
  let n = batch.rows, classes = batch.columns
  if torchComputesInFloat(T.self) {
    var targets = [T](), rowSums = [T.Wide]()
    for row in 0..<n {
      let (target, sum) = torchSmoothedRow(batch, row, negate: true) { $0.widened }
      targets.append(-target)
      rowSums.append(sum)
    }
    let nll = torchSum(count: n) { targets[$0] } / T(integer: n)
    let smoothed = torchSum(count: n) { rowSums[$0] } / T.Wide(integer: n * classes)
    let keep = T(narrowing: torchSmoothingKeep(smoothing.widened, scalar) * nll.widened)
    return T(narrowing: keep.widened + torchScalar(scalar, else: smoothing.widened) * smoothed)
  }
  var targets = [T](), rowSums = [T]()
  for row in 0..<n {
    let (target, sum) = torchSmoothedRow(batch, row, negate: true) { $0 }
    targets.append(-target)
    rowSums.append(sum)
  }
  let nll = torchSum(count: n) { targets[$0] } / T(integer: n)
  let smoothed = torchSum(count: n) { rowSums[$0] } / T(integer: n * classes)
  return torchSmoothingKeep(smoothing, scalar) * nll + torchScalar(scalar, else: smoothing) * smoothed
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
