import LossLabFormats

/// Targets and predictions for one loss evaluation: `rows` examples of `columns` values each.
///
/// Dense losses read `yTrue` and `yPred` (both `rows × columns`, row-major). Sparse categorical
/// losses read `labels` (one class index per row) and `yPred`. `weights`, when present, holds one
/// weight per row (the weighted MSE's per-example weights).
public struct Batch<T> {
  public var yTrue: [T]
  public var yPred: [T]
  public var labels: [Int]
  public var weights: [T]
  public var columns: Int

  public init(yTrue: [T], yPred: [T], labels: [Int] = [], weights: [T] = [], columns: Int = 1) {
    precondition(columns >= 1, "a batch needs at least one column")
    self.yTrue = yTrue
    self.yPred = yPred
    self.labels = labels
    self.weights = weights
    self.columns = columns
  }

  /// The number of examples.
  @inlinable
  public var rows: Int { yPred.count / columns }

  /// The same batch with every value passed through `transform` (for example, rounded to a
  /// format).
  @inlinable
  public func map<U>(_ transform: (T) throws -> U) rethrows -> Batch<U> {
    Batch<U>(
      yTrue: try yTrue.map(transform), yPred: try yPred.map(transform), labels: labels,
      weights: try weights.map(transform), columns: columns)
  }
}

extension Batch: Sendable where T: Sendable {}
