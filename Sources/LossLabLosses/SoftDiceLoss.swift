import LossLabFormats
import LossLabReductions

/// Soft Dice loss over a row (the pixels of one mask, y the target mask and p the predicted
/// probabilities, both in [0, 1]): `1 - (2 Σ p y + s) / (Σ p + Σ y + s)` with a smoothing
/// constant s (MONAI 1.6.1 `DiceLoss`, exactly; segmentation_models.pytorch 0.6.0 `DiceLoss`
/// computes it from L1 norms with its smoothing counted twice, a clamp and an empty-target mask).
@usableFromInline
enum SoftDiceLoss: LossFamily {
  @usableFromInline
  enum Variant: Int, CaseIterable, Sendable { case smp, monai }

  @usableFromInline static let summary = "soft Dice loss over a row (smooth default 1)"
  @usableFromInline static let shape = LossShape.rows
  @usableFromInline static let parameters = [
    LossParameter("smooth", default: "1", "added to the Dice numerator and denominator"),
    LossParameter("eps", default: "1e-7", "smp's clamp_min floor of the Dice denominator"),
  ]
  @usableFromInline static let smooth = 0
  @usableFromInline static let eps = 1

  @usableFromInline static func formula(_ variant: Variant) -> String {
    switch variant {
    case .smp:
      "tp = (sum p + sum y - sum|p - y|) / 2, fp = sum p - tp, fn = sum y - tp; "
        + "(1 - (tp + smooth) / max(tp + fp/2 + fn/2 + smooth, eps)) * (sum y > 0); "
        + "torch.sum order, sums in float for 16 bits"
    case .monai:
      "tp = sum(p y), fp = (sum p - tp) / 2, fn = (sum y - tp) / 2; "
        + "1 - (2 tp + smooth) / (2 (tp + fp + fn) + smooth); torch.sum order, sums in float for 16 bits"
    }
  }

  @usableFromInline static func source(_ variant: Variant) -> String {
    switch variant {
    case .smp:
      "segmentation-models-pytorch 0.6.0 losses/_functional.py:165-210 soft_tversky_score "
        + "(alpha = beta = 0.5); losses/dice.py:127-135 (1 - score, empty-target mask); one row"
    case .monai:
      "monai 1.6.1 losses/utils.py:44-49 compute_tp_fp_fn (soft_label=False); losses/dice.py:206-213 "
        + "(smooth_nr = smooth_dr = smooth)"
    }
  }

  @usableFromInline static func hasBias(_ variant: Variant) -> Bool {
    switch variant {
    case .smp: true
    case .monai: false
    }
  }

  @inlinable
  static func forEachExample<T: LossReal, S: ExampleLossSink<T>>(
    _ variant: Variant, on batch: Batch<T>, parameters: LossParameters<T>, into sink: inout S
  ) -> Int {
    let smooth = parameters[smooth], eps = parameters[eps]
    switch variant {
    case .smp: rowwise(batch, &sink) { diceLossSMP($0, $1, smooth: smooth, epsilon: eps) }
    case .monai: rowwise(batch, &sink) { diceLossMONAI($0, $1, smooth: smooth) }
    }
    return batch.rows
  }

  @inlinable
  static func idealExample<T: LossReal>(
    on batch: Batch<T>, row: Int, parameters: LossParameters<T>
  ) -> T {
    let smooth = parameters[smooth]
    return withRow(batch.yTrue, row, batch.columns) { y in
      withRow(batch.yPred, row, batch.columns) { p in diceLossIdeal(y, p, smooth: smooth) }
    }
  }
}

/// segmentation_models.pytorch 0.6.0 `DiceLoss(mode="binary", from_logits=False)` on one row:
/// `soft_dice_score` is `soft_tversky_score` with α = β = ½ (losses/_functional.py:165-174),
/// built from sums and an L1 norm (losses/_functional.py:197-210):
///
///     output_sum = torch.sum(p); target_sum = torch.sum(y)
///     difference = LA.vector_norm(p - y, ord=1)
///     intersection = (output_sum + target_sum - difference) / 2          # TP
///     fp = output_sum - intersection; fn = target_sum - intersection
///     score = (intersection + smooth) / (intersection + 0.5 fp + 0.5 fn + smooth).clamp_min(eps)
///
/// then `loss = 1.0 - score` and `loss *= (y.sum(dims) > 0)` (losses/dice.py:127, 134-135).
/// In real arithmetic that is `Σ|p - y| / (Σp + Σy + 2 smooth)`, or 0 for a row without a
/// positive target: smp's smoothing counts twice against the Dice form (MONAI's), and the
/// difference, the clamp and the mask are this variant's bias (for a soft target |p - y| is also
/// not p + y - 2 p y).
///
/// smp reduces over dims (0, 2): one Dice per class over the whole batch (dice.py:84), not one
/// per example. LossLab's per-row loss is smp called on one row at a time (a batch of one, one
/// class), which is how the conformance vectors call it; smp's own batch loss is the Dice of the
/// concatenated rows, not a mean of these.
///
/// Every tensor operation rounds in the format, as PyTorch's CPU kernels do (the 16-bit ones
/// compute in float and round once, which for + - * / is the correctly rounded 16-bit result):
/// `p - y`, each addition and subtraction above, the halvings (exact unless subnormal), the
/// division and `1 - score`. The two sums are `torchSum` (PyTorch's cascade order, a float
/// accumulator rounded once for 16 bits) and the norm is `torchNormL1` (left to right, same
/// accumulator). `smooth` and `eps` are rounded to the format first; PyTorch adds a Python
/// scalar to a 16-bit tensor in float, so a `smooth` not representable in 16 bits (not the
/// default 1) can differ by a rounding there.
///
/// **Edge cases:** a row whose targets are all 0 gives `loss * 0`: +0 (−0 if the loss was
/// negative), NaN if the loss was NaN. A sum past the format's range is finite in the accumulator
/// and infinite once rounded: 262,144 ones in Float16 give output_sum = target_sum = inf,
/// intersection = inf, fp = inf − inf = NaN and a NaN loss (smp issue 463, with the mask passing
/// inf > 0). In bfloat16 the same row is exact (2^18) and the loss 0. With smooth = 0 the clamp
/// acts where the denominator is below eps (giving `1 - intersection / eps`); NaN propagates
/// through the clamp (as `clamp_min`).
///
/// **Error bound:** the norms err by γ_(n-1) of their size (plus one rounding for 16 bits), and
/// `Σp + Σy - Σ|p - y|` cancels when the prediction is poor (intersection small against the
/// sums), so the intersection's error is a few ulps of the sums, not of itself; `1 - score`
/// cancels when the prediction is good. Both give an absolute error of a few ulps of 1 in the
/// loss, so the relative error grows like `u / loss` for tiny losses.
@inlinable
public func diceLossSMP<T: LossReal>(
  _ y: UnsafeBufferPointer<T>, _ p: UnsafeBufferPointer<T>, smooth: T, epsilon: T
) -> T {
  let n = p.count
  let two = T(integer: 2), half = T.one / T(integer: 2)
  let outputSum = torchSum(count: n) { p[$0] }
  let targetSum = torchSum(count: n) { y[$0] }
  let difference = torchNormL1(count: n) { p[$0] - y[$0] }
  let intersection = (outputSum + targetSum - difference) / two
  let falsePositive = outputSum - intersection
  let falseNegative = targetSum - intersection
  let denominator = T.larger(
    intersection + half * falsePositive + half * falseNegative + smooth, epsilon)
  let loss = T.one - (intersection + smooth) / denominator
  // `mask = y_true.sum(dims) > 0` is the same torch.sum as target_sum.
  return loss * (targetSum > T.zero ? T.one : T.zero)
}

/// MONAI 1.6.1 `DiceLoss(smooth_nr=smooth, smooth_dr=smooth)` on one (row, channel), with the
/// defaults (`soft_label=False`, `squared_pred=False`, `jaccard=False`). `compute_tp_fp_fn` then
/// takes its original branch, `ord == 1 and not soft_label` (monai/losses/utils.py:44-49):
///
///     tp = torch.sum(input * target); fp = torch.sum(input) - tp; fn = torch.sum(target) - tp
///
/// and `DiceLoss.forward` (monai/losses/dice.py:206-213):
///
///     fp *= 0.5; fn *= 0.5
///     numerator = 2 * tp + smooth_nr; denominator = 2 * (tp + fp + fn) + smooth_dr
///     f = 1 - numerator / denominator
///
/// In real arithmetic `1 - (2 Σpy + s) / (Σp + Σy + s)`, the ideal (no bias). (The L1-norm form,
/// tp = (|p|₁ + |y|₁ − |p − y|₁) / 2, is only taken with `soft_label=True` or `squared_pred`.)
///
/// Every tensor operation rounds in the format (`input * target`, each subtraction and addition,
/// the division, `1 - f`; the halvings and doublings are exact unless subnormal or overflowing);
/// the three sums are `torchSum`: PyTorch's cascade order in float32, a float accumulator
/// rounded once for the 16-bit formats.
///
/// **Edge cases:** an all-zero row with smooth = 0 is 0 / 0 = NaN. A sum past the format's range
/// is infinite once rounded: 262,144 ones in Float16 give tp = inf and fp = fn = inf − inf = NaN,
/// a NaN loss; in bfloat16 they are exact and the loss 0.
///
/// **Error bound:** `Σp - tp` and `1 - f` cancel (a poor prediction, a good prediction): a few
/// ulps of 1, absolute, so the relative error grows like `u / loss` for tiny losses.
@inlinable
public func diceLossMONAI<T: LossReal>(
  _ y: UnsafeBufferPointer<T>, _ p: UnsafeBufferPointer<T>, smooth: T
) -> T {
  let n = p.count
  let two = T(integer: 2), half = T.one / T(integer: 2)
  let truePositive = torchSum(count: n) { p[$0] * y[$0] }
  let falsePositive = (torchSum(count: n) { p[$0] }) - truePositive
  let falseNegative = (torchSum(count: n) { y[$0] }) - truePositive
  let numerator = two * truePositive + smooth
  let denominator = two * (truePositive + half * falsePositive + half * falseNegative) + smooth
  return T.one - numerator / denominator
}

/// The ideal Dice loss `1 - (2 Σ p y + s) / (Σ (p + y) + s)` (MONAI's value in real arithmetic;
/// smp's differs by its bias: `Σ|p - y| / (Σ (p + y) + 2 s)`, 0 for an empty target, the clamp)
/// written without the subtraction:
/// `Σ (p (1 - y) + y (1 - p)) / (Σ (p + y) + s)`, every term nonnegative for p, y in [0, 1], so a
/// reference keeps its relative accuracy where the loss is tiny. No clamp.
///
/// **Edge cases:** an all-zero row is 0 / s (0 for s > 0, 0 / 0 = NaN for s = 0); an empty row
/// likewise.
@inlinable
public func diceLossIdeal<T: LossReal>(
  _ y: UnsafeBufferPointer<T>, _ p: UnsafeBufferPointer<T>, smooth: T
) -> T {
  var disagreement = T.zero
  var cardinality = T.zero
  for i in p.indices {
    disagreement += p[i] * (T.one - y[i]) + y[i] * (T.one - p[i])
    cardinality += p[i] + y[i]
  }
  return disagreement / (cardinality + smooth)
}
