import LossLabFormats
import LossLabLosses
import LossLabReductions

/// One loss evaluation to measure: the formula, how to reduce, and the inputs as the user wrote
/// them (decimal strings, so that each format and the reference round them once, themselves).
public struct LossQuery: Sendable {
  public var formula: Formula
  public var reduction: Reduction
  public var summation: Summation
  /// Targets, `rows × columns` decimals (empty for sparse losses).
  public var yTrue: [String]
  /// Predictions (probabilities, logits or values), `rows × columns` decimals.
  public var yPred: [String]
  /// Class indices, one per row, for the sparse losses.
  public var labels: [Int]
  /// Per-example weights, one per row, for the weighted MSE.
  public var weights: [String]
  public var columns: Int
  /// ε as a decimal (the loss's default when nil).
  public var epsilon: String?
  /// δ of the Huber loss as a decimal.
  public var delta: String

  public init(
    formula: Formula, reduction: Reduction = .mean, summation: Summation = .recursive,
    yTrue: [String], yPred: [String], labels: [Int] = [], weights: [String] = [],
    columns: Int = 1, epsilon: String? = nil, delta: String = "1"
  ) {
    self.formula = formula
    self.reduction = reduction
    self.summation = summation
    self.yTrue = yTrue
    self.yPred = yPred
    self.labels = labels
    self.weights = weights
    self.columns = columns
    self.epsilon = epsilon
    self.delta = delta
  }

  /// ε in force: the one given, else the loss's default, else 0 (unused).
  public var effectiveEpsilon: String { epsilon ?? formula.loss.defaultEpsilon ?? "0" }
}
