import LossLabExpressions
import LossLabFormats

/// A loss a user writes as an expression (in a spec's `losses:` or `losslab eval --expr`): its
/// formula, its ideal (the exact loss the reference measures against; the formula itself when
/// none is given) and its parameters.
///
/// Both programs run through `ExpressionEvaluator`, whose every step is the `LossReal` operation
/// a built-in formula written by hand would call: an expression rounds exactly where its
/// built-in twin rounds, in every format and in the MPFR ball reference (so certification, the
/// undecided-branch count and the value-numbered zero bias work as for built-ins).
///
/// Literals that are not integers (`0.25`, `1e-7`) are rounded by each format from their
/// decimal text, once per run, exactly as parameter values are: a custom loss's
/// `LossParameters` hold its parameters' values and then its literals' (`literals`).
public struct CustomLoss: Hashable, Sendable {
  /// The loss's name as tables write it, and its variant (`focal/naive` in a spec names both;
  /// a name without `/` has the variant `expression`).
  public let name: String
  public let variant: String
  @usableFromInline let formula: ExpressionProgram
  @usableFromInline let ideal: ExpressionProgram
  public let parameters: [LossParameter]
  public let shape: LossShape
  /// The non-integer literals of the formula and the ideal, each once, after the parameters.
  public let literals: [String]

  /// Which of the two expressions an error is in.
  public enum Part: String, Sendable { case formula, ideal }

  /// An expression that does not compile, and which one.
  public struct CompileError: Error, Sendable {
    public var part: Part
    public var error: ExpressionError
  }

  /// Compiles `formula` (and `ideal`, when given) for `shape`, with `parameters` by name.
  /// Element-wise losses may read an example weight `w`; the loss is then weighted (its inputs
  /// need weights) and the expression applies the weight itself.
  public init(
    name: String, formula: String, ideal: String? = nil, parameters: [LossParameter] = [],
    shape: ExpressionShape
  ) throws(CompileError) {
    let parts = name.split(separator: "/", maxSplits: 1).map(String.init)
    self.name = parts[0]
    variant = parts.count == 2 ? parts[1] : "expression"
    let names = parameters.map(\.name)
    let weights = shape == .elementwise
    do {
      self.formula = try ExpressionProgram.compile(
        formula, shape: shape, parameters: names, weights: weights)
    } catch { throw CompileError(part: .formula, error: error) }
    if let ideal {
      do {
        self.ideal = try ExpressionProgram.compile(
          ideal, shape: shape, parameters: names, weights: weights)
      } catch { throw CompileError(part: .ideal, error: error) }
    } else {
      self.ideal = self.formula
    }
    self.parameters = parameters
    switch shape {
    case .elementwise:
      self.shape =
        self.formula.usesWeight || self.ideal.usesWeight
        ? .weighted : .elementwise(targets: .values)
    case .rows: self.shape = .rows
    case .labels: self.shape = .labels
    }
    var literals = self.formula.literals
    for literal in self.ideal.literals where !literals.contains(literal) { literals.append(literal) }
    self.literals = literals
  }

  /// `init` as a `Result` (typed throws across modules crash Swift 6.3's SIL optimizer here).
  public static func compiled(
    name: String, formula: String, ideal: String? = nil, parameters: [LossParameter] = [],
    shape: ExpressionShape
  ) -> Result<CustomLoss, CompileError> {
    do {
      return .success(
        try CustomLoss(
          name: name, formula: formula, ideal: ideal, parameters: parameters, shape: shape))
    } catch {
      return .failure(error)
    }
  }

  /// The formula as written.
  public var formulaSource: String { formula.source }
  /// The ideal as written (the formula's when none was given).
  public var idealSource: String { ideal.source }
  /// Whether an ideal other than the formula was given, so the formula can carry a bias.
  public var hasBias: Bool { ideal != formula }

  /// The evaluator of `program` on values already in `T`: parameters, then literals.
  @inlinable
  func evaluator<T: LossReal>(_ program: ExpressionProgram, _ values: LossParameters<T>)
    -> ExpressionEvaluator<T>
  {
    let count = parameters.count
    return ExpressionEvaluator(
      program,
      constant: { text in values[count + literals.firstIndex(of: text)!] },
      parameters: Array(values.values.prefix(count)))
  }

  /// Feeds `sink` each example's loss: element-wise losses averaged over a row's columns as
  /// the built-ins do (the weight is the expression's own business), row-wise ones per row.
  @inlinable
  func forEachExample<T: LossReal, S: ExampleLossSink<T>>(
    on batch: Batch<T>, parameters: LossParameters<T>, into sink: inout S
  ) -> Int {
    var f = evaluator(formula, parameters)
    switch shape {
    case .elementwise, .weighted, .predictions:
      elementwiseExamples(of: batch, &f, into: &sink)
    case .rows, .labels:
      for row in 0..<batch.rows { sink.add(example(row, of: batch, &f)) }
    }
    return batch.rows
  }

  /// The ideal loss of example `row`.
  @inlinable
  func idealExample<T: LossReal>(on batch: Batch<T>, row: Int, parameters: LossParameters<T>)
    -> T
  {
    var f = evaluator(ideal, parameters)
    return example(row, of: batch, &f)
  }

  /// `f` on example `row` of `batch`, read in place.
  @inlinable
  func example<T: LossReal>(_ row: Int, of batch: Batch<T>, _ f: inout ExpressionEvaluator<T>)
    -> T
  {
    let columns = batch.columns
    switch shape {
    case .elementwise, .weighted, .predictions:
      return elementwiseExample(row, of: batch, &f)
    case .rows:
      return withRow(batch.yTrue, row, columns) { y in
        withRow(batch.yPred, row, columns) { p in f(y: y, p: p, label: 0) }
      }
    case .labels:
      return withRow(batch.yPred, row, columns) { p in
        f(y: UnsafeBufferPointer(start: nil, count: 0), p: p, label: batch.labels[row])
      }
    }
  }
}

/// An element-wise expression on each (target, prediction, weight) of example `row`, averaged
/// over its columns as `elementwise` does for the built-ins (`LossReal.rowMean`).
@inlinable @inline(__always)
func elementwiseExample<T: LossReal>(
  _ row: Int, of batch: Batch<T>, _ f: inout ExpressionEvaluator<T>
) -> T {
  let columns = batch.columns
  let w = batch.weights.isEmpty ? T.one : batch.weights[row]
  @inline(__always) func y(_ j: Int) -> T { batch.yTrue.isEmpty ? T.zero : batch.yTrue[j] }
  if columns == 1 { return f(y: y(row), p: batch.yPred[row], w: w) }
  let first = row * columns
  return T.rowMean(count: columns) { f(y: y(first + $0), p: batch.yPred[first + $0], w: w) }
}

/// `elementwiseExample` for every example of `batch`, into `sink`, through the evaluator's batch
/// entry point: the same operations in the same order, in chunks of whole rows.
@inlinable
func elementwiseExamples<T: LossReal, S: ExampleLossSink<T>>(
  of batch: Batch<T>, _ f: inout ExpressionEvaluator<T>, into sink: inout S
) {
  let rows = batch.rows, columns = batch.columns
  // About a thousand losses at a time (a few of the evaluator's blocks), at least one row.
  let rowsPerChunk = max(1, 1024 / columns)
  var losses = [T](repeating: T.zero, count: min(rows, rowsPerChunk) * columns)
  batch.yTrue.withUnsafeBufferPointer { y in
    batch.yPred.withUnsafeBufferPointer { p in
      batch.weights.withUnsafeBufferPointer { w in
        losses.withUnsafeMutableBufferPointer { losses in
          for first in stride(from: 0, to: rows, by: rowsPerChunk) {
            let end = min(rows, first + rowsPerChunk)
            let elements = first * columns..<end * columns
            let chunk = UnsafeMutableBufferPointer(rebasing: losses[..<elements.count])
            f.elementwise(
              y: y.isEmpty ? y : UnsafeBufferPointer(rebasing: y[elements]),
              p: UnsafeBufferPointer(rebasing: p[elements]),
              w: w.isEmpty ? w : UnsafeBufferPointer(rebasing: w[first..<end]),
              columns: columns, into: chunk)
            if columns == 1 {
              for loss in chunk { sink.add(loss) }
            } else {
              for row in 0..<end - first {
                sink.add(T.rowMean(count: columns) { chunk[row * columns + $0] })
              }
            }
          }
        }
      }
    }
  }
}

