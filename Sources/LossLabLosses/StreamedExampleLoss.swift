import LossLabExpressions
import LossLabFormats

/// The losses of a formula's examples one at a time, for a reference that streams a large
/// batch row by row: `idealExampleLoss` and `singleExampleLoss` with what they would set up per
/// call made once, here. A custom loss's evaluators (their registers, constants and parameters)
/// are made with it, so make it outside the rows' `MPFRReal.scope`s, in the scope of the
/// parameters.
public struct StreamedExampleLoss<T: LossReal> {
  @usableFromInline let formula: Formula
  @usableFromInline let parameters: LossParameters<T>
  /// A custom loss, and its evaluators of the formula and of the ideal; nil for a built-in.
  @usableFromInline let custom: CustomLoss?
  @usableFromInline var evaluators: (formula: ExpressionEvaluator<T>, ideal: ExpressionEvaluator<T>)?

  @inlinable
  public init(_ formula: Formula, parameters: LossParameters<T>) {
    self.formula = formula
    self.parameters = parameters
    switch formula.kind {
    case .builtin:
      custom = nil
      evaluators = nil
    case .custom(let loss):
      custom = loss
      evaluators = (loss.evaluator(loss.formula, parameters), loss.evaluator(loss.ideal, parameters))
    }
  }

  /// `idealExampleLoss(formula, on: batch, row: row, parameters: parameters)`.
  @inlinable
  public mutating func ideal(on batch: Batch<T>, row: Int) -> T {
    guard let custom else {
      return idealExampleLoss(formula, on: batch, row: row, parameters: parameters)
    }
    return custom.example(row, of: batch, &evaluators!.ideal)
  }

  /// `singleExampleLoss(formula, on: example, parameters: parameters)`.
  @inlinable
  public mutating func formula(on example: Batch<T>) -> T {
    guard let custom else {
      return singleExampleLoss(formula, on: example, parameters: parameters)
    }
    precondition(example.rows == 1, "a formula's single example takes one example")
    return custom.example(0, of: example, &evaluators!.formula)
  }
}
