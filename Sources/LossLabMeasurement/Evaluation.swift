import LossLabFormats
import LossLabLosses
import LossLabReductions
import LossLabReference

/// A loss measured in several formats against the MPFR reference.
public struct Evaluation: Sendable {
  /// The ideal loss on the inputs as given, in decimal (at least 40 significant digits).
  public var reference: String
  public var referenceValue: Double
  /// The formula's own exact value on the inputs as given (no rounding error, but its clip or ε).
  public var formulaExact: String
  /// `formulaExact - reference`: the error the formula builds in; 0 when it has no clip or ε.
  public var bias: Double
  public var precision: Int
  public var results: [FormatResult]
}

/// One format's answer and its errors in the two views.
public struct FormatResult: Sendable {
  public var format: Format
  /// End to end: against the ideal loss on the inputs as given.
  public var endToEnd: ErrorMeasure
  /// Formula error: against the ideal loss on the inputs after rounding to this format, so that
  /// what the formula and its arithmetic lose is told apart from what rounding the inputs loses.
  public var formulaError: ErrorMeasure
  /// The ideal loss on the rounded inputs (decimal).
  public var formulaReference: String

  public var value: Double { endToEnd.value }
}

/// Why an evaluation could not run; the message names what was wrong.
public struct EvaluationError: Error, CustomStringConvertible {
  public var description: String
}

extension LossQuery {
  /// Checks the shape of the inputs; throws with a one-line message naming what is wrong.
  public func validate() throws {
    guard columns >= 1 else { throw EvaluationError(description: "--classes must be at least 1") }
    guard !yPred.isEmpty else { throw EvaluationError(description: "--y-pred is empty") }
    guard yPred.count % columns == 0 else {
      throw EvaluationError(
        description: "--y-pred has \(yPred.count) values, not a multiple of --classes \(columns)")
    }
    let rows = yPred.count / columns
    if formula.shape.hasLabels {
      guard labels.count == rows else {
        throw EvaluationError(
          description: "--y-true needs one integer label per row: \(rows) rows, \(labels.count) labels")
      }
      if let bad = labels.first(where: { !(0..<columns).contains($0) }) {
        throw EvaluationError(
          description: "--y-true label \(bad) is not a class index in 0..<\(columns)")
      }
    } else if yTrue.count != yPred.count {
      throw EvaluationError(
        description: "--y-true has \(yTrue.count) values but --y-pred has \(yPred.count)")
    }
    if formula.shape.usesWeights, weights.count != rows {
      throw EvaluationError(
        description: "--weights needs one weight per row: \(rows) rows, \(weights.count) weights")
    }
    for (name, list) in [("--y-true", yTrue), ("--y-pred", yPred), ("--weights", weights)] {
      if let bad = list.first(where: { MPFRReal.roundDecimal($0, in: .float64) == nil }) {
        throw EvaluationError(description: "\(name): '\(bad)' is not a number")
      }
    }
    for (parameter, value) in zip(formula.parameters, parameterValues)
    where MPFRReal.roundDecimal(value, in: .float64) == nil {
      throw EvaluationError(description: "--param \(parameter.name): '\(value)' is not a number")
    }
  }

  /// Measures the query in each of `formats` against a reference at `precision` bits.
  public func evaluate(formats: [Format], precision: Int = MPFRReal.defaultPrecision) throws
    -> Evaluation
  {
    try validate()
    return MPFRReal.withPrecision(precision) {
      let exactBatch = batch { MPFRReal(decimal: $0)! }
      let exactParameters = parameters { MPFRReal(decimal: $0)! }
      let ideal = evaluateIdeal(formula, on: exactBatch, parameters: exactParameters,
        reduction: reduction)
      let formulaExact = LossLabLosses.evaluate(formula, on: exactBatch,
        parameters: exactParameters, reduction: reduction, summation: .recursive)
      let results = formats.map { format in
        format.visit(FormatMeasurement(query: self, reference: ideal))
      }
      return Evaluation(
        reference: ideal.decimalString(), referenceValue: ideal.doubleValue,
        formulaExact: formulaExact.decimalString(),
        bias: (formulaExact - ideal).doubleValue, precision: precision, results: results)
    }
  }

  /// The batch with every decimal turned into a value by `convert`.
  func batch<T>(_ convert: (String) -> T) -> Batch<T> {
    Batch(
      yTrue: yTrue.map(convert), yPred: yPred.map(convert), labels: labels,
      weights: weights.map(convert), columns: columns)
  }

  func parameters<T>(_ convert: (String) -> T) -> LossParameters<T> {
    LossParameters(parameterValues.map(convert))
  }
}

/// The measurement for one format, run specialized for that format's type.
struct FormatMeasurement: FormatVisitor {
  let query: LossQuery
  let reference: MPFRReal

  func visit<T: MachineFloat>(_ type: T.Type) -> FormatResult {
    let round = { (text: String) in T(nearest: MPFRReal.roundDecimal(text, in: T.format)!) }
    let batch = query.batch(round)
    let computed = LossLabLosses.evaluate(
      query.formula, on: batch, parameters: query.parameters(round),
      reduction: query.reduction, summation: query.summation)
    return MPFRReal.scope {
      let roundedInputs = batch.map { MPFRReal($0.doubleValue) }
      let exactParameters = query.parameters { MPFRReal(decimal: $0)! }
      let formulaReference = evaluateIdeal(
        query.formula, on: roundedInputs, parameters: exactParameters,
        reduction: query.reduction)
      return FormatResult(
        format: T.format,
        endToEnd: ErrorMeasure(computed, against: reference),
        formulaError: ErrorMeasure(computed, against: formulaReference),
        formulaReference: formulaReference.decimalString())
    }
  }
}
