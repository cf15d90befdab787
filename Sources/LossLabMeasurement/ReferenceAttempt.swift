import LossLabFormats
import LossLabLosses
import LossLabReductions
import LossLabReference

/// A figure derived from the reference at one precision: the certain value when the reference's
/// ball makes it certain, else the value at the reference's midpoint. (A certain figure is the
/// midpoint's too, so the midpoint's is computed only where the ball does not settle it.)
struct ReferenceFigure<Value> {
  var value: Value
  var isCertain: Bool
}

/// The figures of one computed value against the reference.
struct FormatFigures {
  var rounding: ErrorMeasure
  var endToEnd: ErrorMeasure
  var formulaError: ErrorMeasure
  var bound: Double?

  func hasSameFigures(as other: FormatFigures) -> Bool {
    rounding.hasSameFigures(as: other.rounding)
      && endToEnd.hasSameFigures(as: other.endToEnd)
      && formulaError.hasSameFigures(as: other.formulaError)
      && bound?.bitPattern == other.bound?.bitPattern
  }
}

/// A point's figures against the reference at one precision.
struct ReferenceAttempt {
  var bits: Int
  /// Per formula.
  var ideals: [ReferenceFigure<Double>]
  var biases: [ReferenceFigure<Double>]
  /// `results[formula * summations.count + summation][format]`.
  var results: [[ReferenceFigure<FormatFigures>]]
  var summationCount: Int

  /// The outcome: each figure as its ball makes it certain or, failing that, as at the
  /// midpoint, marked uncertified. With no certification (a fixed precision), every figure is
  /// the midpoint's and counts as certified.
  func outcome() -> PointOutcome {
    let formulaCertain = ideals.indices.map { ideals[$0].isCertain && biases[$0].isCertain }
    let results = results.enumerated().map { v, formats in
      formats.map { figure -> FormatOutcome in
        let figures = figure.value
        return FormatOutcome(
          rounding: figures.rounding, endToEnd: figures.endToEnd, formulaError: figures.formulaError, bound: figures.bound,
          certified: figure.isCertain && formulaCertain[v / summationCount])
      }
    }
    return PointOutcome(
      ideal: ideals.map(\.value), bias: biases.map(\.value), results: results, referenceBits: bits)
  }
}

/// The point's figures against a reference at the current precision; with `certify`, each
/// figure also says whether its ball makes it certain. Without, every figure counts as certain
/// (a fixed precision is taken as is).
///
/// With `givingUp` (a certified attempt below the cap, whose figures are used only if every
/// one is certain), nil as soon as one figure is not certain: the rest of its format is not
/// computed. With `threads` above 1 the formats' figures are computed on that many threads
/// (`concurrentMap`), each at `bits` in a scope of its own.
func referenceAttempt(
  _ batch: Batch<Double>, _ setup: PointSetup, _ computed: [NativeResults], certify: Bool,
  bits: Int, givingUp: Bool, threads: Int
) -> ReferenceAttempt? {
  guard let formulas = formulaReference(batch, setup, certify: certify, givingUp: givingUp)
  else { return nil }
  if threads > 1 {
    guard
      let perFormat = formatsFigures(
        Array(setup.formats.indices), batch, setup, formulas, computed, certify: certify,
        bits: bits, givingUp: givingUp, threads: threads)
    else { return nil }
    return ReferenceAttempt(setup, formulas, perFormat, bits: bits)
  }
  var perFormat: [[ReferenceFigure<FormatFigures>]] = []
  perFormat.reserveCapacity(setup.formats.count)
  for k in setup.formats.indices {
    guard
      let figures = formatFigures(
        k, batch, setup, formulas, computed[k], certify: certify, givingUp: givingUp)
    else { return nil }
    perFormat.append(figures)
  }
  return ReferenceAttempt(setup, formulas, perFormat, bits: bits)
}

/// The formulas' part of a reference attempt, shared by the formats: each formula's ideal (at
/// `setup.idealIndex`) and its exact value as written where that differs (a clip or ε), with
/// their figures. Its balls live in the calling thread's registers at the current precision;
/// other threads may read them while that scope lasts.
struct FormulaReference {
  var constants: [LossParameters<MPFRBall>]
  var ideals: [MPFRBall?]
  var exacts: [MPFRBall?]
  var idealFigures: [ReferenceFigure<Double>]
  var biasFigures: [ReferenceFigure<Double>]
}

/// The formulas' part at the current precision; with `givingUp`, nil at the first figure that
/// is not certain.
func formulaReference(
  _ batch: Batch<Double>, _ setup: PointSetup, certify: Bool, givingUp: Bool
) -> FormulaReference? {
  var ideals = [MPFRBall?](repeating: nil, count: setup.formulas.count)
  var exacts: [MPFRBall?] = []
  var idealFigures: [ReferenceFigure<Double>] = [], biasFigures: [ReferenceFigure<Double>] = []
  let constants = referenceParameters(setup)
  for (f, formula) in setup.formulas.enumerated() {
    let parameters = constants[f]
    let ideal =
      ideals[setup.idealIndex[f]]
      ?? decided {
        streamingIdeal(
          formula, on: batch, roundedTo: Double.self, parameters: parameters,
          reduction: setup.reduction, smoothing: setup.smoothing)
      }
    ideals[setup.idealIndex[f]] = ideal
    idealFigures.append(figure(ideal, certify: certify))
    if givingUp && !idealFigures.last!.isCertain { return nil }
    if !formula.hasBias {
      biasFigures.append(ReferenceFigure(value: 0, isCertain: true))
      exacts.append(nil)
      continue
    }
    let exact = decided {
      streamingFormulaExact(
        formula, on: batch, parameters: parameters, reduction: setup.reduction,
        smoothing: setup.smoothing)
    }
    exacts.append(exact)
    biasFigures.append(biasFigure(exact, ideal, certify: certify))
    if givingUp && !biasFigures.last!.isCertain { return nil }
  }
  return FormulaReference(
    constants: constants, ideals: ideals, exacts: exacts, idealFigures: idealFigures,
    biasFigures: biasFigures)
}

/// The figures of the formats `formats` (indices into `setup.formats`), in that order, on up to
/// `threads` threads, each at `bits` in a scope of its own; nil as soon as one format's is.
func formatsFigures(
  _ formats: [Int], _ batch: Batch<Double>, _ setup: PointSetup, _ formulas: FormulaReference,
  _ computed: [NativeResults], certify: Bool, bits: Int, givingUp: Bool, threads: Int
) -> [[ReferenceFigure<FormatFigures>]]? {
  concurrentMap(formats.count, threads: threads) { i in
    MPFRReal.withPrecision(bits) {
      formatFigures(
        formats[i], batch, setup, formulas, computed[formats[i]], certify: certify,
        givingUp: givingUp)
    }
  }
}

/// Format `k`'s figures at the current precision, against the formulas' part; with `givingUp`,
/// nil at the first figure that is not certain.
func formatFigures(
  _ k: Int, _ batch: Batch<Double>, _ setup: PointSetup, _ formulas: FormulaReference,
  _ computed: NativeResults, certify: Bool, givingUp: Bool
) -> [ReferenceFigure<FormatFigures>]? {
  setup.formats[k].visit(FormatReference(
    batch: batch, setup: setup, constants: formulas.constants, ideals: formulas.ideals,
    exacts: formulas.exacts, computed: computed, certify: certify, givingUp: givingUp))
}

extension ReferenceAttempt {
  /// The attempt from its formulas' part and each format's figures (`perFormat[k]`).
  init(
    _ setup: PointSetup, _ formulas: FormulaReference,
    _ perFormat: [[ReferenceFigure<FormatFigures>]], bits: Int
  ) {
    var results = Array(
      repeating: [ReferenceFigure<FormatFigures>](),
      count: setup.formulas.count * setup.summations.count)
    for figures in perFormat {
      for (index, figure) in figures.enumerated() { results[index].append(figure) }
    }
    self.init(
      bits: bits, ideals: formulas.idealFigures, biases: formulas.biasFigures, results: results,
      summationCount: setup.summations.count)
  }
}

/// The ball's midpoint as a Double, and the Double of every point of the ball when they agree
/// (see `certainDouble`); with `certify` false, the midpoint's counts as certain.
func figure(_ ball: MPFRBall, certify: Bool) -> ReferenceFigure<Double> {
  if certify, let certain = certainDouble(ball) { return ReferenceFigure(value: certain, isCertain: true) }
  return ReferenceFigure(value: ball.midpoint.doubleValue, isCertain: !certify)
}

/// The bias `exact - ideal` as `figure` does it, 0 for the same infinity; and, where that is
/// not certain, a certain 0 when the bias is certainly too small for a Double (below 2^-1075,
/// so that every value it could be rounds to zero). A formula equal to the ideal by an identity
/// the balls' names do not see (`log1p(p) - log1p(y)` against `log1p((p - y) / (1 + y))`) is
/// certified so, once the precision is high enough.
func biasFigure(_ exact: MPFRBall, _ ideal: MPFRBall, certify: Bool) -> ReferenceFigure<Double> {
  if exact.midpoint.isInfinite && ideal.midpoint.isInfinite
    && exact.midpoint.isNegative == ideal.midpoint.isNegative
  {
    let sure = !certify || (exact.isExact && ideal.isExact)
    return ReferenceFigure(value: 0, isCertain: sure)
  }
  let bias = exact - ideal
  let result = figure(bias, certify: certify)
  guard !result.isCertain else { return result }
  // |exact - ideal| ≤ |exact - ideal midpoints| + both errors; the midpoints' difference is
  // within twice its rounded value.
  let difference = MPFRBall(midpoint: bias.midpoint, relativeError: .zero).sizeBound
  let spread =
    ErrorBound(2) * difference
    + (exact.relativeError.isFinite ? exact.relativeError * exact.sizeBound : .infinity)
    + (ideal.relativeError.isFinite ? ideal.relativeError * ideal.sizeBound : .infinity)
  if spread.isFinite && spread.exponent < -1076 { return ReferenceFigure(value: 0, isCertain: true) }
  return result
}

/// One format's figures against the reference, specialized for the format's type.
struct FormatReference: FormatVisitor {
  let batch: Batch<Double>
  let setup: PointSetup
  let constants: [LossParameters<MPFRBall>]
  /// Per formula (at `setup.idealIndex`), the ideal.
  let ideals: [MPFRBall?]
  /// Per formula, its exact value as written; nil where that is the ideal.
  let exacts: [MPFRBall?]
  let computed: NativeResults
  let certify: Bool
  /// nil at the first figure that is not certain (see `referenceAttempt`).
  let givingUp: Bool

  func visit<T: MachineFloat>(_ type: T.Type) -> [ReferenceFigure<FormatFigures>]? {
    // Where rounding to T changes no input (always binary64), the ideal on the rounded inputs
    // is the same computation as the ideal itself: reused, not recomputed.
    var formulaIdeals =
      computed.inputsRepresentable ? ideals : [MPFRBall?](repeating: nil, count: ideals.count)
    var figures: [ReferenceFigure<FormatFigures>] = []
    var index = 0
    for (f, formula) in setup.formulas.enumerated() {
      let slot = setup.idealIndex[f]
      if formulaIdeals[slot] == nil {
        formulaIdeals[slot] = decided {
          streamingIdeal(
            formula, on: batch, roundedTo: T.self, parameters: constants[f],
            reduction: setup.reduction, smoothing: setup.smoothing)
        }
      }
      let formulaIdeal = formulaIdeals[slot]!
      for summation in setup.summations {
        let value = computed.values[index]
        index += 1
        let bound = formula.isIdentity ? setup.profile.summation(requested: summation) : nil
        // The value in the format the profile returns (Float for Keras and autocast on 16 bits).
        func figure<O: MachineFloat>(_: O.Type) -> ReferenceFigure<FormatFigures> {
          measure(
            O(nearest: value), ideal: ideals[slot]!, exact: exacts[f],
            formulaIdeal: formulaIdeal,
            bound: bound, rows: batch.rows)
        }
        figures.append(
          setup.profile.outputFormat(T.format) == T.format ? figure(T.self) : figure(Float.self))
        if givingUp && !figures.last!.isCertain { return nil }
      }
    }
    return figures
  }

  /// The figures of one computed value: certain where the balls make them so, else at the
  /// midpoints. `exact` is the formula's exact value as written, nil where it is the ideal (the
  /// rounding error is then the end-to-end error). Where the formula's ideal is the very ball of
  /// the ideal (inputs the format leaves as they are), the formula error is the end-to-end error
  /// too: each distinct reference is measured once.
  func measure<T: MachineFloat>(
    _ value: T, ideal: MPFRBall, exact: MPFRBall?, formulaIdeal: MPFRBall,
    bound summation: Summation?, rows: Int
  ) -> ReferenceFigure<FormatFigures> {
    func bound(_ exactSum: MPFRReal) -> Double? {
      summation.flatMap {
        reductionBound(
          n: rows, T.self, absSum: computed.absoluteSum!, reduction: setup.reduction,
          summation: $0, exactSum: exactSum)
      }
    }
    let formulaIsIdeal = formulaIdeal.isIdentical(to: ideal)
    func atMidpoint() -> FormatFigures {
      let endToEnd = ErrorMeasure(value, against: ideal.midpoint)
      return FormatFigures(
        rounding: exact.map { ErrorMeasure(value, against: $0.midpoint) } ?? endToEnd,
        endToEnd: endToEnd,
        formulaError: formulaIsIdeal ? endToEnd : ErrorMeasure(value, against: formulaIdeal.midpoint),
        bound: bound(formulaIdeal.midpoint))
    }
    func certain() -> FormatFigures? {
      guard let endToEnd = certainMeasure(value, against: ideal) else { return nil }
      let rounding = if let exact { certainMeasure(value, against: exact) } else { endToEnd }
      guard let rounding,
        let formulaError = formulaIsIdeal ? endToEnd : certainMeasure(value, against: formulaIdeal)
      else { return nil }
      var certainBound: Double? = nil
      if summation != nil {
        guard let (low, high) = formulaIdeal.bounds else { return nil }
        let (a, b) = (bound(low), bound(high))
        guard a?.bitPattern == b?.bitPattern else { return nil }
        certainBound = a
      }
      return FormatFigures(
        rounding: rounding, endToEnd: endToEnd, formulaError: formulaError, bound: certainBound)
    }
    guard certify else { return ReferenceFigure(value: atMidpoint(), isCertain: true) }
    if let figures = certain() { return ReferenceFigure(value: figures, isCertain: true) }
    return ReferenceFigure(value: atMidpoint(), isCertain: false)
  }
}
