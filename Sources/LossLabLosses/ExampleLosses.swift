import LossLabFormats
import LossLabReductions

/// Where `forEachExampleLoss` puts each example's loss, in row order.
@usableFromInline
protocol ExampleLossSink<Value> {
  associatedtype Value
  mutating func add(_ loss: Value)
}

/// The losses written in order into uninitialized memory (`exampleLosses`' array).
@usableFromInline
struct ExampleLossBuffer<T>: ExampleLossSink {
  @usableFromInline let buffer: UnsafeMutableBufferPointer<T>
  @usableFromInline var count = 0

  @inlinable
  init(_ buffer: UnsafeMutableBufferPointer<T>) { self.buffer = buffer }

  @inlinable @inline(__always)
  mutating func add(_ loss: T) {
    buffer.initializeElement(at: count, to: loss)
    count += 1
  }
}

/// The losses added to a sum as they come (`evaluate` without the array).
@usableFromInline
struct ExampleLossSum<A: SumAccumulator>: ExampleLossSink {
  @usableFromInline var accumulator = A()

  @inlinable
  init() {}

  @inlinable @inline(__always)
  mutating func add(_ loss: A.Value) { accumulator.add(loss) }
}

/// Feeds `sink` the loss of each example of `batch` under `formula`, in row order (regression
/// losses averaged over the last axis as Keras does, weighted for the weighted MSE). Returns how
/// many: `batch.rows`, or every prediction for `.identity`.
@inlinable
func forEachExampleLoss<T: LossReal, S: ExampleLossSink<T>>(
  _ formula: Formula, on batch: Batch<T>, parameters: LossParameters<T>, into sink: inout S
) -> Int {
  switch formula.kind {
  case .builtin(let loss, let variant):
    let (count, filled) = loss.visit(
      ExamplePass(variantIndex: variant, batch: batch, parameters: parameters, sink: sink))
    sink = filled
    return count
  case .custom(let custom):
    return custom.forEachExample(on: batch, parameters: parameters, into: &sink)
  }
}

/// `forEachExampleLoss` for one family, specialized for it.
@usableFromInline
struct ExamplePass<T: LossReal, S: ExampleLossSink<T>>: LossFamilyVisitor {
  @usableFromInline let variantIndex: Int
  @usableFromInline let batch: Batch<T>
  @usableFromInline let parameters: LossParameters<T>
  @usableFromInline let sink: S

  @inlinable
  init(variantIndex: Int, batch: Batch<T>, parameters: LossParameters<T>, sink: S) {
    self.variantIndex = variantIndex
    self.batch = batch
    self.parameters = parameters
    self.sink = sink
  }

  @inlinable
  func visit<F: LossFamily>(_: F.Type) -> (Int, S) {
    var sink = self.sink
    let count = F.forEachExample(
      F.variant(variantIndex), on: batch, parameters: parameters, into: &sink)
    return (count, sink)
  }
}

/// `f` applied to each (target, prediction) pair, averaged over each row's columns (Keras'
/// `mean(..., axis=-1)`: `LossReal.rowMean`, the sum divided in the format, or under JAX
/// `jnp.mean`'s), times the row's weight when `weighted`.
///
/// Pass the formula itself (`squaredError`), not a closure calling it: the formulas are
/// `@inline(__always)`, so they are inlined into the loop, whereas a closure around one is a
/// function of its own, called for every element (Keras BCE in Float measured 1.2x slower in
/// `losslab-bench --native`).
@inlinable @inline(__always)
func elementwise<T: LossReal, S: ExampleLossSink<T>>(
  _ batch: Batch<T>, weighted: Bool = false, _ sink: inout S, _ f: (T, T) -> T
) {
  let rows = batch.rows, columns = batch.columns
  batch.yTrue.withUnsafeBufferPointer { y in
    batch.yPred.withUnsafeBufferPointer { p in
      if columns == 1 {
        for i in 0..<rows {
          let loss = f(y[i], p[i])
          sink.add(weighted ? batch.weights[i] * loss : loss)
        }
      } else {
        for i in 0..<rows {
          let first = i * columns
          let loss = T.rowMean(count: columns) { f(y[first + $0], p[first + $0]) }
          sink.add(weighted ? batch.weights[i] * loss : loss)
        }
      }
    }
  }
}

/// `elementwise` for a formula with a parameter after the pair (ε or δ). The closure here only
/// forwards to `f`, so it is inlined, and `f` with it.
@inlinable @inline(__always)
func elementwise<T: LossReal, S: ExampleLossSink<T>>(
  _ batch: Batch<T>, _ sink: inout S, _ parameter: T, _ f: (T, T, T) -> T
) {
  elementwise(batch, &sink) { f($0, $1, parameter) }
}

/// `f` applied to each row of targets and predictions (`columns` values each).
@inlinable @inline(__always)
func rowwise<T: LossReal, S: ExampleLossSink<T>>(
  _ batch: Batch<T>, _ sink: inout S,
  _ f: (UnsafeBufferPointer<T>, UnsafeBufferPointer<T>) -> T
) {
  let columns = batch.columns
  batch.yTrue.withUnsafeBufferPointer { y in
    batch.yPred.withUnsafeBufferPointer { p in
      for i in 0..<batch.rows {
        sink.add(
          f(
            UnsafeBufferPointer(rebasing: y[i * columns..<(i + 1) * columns]),
            UnsafeBufferPointer(rebasing: p[i * columns..<(i + 1) * columns])))
      }
    }
  }
}

/// `f` applied to each row's label and row of predictions.
@inlinable @inline(__always)
func labelled<T: LossReal, S: ExampleLossSink<T>>(
  _ batch: Batch<T>, _ sink: inout S, _ f: (Int, UnsafeBufferPointer<T>) -> T
) {
  let columns = batch.columns
  batch.yPred.withUnsafeBufferPointer { p in
    for i in 0..<batch.rows {
      sink.add(
        f(batch.labels[i], UnsafeBufferPointer(rebasing: p[i * columns..<(i + 1) * columns])))
    }
  }
}

/// Keeps the last loss it is given.
@usableFromInline
struct LastExampleLoss<T>: ExampleLossSink {
  @usableFromInline var value: T? = nil

  @inlinable
  init() {}

  @inlinable @inline(__always)
  mutating func add(_ loss: T) { value = loss }
}
