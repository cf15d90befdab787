import LossLabFormats
import LossLabLosses
import LossLabReductions
import LossLabReference

/// What stays fixed while the runner measures many input points: formulas, formats, how to
/// reduce, and the constants.
public struct PointSetup: Sendable {
  public var formulas: [Formula]
  public var formats: [Format]
  public var reduction: Reduction
  /// Each formula is evaluated with each of these (they share the point and its reference).
  public var summations: [Summation]
  /// ε as written; nil for each loss's default.
  public var epsilon: String?
  public var delta: Double
  public var smoothing: Double

  public init(
    formulas: [Formula], formats: [Format], reduction: Reduction, summations: [Summation],
    epsilon: String?, delta: Double, smoothing: Double
  ) {
    self.formulas = formulas
    self.formats = formats
    self.reduction = reduction
    self.summations = summations
    self.epsilon = epsilon
    self.delta = delta
    self.smoothing = smoothing
  }

  /// The ε a formula uses: the one given, else its loss's default, else 0 (unused).
  public func epsilon(for formula: Formula) -> String {
    epsilon ?? formula.loss.defaultEpsilon ?? "0"
  }
}

/// One point measured: per formula, the ideal value and the formula's bias, and per format the
/// errors in both views.
public struct PointOutcome: Sendable {
  /// The ideal loss on the inputs as given, per formula (formulas of one loss share it).
  public var ideal: [Double]
  /// The formula's exact value minus the ideal, per formula.
  public var bias: [Double]
  /// `results[formula * summations.count + summation][format]`.
  public var results: [[FormatOutcome]]
}

public struct FormatOutcome: Sendable {
  public var endToEnd: ErrorMeasure
  public var formulaError: ErrorMeasure
  /// The a priori error bound of the reduction (Higham) on this format's rounded inputs, for the
  /// `identity` loss; nil otherwise.
  public var bound: Double?
}

/// Measures every formula of `setup` in every format on one batch of inputs (binary64 values,
/// taken as exact). The reference of each loss is computed once and shared by its formulas and
/// the formats.
///
/// Not generic over the batch's element type on purpose: with a concrete `Batch<Double>` the
/// per-format work below specializes for each format (a generic caller from another module
/// would run it unspecialized, through witness tables).
public func measurePoint(_ batch: Batch<Double>, _ setup: PointSetup) -> PointOutcome {
  MPFRReal.scope {
    var ideals: [Loss: MPFRReal] = [:]
    var idealValues: [Double] = [], biases: [Double] = []
    for formula in setup.formulas {
      let parameters = referenceParameters(setup, formula)
      let ideal =
        ideals[formula.loss]
        ?? streamingIdeal(
          formula.loss, on: batch, parameters: parameters, reduction: setup.reduction,
          smoothing: setup.smoothing)
      ideals[formula.loss] = ideal
      idealValues.append(ideal.doubleValue)
      if formula.equalsIdealExactly {
        biases.append(0)
      } else {
        let exact = streamingFormulaExact(
          formula, on: batch, parameters: parameters, reduction: setup.reduction,
          smoothing: setup.smoothing)
        let bias = exact - ideal
        biases.append(bias.isNaN && exact.isInfinite && ideal.isInfinite ? 0 : bias.doubleValue)
      }
    }
    var results = Array(
      repeating: [FormatOutcome](), count: setup.formulas.count * setup.summations.count)
    for format in setup.formats {
      let outcomes = format.visit(
        FormatPointMeasurement(batch: batch, setup: setup, ideals: ideals))
      for (index, outcome) in outcomes.enumerated() { results[index].append(outcome) }
    }
    return PointOutcome(ideal: idealValues, bias: biases, results: results)
  }
}

func referenceParameters(_ setup: PointSetup, _ formula: Formula) -> LossParameters<MPFRReal> {
  LossParameters(
    epsilon: MPFRReal(decimal: setup.epsilon(for: formula))!, delta: MPFRReal(setup.delta))
}

extension Formula {
  /// Formulas that are the ideal loss itself in exact arithmetic (no clip, ε or clamp), so their
  /// bias is 0 without computing it. The naive and stable forms compute the ideal loss exactly
  /// in real arithmetic; where they fail (`0 · log 0`, `log(1 - σ(x))` with σ(x) = 1) the failure
  /// is their arithmetic's, not a built-in approximation, and evaluating them even at 256 bits
  /// would show the same failure for |x| beyond about 177 (e^-177 < 2^-256).
  public var equalsIdealExactly: Bool { !(usesEpsilon || self == .bceTorch) }
}

/// The measurement of one format on one point, specialized for the format's type.
struct FormatPointMeasurement: FormatVisitor {
  let batch: Batch<Double>
  let setup: PointSetup
  let ideals: [Loss: MPFRReal]

  func visit<T: MachineFloat>(_ type: T.Type) -> [FormatOutcome] {
    let rounded = batch.map { T(nearest: $0) }
    var absoluteSum: Double? = nil
    var formulaIdeals: [Loss: MPFRReal] = [:]
    var outcomes: [FormatOutcome] = []
    for formula in setup.formulas {
      let parameters = LossParameters(
        epsilon: T(nearest: MPFRReal.roundDecimal(setup.epsilon(for: formula), in: T.format)!),
        delta: T(nearest: setup.delta))
      let formulaIdeal =
        formulaIdeals[formula.loss]
        ?? streamingIdeal(
          formula.loss, on: rounded, parameters: referenceParameters(setup, formula),
          reduction: setup.reduction, smoothing: setup.smoothing)
      formulaIdeals[formula.loss] = formulaIdeal
      for summation in setup.summations {
        let computed = evaluate(
          formula, on: rounded, parameters: parameters, reduction: setup.reduction,
          summation: summation, smoothing: T(nearest: setup.smoothing))
        var bound: Double? = nil
        if formula.loss == .identity {
          let sum = absoluteSum ?? exactAbsoluteSum(rounded.yPred)
          absoluteSum = sum
          bound = reductionBound(
            n: rounded.rows, T.self, absSum: sum, reduction: setup.reduction,
            summation: summation, exactSum: formulaIdeal)
        }
        outcomes.append(FormatOutcome(
          endToEnd: ErrorMeasure(computed, against: ideals[formula.loss]!),
          formulaError: ErrorMeasure(computed, against: formulaIdeal), bound: bound))
      }
    }
    return outcomes
  }
}
