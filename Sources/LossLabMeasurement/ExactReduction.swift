import LossLabFormats
import LossLabLosses
import LossLabReductions
import LossLabReference

/// The exact reduction of `batch`'s per-example values, each made by the loss it is driven
/// with from its row (as a one-example batch of exact reference values, the inputs rounded to
/// `E` first) inside a scope of its own, so that memory stays constant however many rows there
/// are (ten million at 256 bits fit in a few registers). The result lives in the caller's
/// scope, as a ball that bounds the error of the whole computation.
///
/// `mean` and `epoch-mean` are both the exact mean (Keras' total / count with equal batch
/// weights is the mean); `ema` is TensorBoard's debiased moving average, its last point.
struct ExactReduction<E: MachineFloat>: ExampleDriver {
  let batch: Batch<Double>
  let reduction: Reduction
  let smoothing: Double

  init(_ batch: Batch<Double>, roundedTo _: E.Type, _ reduction: Reduction, smoothing: Double) {
    self.batch = batch
    self.reduction = reduction
    self.smoothing = smoothing
  }

  func drive(_ value: (Batch<MPFRBall>) -> MPFRBall) -> MPFRBall {
    let rows = batch.rows
    // The row the loss reads, overwritten for each example: a local, handed to each row's scope
    // as a parameter, which the loss borrows without a copy (a stored property of the driver,
    // or a variable the scope's closure captures, was copied for each call).
    var example = ReferenceRow(shapedLike: batch)
    switch reduction {
    case .sum, .mean, .epochMean:
      let total = MPFRBallRegister()
      for row in 0..<rows {
        MPFRReal.scope(&example) { example in
          example.load(batch, row: row, roundedTo: E.self)
          total.add(value(example.batch))
        }
      }
      let sum = total.value
      return reduction == .sum ? sum : sum / MPFRBall(integer: rows)
    case .ema:
      // TensorBoard: last = last·w + (1 - w)·v over finite v; shown: last / (1 - w^k).
      let last = MPFRBallRegister(), weightPower = MPFRBallRegister(1)
      let latest = MPFRBallRegister()
      let w = MPFRBall(smoothing), complement = MPFRBall.one - w
      var finiteCount = 0
      for row in 0..<rows {
        MPFRReal.scope(&example) { example in
          example.load(batch, row: row, roundedTo: E.self)
          let v = value(example.batch)
          latest.set(v)
          guard v.isFinite else { return }
          last.set(last.value * w + complement * v)
          weightPower.set(weightPower.value * w)
          finiteCount += 1
        }
      }
      let v = latest.value
      if !v.isFinite || finiteCount == 0 { return v }
      return smoothing == 0 ? last.value : last.value / (MPFRBall.one - weightPower.value)
    }
  }
}

/// One example of a batch as reference values: a one-row batch whose arrays are allocated once
/// and overwritten for each row, so that streaming a reference over a batch allocates nothing
/// per row.
struct ReferenceRow {
  private(set) var batch: Batch<MPFRBall>

  init<E>(shapedLike source: Batch<E>) {
    let columns = source.columns
    batch = Batch(
      yTrue: Array(repeating: .zero, count: source.yTrue.isEmpty ? 0 : columns),
      yPred: Array(repeating: .zero, count: columns),
      labels: source.labels.isEmpty ? [] : [0],
      weights: source.weights.isEmpty ? [] : [.zero],
      columns: columns)
  }

  /// Loads row `row` of `source`, each value rounded to `E` (values in the current scope).
  mutating func load<E: MachineFloat>(_ source: Batch<Double>, row: Int, roundedTo _: E.Type) {
    @inline(__always) func exact(_ x: Double) -> MPFRBall { MPFRBall(E(nearest: x).doubleValue) }
    let base = row * batch.columns
    for j in 0..<batch.columns {
      if !batch.yTrue.isEmpty { batch.yTrue[j] = exact(source.yTrue[base + j]) }
      batch.yPred[j] = exact(source.yPred[base + j])
    }
    if !batch.labels.isEmpty { batch.labels[0] = source.labels[row] }
    if !batch.weights.isEmpty { batch.weights[0] = exact(source.weights[row]) }
  }
}

/// The ideal loss of `batch`, its inputs rounded to `E` (binary64: as given), streamed row by
/// row: the inputs are rounded as they are read, not into a copy of the batch.
func streamingIdeal<E: MachineFloat>(
  _ formula: Formula, on batch: Batch<Double>, roundedTo _: E.Type,
  parameters: LossParameters<MPFRBall>, reduction: Reduction, smoothing: Double
) -> MPFRBall {
  if formula.isIdentity && reduction != .ema {
    // The sum of binary64 values, exactly (rounded once when read): no per-row scope needed.
    var total = ExactDoubleSum()
    for x in batch.yPred { total.add(E(nearest: x).doubleValue) }
    let sum = total.value
    return reduction == .sum ? sum : sum / MPFRBall(integer: batch.rows)
  }
  var loss = StreamedExampleLoss(formula, parameters: parameters)
  var rows = ExactReduction(batch, roundedTo: E.self, reduction, smoothing: smoothing)
  return finishReduction(formula, loss.ideal(driving: &rows))
}

/// The formula's own exact value on `batch` as given (its clip and ε included), streamed row by
/// row.
func streamingFormulaExact(
  _ formula: Formula, on batch: Batch<Double>, parameters: LossParameters<MPFRBall>,
  reduction: Reduction, smoothing: Double
) -> MPFRBall {
  var loss = StreamedExampleLoss(formula, parameters: parameters)
  var rows = ExactReduction(batch, roundedTo: Double.self, reduction, smoothing: smoothing)
  return finishReduction(formula, loss.formula(driving: &rows))
}

extension Batch<Double> {
  /// Whether rounding to `E` leaves every value as it is (NaN as NaN): the references streamed
  /// with `roundedTo: E.self` are then the ones streamed with `roundedTo: Double.self`.
  func isRepresentable<E: MachineFloat>(in _: E.Type) -> Bool {
    if E.self == Double.self { return true }
    @inline(__always) func kept(_ values: [Double]) -> Bool {
      values.allSatisfy { x in
        let y = E(nearest: x).doubleValue
        return y.bitPattern == x.bitPattern || (x.isNaN && y.isNaN)
      }
    }
    return kept(yPred) && kept(yTrue) && kept(weights)
  }
}
