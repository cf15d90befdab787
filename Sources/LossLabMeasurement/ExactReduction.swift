import LossLabFormats
import LossLabLosses
import LossLabReductions
import LossLabReference

/// The exact reduction of `rows` per-example values, each made by `value(row)` inside a scope of
/// its own, so that memory stays constant however many rows there are (ten million at 256 bits
/// fit in a few registers). The result lives in the caller's scope.
///
/// `mean` and `epoch-mean` are both the exact mean (Keras' total / count with equal batch
/// weights is the mean); `ema` is TensorBoard's debiased moving average, its last point.
public func exactReduction(
  rows: Int, _ reduction: Reduction, smoothing: Double, value: (Int) -> MPFRReal
) -> MPFRReal {
  switch reduction {
  case .sum, .mean, .epochMean:
    let total = MPFRRegister()
    for row in 0..<rows { MPFRReal.scope { total.add(value(row)) } }
    let sum = total.value
    return reduction == .sum ? sum : sum / MPFRReal(integer: rows)
  case .ema:
    // TensorBoard: last = last·w + (1 - w)·v over finite v; shown: last / (1 - w^k).
    let last = MPFRRegister(), weightPower = MPFRRegister(1), latest = MPFRRegister()
    var finiteCount = 0
    for row in 0..<rows {
      MPFRReal.scope {
        let v = value(row)
        latest.set(v)
        guard v.isFinite else { return }
        let w = MPFRReal(smoothing)
        last.set(last.value * w + (MPFRReal.one - w) * v)
        weightPower.set(weightPower.value * w)
        finiteCount += 1
      }
    }
    let v = latest.value
    if !v.isFinite || finiteCount == 0 { return v }
    return smoothing == 0 ? last.value : last.value / (MPFRReal.one - weightPower.value)
  }
}

/// Row `row` of `batch` alone, as exact reference values.
func referenceRow<E: MachineFloat>(_ batch: Batch<E>, _ row: Int) -> Batch<MPFRReal> {
  let columns = batch.columns
  let range = row * columns..<(row + 1) * columns
  return Batch(
    yTrue: batch.yTrue.isEmpty ? [] : batch.yTrue[range].map { MPFRReal($0.doubleValue) },
    yPred: batch.yPred[range].map { MPFRReal($0.doubleValue) },
    labels: batch.labels.isEmpty ? [] : [batch.labels[row]],
    weights: batch.weights.isEmpty ? [] : [MPFRReal(batch.weights[row].doubleValue)],
    columns: columns)
}

/// The ideal loss of `batch`, streamed row by row.
public func streamingIdeal<E: MachineFloat>(
  _ loss: Loss, on batch: Batch<E>, parameters: LossParameters<MPFRReal>,
  reduction: Reduction, smoothing: Double
) -> MPFRReal {
  if loss == .identity && reduction != .ema {
    // The exact sum of binary64 values, added in place: no per-row scope needed.
    let total = MPFRRegister()
    for x in batch.yPred { total.add(x.doubleValue) }
    let sum = total.value
    return reduction == .sum ? sum : sum / MPFRReal(integer: batch.rows)
  }
  let reduced = exactReduction(rows: batch.rows, reduction, smoothing: smoothing) { row in
    idealExampleLoss(loss, on: referenceRow(batch, row), row: 0, parameters: parameters)
  }
  return loss == .rmse ? MPFRReal.sqrt(reduced) : reduced
}

/// The formula's own exact value on `batch` (its clip and ε included), streamed row by row.
public func streamingFormulaExact<E: MachineFloat>(
  _ formula: Formula, on batch: Batch<E>, parameters: LossParameters<MPFRReal>,
  reduction: Reduction, smoothing: Double
) -> MPFRReal {
  let reduced = exactReduction(rows: batch.rows, reduction, smoothing: smoothing) { row in
    exampleLosses(formula, on: referenceRow(batch, row), parameters: parameters)[0]
  }
  return formula == .rmse ? MPFRReal.sqrt(reduced) : reduced
}
