import LossLabFormats
import LossLabLosses
import LossLabReductions

/// A row's worst point: the inputs that reproduce it with `losslab eval`, or, when the batch
/// is too large to type, where it is among the row's points. The output modules write it
/// (`LossLabOutput.worstInputText`).
public enum WorstInput: Sendable {
  case batch(WorstBatch)
  /// Point `index` of the row's points at sweep coordinates `axes`: a batch of `batchSize`
  /// examples drawn with `seed`.
  case point(index: Int, axes: [SweepAxis], batchSize: Int, seed: UInt64)
}

/// The inputs and options of the worst point, as `losslab eval` takes them.
public struct WorstBatch: Sendable {
  public var formula: Formula
  /// The targets: one label per row for a labelled loss (`labels`), values otherwise
  /// (`yTrue`, empty when the loss reads predictions only).
  public var labels: [Int]
  public var yTrue: [Double]
  public var yPred: [Double]
  /// Values per row (`--classes`), 1 for element-wise losses.
  public var columns: Int
  public var weights: [Double]
  /// The parameters to give, with their values as the spec wrote them: those the spec gives,
  /// and for a custom loss all of them (its parameters exist only as given).
  public var parameters: [(name: String, text: String)]
  public var reduction: Reduction
  /// `--summation`: the row's; nil under a framework profile, which sums its own way.
  public var summation: Summation?
  public var format: Format
  /// How the framework runs the loss (`--profile`; `pure` is eval's default).
  public var profile: ExecutionProfile
}

extension ExperimentRunner {
  /// The row's worst point: its inputs, when the batch is small enough to type; otherwise
  /// where to find it.
  func worstInput(
    _ generator: PointGenerator, _ formula: Formula, _ summation: Summation, _ format: Format,
    point: Int
  ) -> WorstInput {
    // The size first: drawing a batch of ten million values only to find it too long to type
    // took a tenth of the largest experiment's time.
    let c = generator.coordinates
    guard c.batchSize * c.classes <= 16 else {
      return .point(
        index: point, axes: c.axes, batchSize: c.batchSize, seed: generator.experimentCase.seed)
    }
    let batch = generator.batch(point)
    // A custom loss's parameters exist only as given on the command line: all of them.
    let isCustom = formula.builtin == nil
    let parameters = formula.parameters.compactMap { parameter -> (name: String, text: String)? in
      guard let text = c.parameters[parameter.name] ?? (isCustom ? parameter.defaultValue : nil)
      else { return nil }
      return (parameter.name, text)
    }
    return .batch(WorstBatch(
      formula: formula, labels: formula.shape.hasLabels ? batch.labels : [],
      yTrue: formula.shape.hasLabels ? [] : batch.yTrue, yPred: batch.yPred,
      columns: batch.columns, weights: batch.weights, parameters: parameters,
      reduction: c.reduction, summation: c.profile == .pure ? summation : nil, format: format,
      profile: c.profile))
  }
}
