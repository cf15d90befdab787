import LossLabExpressions
import LossLabFormats

/// What runs a loss over examples it supplies one at a time: a reference that streams a large
/// batch loads each row into a one-example batch, inside a scope of its own, and reduces the
/// losses exactly. `StreamedExampleLoss` hands it the loss resolved once for the whole
/// batch, so that each example costs one call specialized for its family, not a dispatch on the
/// formula and copies of the batch and the parameters.
public protocol ExampleDriver<Value> {
  associatedtype Value: LossReal
  associatedtype Result
  /// Calls `loss` on each example, given as a one-example batch; returns what it made of the
  /// losses.
  mutating func drive(_ loss: (Batch<Value>) -> Value) -> Result
}

/// The losses of a formula's examples one at a time, for a reference that streams a large
/// batch row by row: `idealExampleLoss` and `forEachExampleLoss` with what they would set up per
/// call made once, here. A custom loss's evaluators (their registers, constants and parameters)
/// are made with it, so make it outside the rows' `MPFRReal.scope`s, in the scope of the
/// parameters.
public struct StreamedExampleLoss<T: LossReal> {
  @usableFromInline let formula: Formula
  @usableFromInline let parameters: LossParameters<T>
  /// A custom loss's evaluators of the formula and of the ideal; nil for a built-in.
  @usableFromInline var evaluators: (formula: ExpressionEvaluator<T>, ideal: ExpressionEvaluator<T>)?

  @inlinable
  public init(_ formula: Formula, parameters: LossParameters<T>) {
    self.formula = formula
    self.parameters = parameters
    switch formula.kind {
    case .builtin:
      evaluators = nil
    case .custom(let loss):
      evaluators = (loss.evaluator(loss.formula, parameters), loss.evaluator(loss.ideal, parameters))
    }
  }

  /// `driver.drive` with `idealExampleLoss(formula, on: example, row: 0, parameters:)`.
  @inlinable
  public mutating func ideal<D: ExampleDriver<T>>(driving driver: inout D) -> D.Result {
    switch formula.kind {
    case .builtin(let loss, _):
      return withUnsafePointer(to: parameters) { parameters in
        withUnsafeMutablePointer(to: &driver) { driver in
          loss.visit(DrivenIdeal(driver: driver, parameters: parameters))
        }
      }
    case .custom(let custom):
      return driver.drive { custom.example(0, of: $0, &evaluators!.ideal) }
    }
  }

  /// `driver.drive` with the formula's loss of each example (`forEachExampleLoss` on it).
  @inlinable
  public mutating func formula<D: ExampleDriver<T>>(driving driver: inout D) -> D.Result {
    switch self.formula.kind {
    case .builtin(let loss, let variant):
      return withUnsafePointer(to: parameters) { parameters in
        withUnsafeMutablePointer(to: &driver) { driver in
          loss.visit(DrivenFormula(variantIndex: variant, driver: driver, parameters: parameters))
        }
      }
    case .custom(let custom):
      return driver.drive { custom.example(0, of: $0, &evaluators!.formula) }
    }
  }
}

/// `StreamedExampleLoss.ideal(driving:)` for one family. It borrows the driver and the
/// parameters through pointers, valid during the call only.
@usableFromInline
struct DrivenIdeal<D: ExampleDriver>: LossFamilyVisitor {
  @usableFromInline let driver: UnsafeMutablePointer<D>
  @usableFromInline let parameters: UnsafePointer<LossParameters<D.Value>>

  @inlinable
  init(driver: UnsafeMutablePointer<D>, parameters: UnsafePointer<LossParameters<D.Value>>) {
    self.driver = driver
    self.parameters = parameters
  }

  @inlinable
  func visit<F: LossFamily>(_: F.Type) -> D.Result {
    let parameters = self.parameters
    return driver.pointee.drive { F.idealExample(on: $0, row: 0, parameters: parameters.pointee) }
  }
}

/// `StreamedExampleLoss.formula(driving:)` for one family.
@usableFromInline
struct DrivenFormula<D: ExampleDriver>: LossFamilyVisitor {
  @usableFromInline let variantIndex: Int
  @usableFromInline let driver: UnsafeMutablePointer<D>
  @usableFromInline let parameters: UnsafePointer<LossParameters<D.Value>>

  @inlinable
  init(
    variantIndex: Int, driver: UnsafeMutablePointer<D>,
    parameters: UnsafePointer<LossParameters<D.Value>>
  ) {
    self.variantIndex = variantIndex
    self.driver = driver
    self.parameters = parameters
  }

  @inlinable
  func visit<F: LossFamily>(_: F.Type) -> D.Result {
    let variant = F.variant(variantIndex), parameters = self.parameters
    return driver.pointee.drive { example in
      var sink = LastExampleLoss<D.Value>()
      _ = F.forEachExample(variant, on: example, parameters: parameters.pointee, into: &sink)
      return sink.value!
    }
  }
}
