import LossLabFormats
import LossLabReductions

/// The value of `formula` on `batch`: one loss per example (regression losses averaged over the
/// last axis as Keras does), weighted for the weighted MSE, then reduced with `reduction` using
/// `summation` (`smoothing` is the weight of the `ema` reduction). RMSE takes the square root of
/// the reduced mean squared error.
///
/// The mean and the sum with the recursive, compensated and wide summations add each loss as it
/// is computed (a `SumAccumulator`, the same bits as reducing `exampleLosses`); the others
/// (NumPy's pairwise order, the frameworks' `torch`, `eigen` and `xla` orders, the epoch mean,
/// the EMA) reduce that array. Under `.torch` a variant whose torch kernel reduces its own batch
/// (`LossFamily.kernelBatchLoss`: nll_loss, label smoothing, one sum over the whole batch)
/// gives that instead.
@inlinable
public func evaluate<T: LossReal>(
  _ formula: Formula, on batch: Batch<T>, parameters: LossParameters<T>,
  reduction: Reduction = .mean, summation: Summation = .recursive, smoothing: T? = nil
) -> T {
  let reduced: T
  // A framework kernel that reduces its batch itself (an empty batch keeps LossLab's mean of 0).
  if summation == .torch, reduction == .mean || reduction == .sum, batch.rows > 0,
    let value = kernelBatchLoss(formula, on: batch, parameters: parameters, reduction: reduction)
  {
    return finishReduction(formula, value)
  }
  switch (reduction, summation) {
  case (.mean, .recursive), (.sum, .recursive):
    reduced = streamed(formula, on: batch, parameters, reduction, RecursiveAccumulator<T>.self)
  case (.mean, .kahan), (.sum, .kahan):
    reduced = streamed(formula, on: batch, parameters, reduction, KahanAccumulator<T>.self)
  case (.mean, .neumaier), (.sum, .neumaier):
    reduced = streamed(formula, on: batch, parameters, reduction, NeumaierAccumulator<T>.self)
  case (.mean, .wide), (.sum, .wide):
    reduced = streamed(formula, on: batch, parameters, reduction, WideAccumulator<T>.self)
  case (.mean, .pairwise), (.sum, .pairwise), (.mean, .torch), (.sum, .torch), (.mean, .eigen),
    (.sum, .eigen), (.mean, .xla), (.sum, .xla), (.epochMean, _), (.ema, _):
    // Orders that need the whole array, and the series reductions.
    let values = exampleLosses(formula, on: batch, parameters: parameters)
    reduced = values.withUnsafeBufferPointer {
      reduce($0, reduction, summation: summation, smoothing: smoothing)
    }
  }
  return finishReduction(formula, reduced)
}

/// The `.mean` or `.sum` of the example losses, each added to an `A` as it is computed.
@inlinable
func streamed<T, A: SumAccumulator<T>>(
  _ formula: Formula, on batch: Batch<T>, _ parameters: LossParameters<T>,
  _ reduction: Reduction, _: A.Type
) -> T {
  var sink = ExampleLossSum<A>()
  let count = forEachExampleLoss(formula, on: batch, parameters: parameters, into: &sink)
  return reduction == .mean ? sink.accumulator.mean(count: count) : sink.accumulator.sum
}

/// The ideal (exact mathematical) value of `formula`'s loss on `batch`, without clip or ε: what the MPFR
/// reference computes and every formula is measured against. Reduced left to right; at the
/// reference's precision the order does not matter.
@inlinable
public func evaluateIdeal<T: LossReal>(
  _ formula: Formula, on batch: Batch<T>, parameters: LossParameters<T>,
  reduction: Reduction = .mean, smoothing: T? = nil
) -> T {
  let values = idealExampleLosses(formula, on: batch, parameters: parameters)
  let reduced = values.withUnsafeBufferPointer {
    reduce($0, reduction, summation: .recursive, smoothing: smoothing)
  }
  return finishReduction(formula, reduced)
}

/// One loss value per example, before the batch reduction.
@inlinable
public func exampleLosses<T: LossReal>(
  _ formula: Formula, on batch: Batch<T>, parameters: LossParameters<T>
) -> [T] {
  if formula.isIdentity { return batch.yPred }
  return [T](unsafeUninitializedCapacity: batch.rows) { buffer, count in
    var sink = ExampleLossBuffer(buffer)
    count = forEachExampleLoss(formula, on: batch, parameters: parameters, into: &sink)
  }
}

/// One ideal loss value per example.
@inlinable
public func idealExampleLosses<T: LossReal>(
  _ formula: Formula, on batch: Batch<T>, parameters: LossParameters<T>
) -> [T] {
  (0..<batch.rows).map { idealExampleLoss(formula, on: batch, row: $0, parameters: parameters) }
}

/// The ideal loss of example `row` alone (so that a reference can stream over a large batch).
@inlinable
public func idealExampleLoss<T: LossReal>(
  _ formula: Formula, on batch: Batch<T>, row: Int, parameters: LossParameters<T>
) -> T {
  switch formula.kind {
  case .builtin(let loss, _):
    // The pass borrows the batch and the parameters through pointers: holding copies would
    // retain and release each of their arrays for every example (`idealExampleLosses` calls
    // this per row; the streamed reference resolves the family once, `StreamedExampleLoss`).
    withUnsafePointer(to: batch) { batch in
      withUnsafePointer(to: parameters) { parameters in
        loss.visit(IdealPass(batch: batch, row: row, parameters: parameters))
      }
    }
  case .custom(let custom): custom.idealExample(on: batch, row: row, parameters: parameters)
  }
}

@usableFromInline
struct IdealPass<T: LossReal>: LossFamilyVisitor {
  @usableFromInline let batch: UnsafePointer<Batch<T>>
  @usableFromInline let row: Int
  @usableFromInline let parameters: UnsafePointer<LossParameters<T>>

  /// Valid only while `batch` and `parameters` are (`idealExampleLoss`'s scope).
  @inlinable
  init(batch: UnsafePointer<Batch<T>>, row: Int, parameters: UnsafePointer<LossParameters<T>>) {
    self.batch = batch
    self.row = row
    self.parameters = parameters
  }

  @inlinable
  func visit<F: LossFamily>(_: F.Type) -> T {
    F.idealExample(on: batch.pointee, row: row, parameters: parameters.pointee)
  }
}

/// A family's `finish` (RMSE's square root) on a reduced value.
@usableFromInline
struct Finish<T: LossReal>: LossFamilyVisitor {
  @usableFromInline let reduced: T

  @inlinable
  init(reduced: T) { self.reduced = reduced }

  @inlinable
  func visit<F: LossFamily>(_: F.Type) -> T { F.finish(reduced) }
}

/// An elementwise ideal loss of one example, averaged over its columns, times the example's
/// weight when `weighted`. The formula is passed by name so that it inlines into the loop.
@inlinable @inline(__always)
func averagedIdeal<T: LossReal>(
  _ batch: Batch<T>, _ row: Int, weighted: Bool = false, _ f: (T, T) -> T
) -> T {
  let columns = batch.columns
  var sum = T.zero
  for j in row * columns..<(row + 1) * columns { sum += f(batch.yTrue[j], batch.yPred[j]) }
  let value = columns == 1 ? sum : sum / T(integer: columns)
  return weighted ? batch.weights[row] * value : value
}

/// The row `row` of `values` (`columns` wide) as a buffer, for the row-wise ideals.
@inlinable @inline(__always)
func withRow<T, R>(
  _ values: [T], _ row: Int, _ columns: Int, _ body: (UnsafeBufferPointer<T>) -> R
) -> R {
  values.withUnsafeBufferPointer { all in
    body(UnsafeBufferPointer(rebasing: all[row * columns..<(row + 1) * columns]))
  }
}

/// The batch's mean or sum as the framework function `formula` mirrors computes it inside its
/// kernel (`LossFamily.kernelBatchLoss`), or nil where the example losses are reduced with the
/// summation.
@inlinable
public func kernelBatchLoss<T: LossReal>(
  _ formula: Formula, on batch: Batch<T>, parameters: LossParameters<T>, reduction: Reduction
) -> T? {
  switch formula.kind {
  case .builtin(let loss, let variant):
    loss.visit(KernelBatchLoss(variant: variant, batch: batch, parameters: parameters, reduction: reduction))
  case .custom: nil
  }
}

/// A family's `kernelBatchLoss` for one variant.
@usableFromInline
struct KernelBatchLoss<T: LossReal>: LossFamilyVisitor {
  @usableFromInline let variant: Int
  @usableFromInline let batch: Batch<T>
  @usableFromInline let parameters: LossParameters<T>
  @usableFromInline let reduction: Reduction

  @inlinable
  init(variant: Int, batch: Batch<T>, parameters: LossParameters<T>, reduction: Reduction) {
    self.variant = variant
    self.batch = batch
    self.parameters = parameters
    self.reduction = reduction
  }

  @inlinable
  func visit<F: LossFamily>(_: F.Type) -> T? {
    F.kernelBatchLoss(
      F.Variant(rawValue: variant)!, on: batch, parameters: parameters, reduction: reduction)
  }
}

/// The batch's loss from its reduced per-example losses: the family's `finish` (RMSE's square
/// root; the value itself for every other loss).
@inlinable
public func finishReduction<T: LossReal>(_ formula: Formula, _ reduced: T) -> T {
  switch formula.kind {
  case .builtin(let loss, _): loss.visit(Finish(reduced: reduced))
  case .custom: reduced
  }
}
