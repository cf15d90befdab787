import LossLabFormats
import LossLabReductions

/// The value of `formula` on `batch`: one loss per example (regression losses averaged over the
/// last axis as Keras does), weighted for the weighted MSE, then reduced with `reduction` using
/// `summation` (`smoothing` is the weight of the `ema` reduction). RMSE takes the square root of
/// the reduced mean squared error.
@inlinable
public func evaluate<T: LossReal>(
  _ formula: Formula, on batch: Batch<T>, parameters: LossParameters<T>,
  reduction: Reduction = .mean, summation: Summation = .recursive, smoothing: T? = nil
) -> T {
  let values = exampleLosses(formula, on: batch, parameters: parameters)
  let reduced = values.withUnsafeBufferPointer {
    reduce($0, reduction, summation: summation, smoothing: smoothing)
  }
  return formula == .rmse ? T.sqrt(reduced) : reduced
}

/// The ideal (exact mathematical) value of `loss` on `batch`, without clip or ε: what the MPFR
/// reference computes and every formula is measured against. Reduced left to right; at the
/// reference's precision the order does not matter.
@inlinable
public func evaluateIdeal<T: LossReal>(
  _ loss: Loss, on batch: Batch<T>, parameters: LossParameters<T>, reduction: Reduction = .mean,
  smoothing: T? = nil
) -> T {
  let values = idealExampleLosses(loss, on: batch, parameters: parameters)
  let reduced = values.withUnsafeBufferPointer {
    reduce($0, reduction, summation: .recursive, smoothing: smoothing)
  }
  return loss == .rmse ? T.sqrt(reduced) : reduced
}

/// One loss value per example, before the batch reduction.
@inlinable
public func exampleLosses<T: LossReal>(
  _ formula: Formula, on batch: Batch<T>, parameters: LossParameters<T>
) -> [T] {
  let eps = parameters.epsilon
  let delta = parameters.delta
  switch formula {
  case .mae: return elementwise(batch) { absoluteError($0, $1) }
  case .mse, .rmse: return elementwise(batch) { squaredError($0, $1) }
  case .weightedMSE: return elementwise(batch, weighted: true) { squaredError($0, $1) }
  case .huber: return elementwise(batch) { huberLoss($0, $1, delta: delta) }
  case .logCoshNaive: return elementwise(batch) { logCoshNaive($0, $1) }
  case .logCoshStable: return elementwise(batch) { logCoshStable($0, $1) }
  case .mape: return elementwise(batch) { absolutePercentageError($0, $1, epsilon: eps) }
  case .msleKeras: return elementwise(batch) { squaredLogErrorKeras($0, $1, epsilon: eps) }
  case .msleLog1p: return elementwise(batch) { squaredLogErrorLog1p($0, $1, epsilon: eps) }
  case .relativeError: return elementwise(batch) { relativeError($0, $1, epsilon: eps) }
  case .bceNaive: return elementwise(batch) { binaryCrossEntropyNaive($0, $1) }
  case .bceKeras: return elementwise(batch) { binaryCrossEntropyKeras($0, $1, epsilon: eps) }
  case .bceTorch: return elementwise(batch) { binaryCrossEntropyTorch($0, $1) }
  case .bceLogitsNaive: return elementwise(batch) { binaryCrossEntropyLogitsNaive($0, $1) }
  case .bceLogitsStable: return elementwise(batch) { binaryCrossEntropyLogitsStable($0, $1) }
  case .cceNaive: return rowwise(batch) { categoricalCrossEntropyNaive($0, $1) }
  case .cceKeras:
    return rowwise(batch) { categoricalCrossEntropyKeras($0, $1, epsilon: eps) }
  case .cceLogitsNaive: return rowwise(batch) { categoricalCrossEntropyLogitsNaive($0, $1) }
  case .cceLogitsStable: return rowwise(batch) { categoricalCrossEntropyLogitsStable($0, $1) }
  case .kl: return rowwise(batch) { klDivergenceKeras($0, $1, epsilon: eps) }
  case .sparseCCENaive: return labelled(batch) { sparseCategoricalCrossEntropyNaive($0, $1) }
  case .sparseCCEKeras:
    return labelled(batch) { sparseCategoricalCrossEntropyKeras($0, $1, epsilon: eps) }
  case .sparseCCELogitsNaive:
    return labelled(batch) { sparseCategoricalCrossEntropyLogitsNaive($0, $1) }
  case .sparseCCELogitsStable:
    return labelled(batch) { sparseCategoricalCrossEntropyLogitsStable($0, $1) }
  case .identity: return batch.yPred
  }
}

/// One ideal loss value per example.
@inlinable
public func idealExampleLosses<T: LossReal>(
  _ loss: Loss, on batch: Batch<T>, parameters: LossParameters<T>
) -> [T] {
  (0..<batch.rows).map { idealExampleLoss(loss, on: batch, row: $0, parameters: parameters) }
}

/// The ideal loss of example `row` alone (so that a reference can stream over a large batch).
@inlinable
public func idealExampleLoss<T: LossReal>(
  _ loss: Loss, on batch: Batch<T>, row: Int, parameters: LossParameters<T>
) -> T {
  let columns = batch.columns
  let range = row * columns..<(row + 1) * columns
  if loss.hasSparseLabels {
    return batch.yPred.withUnsafeBufferPointer { p in
      let x = UnsafeBufferPointer(rebasing: p[range])
      return loss == .sparseCCE
        ? -T.log(x[batch.labels[row]])
        : sparseCategoricalCrossEntropyLogitsStable(batch.labels[row], x)
    }
  }
  if loss.isCategorical {
    return batch.yTrue.withUnsafeBufferPointer { yAll in
      batch.yPred.withUnsafeBufferPointer { pAll in
        let y = UnsafeBufferPointer(rebasing: yAll[range])
        let p = UnsafeBufferPointer(rebasing: pAll[range])
        switch loss {
        case .cce: return categoricalCrossEntropyIdeal(y, p)
        case .cceLogits: return categoricalCrossEntropyLogitsIdeal(y, p)
        default: return klDivergenceIdeal(y, p)
        }
      }
    }
  }
  if loss == .identity { return batch.yPred[row] }
  let f: (T, T) -> T
  switch loss {
  case .mae: f = { absoluteError($0, $1) }
  case .huber: f = { huberLoss($0, $1, delta: parameters.delta) }
  case .logCosh: f = { logCoshIdeal($0, $1) }
  case .mape: f = { absolutePercentageErrorIdeal($0, $1) }
  case .msle: f = { squaredLogErrorIdeal($0, $1) }
  case .relativeError: f = { relativeErrorIdeal($0, $1) }
  case .bce: f = { binaryCrossEntropyIdeal($0, $1) }
  case .bceLogits: f = { binaryCrossEntropyLogitsIdeal($0, $1) }
  default: f = { squaredError($0, $1) }  // mse, rmse, weighted-mse
  }
  var sum = T.zero
  for j in range { sum += f(batch.yTrue[j], batch.yPred[j]) }
  let value = columns == 1 ? sum : sum / T(integer: columns)
  return loss.usesWeights ? batch.weights[row] * value : value
}

/// `f` applied to each (target, prediction) pair, averaged over each row's columns (Keras'
/// `mean(..., axis=-1)`, the divisor in the format), times the row's weight when `weighted`.
@inlinable @inline(__always)
func elementwise<T: LossReal>(
  _ batch: Batch<T>, weighted: Bool = false, _ f: (T, T) -> T
) -> [T] {
  let rows = batch.rows, columns = batch.columns
  return batch.yTrue.withUnsafeBufferPointer { y in
    batch.yPred.withUnsafeBufferPointer { p in
      [T](unsafeUninitializedCapacity: rows) { out, count in
        if columns == 1 {
          for i in 0..<rows { (out.baseAddress! + i).initialize(to: f(y[i], p[i])) }
        } else {
          let divisor = T(integer: columns)
          for i in 0..<rows {
            var sum = T.zero
            for j in i * columns..<(i + 1) * columns { sum += f(y[j], p[j]) }
            (out.baseAddress! + i).initialize(to: sum / divisor)
          }
        }
        if weighted {
          for i in 0..<rows { out[i] = batch.weights[i] * out[i] }
        }
        count = rows
      }
    }
  }
}

/// `f` applied to each row of targets and predictions (`columns` values each).
@inlinable @inline(__always)
func rowwise<T: LossReal>(
  _ batch: Batch<T>, _ f: (UnsafeBufferPointer<T>, UnsafeBufferPointer<T>) -> T
) -> [T] {
  let columns = batch.columns
  return batch.yTrue.withUnsafeBufferPointer { y in
    batch.yPred.withUnsafeBufferPointer { p in
      (0..<batch.rows).map { i in
        f(
          UnsafeBufferPointer(rebasing: y[i * columns..<(i + 1) * columns]),
          UnsafeBufferPointer(rebasing: p[i * columns..<(i + 1) * columns]))
      }
    }
  }
}

/// `f` applied to each row's label and row of predictions.
@inlinable @inline(__always)
func labelled<T: LossReal>(
  _ batch: Batch<T>, _ f: (Int, UnsafeBufferPointer<T>) -> T
) -> [T] {
  let columns = batch.columns
  return batch.yPred.withUnsafeBufferPointer { p in
    (0..<batch.rows).map { i in
      f(batch.labels[i], UnsafeBufferPointer(rebasing: p[i * columns..<(i + 1) * columns]))
    }
  }
}
