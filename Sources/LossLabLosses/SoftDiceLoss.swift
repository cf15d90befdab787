import LossLabFormats
import LossLabReductions

/// Soft Dice loss over a row (the pixels of one mask, y the target mask and p the predicted
/// probabilities, both in [0, 1]): `1 - (2 Σ p y + s) / (Σ p + Σ y + s)` with a smoothing
/// constant s (segmentation_models.pytorch `DiceLoss`, MONAI `DiceLoss`).
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
    case .smp: "1 - (2 sum(p y) + smooth) / max(sum(p + y) + smooth, eps), sums in float for 16 bits"
    case .monai: "1 - (2 sum(p y) + smooth) / (sum y + sum p + smooth), sums in float for 16 bits"
    }
  }

  @usableFromInline static func source(_ variant: Variant) -> String {
    switch variant {
    case .smp:
      "segmentation_models_pytorch/losses/_functional.py soft_dice_score; losses/dice.py "
        + "(1 - score)"
    case .monai: "monai/losses/dice.py DiceLoss (smooth_nr = smooth_dr = smooth)"
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

/// segmentation_models.pytorch: `intersection = torch.sum(output * target)`,
/// `cardinality = torch.sum(output + target)`, `score = (2 intersection + smooth) /
/// (cardinality + smooth).clamp_min(eps)`, loss `1 - score`. The products and sums of pairs
/// round in the format; each `torch.sum` accumulates as PyTorch's CPU kernel does for 16-bit
/// tensors, in float, and rounds once (`WideAccumulator`: Float for float16 and bfloat16; Double
/// for Float, a little more accurate than PyTorch's float cascade).
///
/// **Edge cases:** a sum past the format's range is finite in the accumulator and infinite once
/// rounded: 262,144 ones in Float16 give intersection = cardinality = inf and a NaN loss
/// (inf / inf; smp issue 463). With smooth = 0 an all-zero row gives `1 - 0 / eps = 1` where the
/// Dice loss is undefined (0 / 0); the clamp is smp's bias, which only acts where
/// `cardinality + smooth < eps`. NaN propagates through the clamp.
///
/// **Error bound:** `1 - score` cancels when the prediction is good (score near 1): the absolute
/// error is a few ulps of 1, so the relative error grows like `u / loss`.
@inlinable
public func diceLossSMP<T: LossReal>(
  _ y: UnsafeBufferPointer<T>, _ p: UnsafeBufferPointer<T>, smooth: T, epsilon: T
) -> T {
  var intersection = WideAccumulator<T>()
  var cardinality = WideAccumulator<T>()
  for i in p.indices {
    intersection.add(p[i] * y[i])
    cardinality.add(p[i] + y[i])
  }
  let score =
    (T(integer: 2) * intersection.sum + smooth) / T.larger(cardinality.sum + smooth, epsilon)
  return T.one - score
}

/// MONAI: `intersection = sum(target * input)`, `ground_o = sum(target)`, `pred_o = sum(input)`,
/// `1 - (2 intersection + smooth_nr) / (ground_o + pred_o + smooth_dr)` with both smoothing terms
/// equal to `smooth` here. The three sums accumulate as `diceLossSMP`'s do; `ground_o + pred_o`
/// rounds in the format.
///
/// **Edge cases:** as `diceLossSMP` without the clamp: an all-zero row with smooth = 0 is
/// 0 / 0 = NaN; a sum past the format's range gives inf and then NaN or 1.
///
/// **Error bound:** as `diceLossSMP`: a few ulps of 1, absolute.
@inlinable
public func diceLossMONAI<T: LossReal>(
  _ y: UnsafeBufferPointer<T>, _ p: UnsafeBufferPointer<T>, smooth: T
) -> T {
  var intersection = WideAccumulator<T>()
  var groundTruth = WideAccumulator<T>()
  var predicted = WideAccumulator<T>()
  for i in p.indices {
    intersection.add(y[i] * p[i])
    groundTruth.add(y[i])
    predicted.add(p[i])
  }
  let denominator = groundTruth.sum + predicted.sum
  return T.one - (T(integer: 2) * intersection.sum + smooth) / (denominator + smooth)
}

/// The ideal Dice loss `1 - (2 Σ p y + s) / (Σ (p + y) + s)` written without the subtraction:
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
