import LossLabFormats
import LossLabLosses
import LossLabReductions
import LossLabReference

/// A loss measured in several formats against the MPFR reference: one point of a run, measured
/// by `measurePoint` as the runner measures every point, so that a row's `worst_input` command
/// gives the row's figures.
public struct Evaluation: Sendable {
  /// The ideal loss on the inputs as given, in decimal (at least 40 significant digits).
  public var reference: String
  public var referenceValue: Double
  /// The formula's own exact value on the inputs as given (no rounding error, but its clip or ε).
  public var formulaExact: String
  /// `formulaExact - reference`: the error the formula builds in; 0 when it has no clip or ε.
  public var bias: Double
  /// How the reference was run (certified and adaptive, or a fixed precision).
  public var setting: ReferencePrecision
  /// The precision the figures come from: where certification stopped, or the fixed one.
  public var precision: Int
  /// The inputs as the measurement takes them: binary64 values, as every point of a run (the
  /// parameters stay decimals, rounded by each format and exact in the reference). The input
  /// decimals that are not exactly a binary64, with the value they became.
  public var roundedInputs: [RoundedInput]
  public var results: [FormatResult]
}

/// A decimal input that is not a binary64, and the binary64 nearest to it that was measured.
public struct RoundedInput: Sendable {
  public var text: String
  public var value: Double
}

/// One format's answer under one execution profile, and its errors in the three views.
public struct FormatResult: Sendable {
  /// The format of the inputs.
  public var format: Format
  public var profile: ExecutionProfile
  /// Rounding error: against the exact value of the formula as written (its ε and clip
  /// included) on the inputs as given.
  public var rounding: ErrorMeasure
  /// End to end: against the ideal loss on the inputs as given.
  public var endToEnd: ErrorMeasure
  /// Formula error: against the ideal loss on the inputs after rounding to this format, so that
  /// what the formula and its arithmetic lose is told apart from what rounding the inputs loses.
  public var formulaError: ErrorMeasure
  /// The ideal loss on the rounded inputs (decimal).
  public var formulaReference: String
  /// False when the certified reference could not make this result's figures certain up to its
  /// cap (they are then the cap's); always true at a fixed precision.
  public var certified: Bool

  public var value: Double { endToEnd.value }
  /// The format the value comes out in (float32 for 16-bit inputs under Keras and autocast).
  public var outputFormat: Format { profile.outputFormat(format) }
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

  /// Measures the query in each of `formats` as `losslab run` measures a point: the inputs
  /// rounded once to binary64, each format rounding those, against the reference `reference`
  /// (certified by default).
  public func evaluate(
    formats: [Format], reference: ReferencePrecision = .standard,
    profiles: [ExecutionProfile] = [.pure]
  ) throws -> Evaluation {
    try validate()
    let point = batch { MPFRReal.roundDecimal($0, in: .float64)! }
    let setups = profiles.map {
      PointSetup(
        formulas: [formula], formats: formats, reduction: reduction, summations: [summation],
        parameters: parameters, smoothing: defaultSmoothing, reference: reference, profile: $0)
    }
    var results: [FormatResult] = []
    var outcomes: [PointOutcome] = []
    for (profile, setup) in zip(profiles, setups) {
      let outcome = measurePoint(point, setup)
      outcomes.append(outcome)
      for k in formats.indices {
        let figures = outcome.results[0][k]
        results.append(FormatResult(
          format: formats[k], profile: profile, rounding: figures.rounding,
          endToEnd: figures.endToEnd, formulaError: figures.formulaError, formulaReference: "",
          certified: figures.certified))
      }
    }
    // The reference values do not depend on the profile; shown at the most precision used.
    let bits = outcomes.map(\.referenceBits).max()!
    let decimals = MPFRReal.withPrecision(bits) { referenceDecimals(point, setups[0]) }
    for i in results.indices {
      results[i].formulaReference = decimals.formulaReferences[formats.firstIndex(of: results[i].format)!]
    }
    return Evaluation(
      reference: decimals.ideal, referenceValue: outcomes[0].ideal[0],
      formulaExact: decimals.formulaExact, bias: outcomes[0].bias[0], setting: reference,
      precision: bits, roundedInputs: roundedInputs(), results: results)
  }

  /// The inputs that are not exactly a binary64, with the binary64 they were measured as.
  func roundedInputs() -> [RoundedInput] {
    MPFRReal.withPrecision(MPFRReal.precisionRange.upperBound) {
      (yTrue + yPred + weights).compactMap { text in
        let value = MPFRReal.roundDecimal(text, in: .float64)!
        // NaN is a binary64 (and equal to nothing, itself included).
        if value.isNaN { return nil }
        return MPFRReal(decimal: text)! == MPFRReal(value) ? nil : RoundedInput(text: text, value: value)
      }
    }
  }

  /// The batch with every decimal turned into a value by `convert`.
  func batch<T>(_ convert: (String) -> T) -> Batch<T> {
    Batch(
      yTrue: yTrue.map(convert), yPred: yPred.map(convert), labels: labels,
      weights: weights.map(convert), columns: columns)
  }
}

/// The reference values behind a point's figures, as decimals, at the current precision: the
/// ideal loss, the formula's exact value and, per format, the ideal on that format's inputs.
/// The same functions `measurePoint` computes its figures from.
func referenceDecimals(_ batch: Batch<Double>, _ setup: PointSetup) -> (
  ideal: String, formulaExact: String, formulaReferences: [String]
) {
  let formula = setup.formulas[0], parameters = referenceParameters(setup)[0]
  let ideal = streamingIdeal(
    formula, on: batch, roundedTo: Double.self, parameters: parameters,
    reduction: setup.reduction, smoothing: setup.smoothing)
  let exact =
    formula.hasBias
    ? streamingFormulaExact(
      formula, on: batch, parameters: parameters, reduction: setup.reduction,
      smoothing: setup.smoothing) : ideal
  let formulaReferences = setup.formats.map {
    $0.visit(FormatIdeal(batch: batch, setup: setup, parameters: parameters))
      .midpoint.decimalString()
  }
  return (ideal.midpoint.decimalString(), exact.midpoint.decimalString(), formulaReferences)
}

/// The ideal loss on the inputs rounded to one format.
struct FormatIdeal: FormatVisitor {
  let batch: Batch<Double>
  let setup: PointSetup
  let parameters: LossParameters<MPFRBall>

  func visit<T: MachineFloat>(_ type: T.Type) -> MPFRBall {
    streamingIdeal(
      setup.formulas[0], on: batch, roundedTo: T.self, parameters: parameters,
      reduction: setup.reduction, smoothing: setup.smoothing)
  }
}
