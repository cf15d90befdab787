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
  /// Parameter values as decimals, by name (`eps`, `delta`, ...); the loss's defaults for the
  /// rest.
  public var parameters: [String: String]

  public init(
    formula: Formula, reduction: Reduction = .mean, summation: Summation = .recursive,
    yTrue: [String], yPred: [String], labels: [Int] = [], weights: [String] = [],
    columns: Int = 1, parameters: [String: String] = [:]
  ) {
    self.formula = formula
    self.reduction = reduction
    self.summation = summation
    self.yTrue = yTrue
    self.yPred = yPred
    self.labels = labels
    self.weights = weights
    self.columns = columns
    self.parameters = parameters
  }

  /// The formula's parameter values in force, in its loss's order: the given ones, else the
  /// defaults.
  public var parameterValues: [String] { formula.parameterValues(given: parameters) }
}
