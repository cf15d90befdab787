import LossLabFormats
import LossLabLosses
import LossLabReductions
import LossLabReference

/// What stays fixed while the runner measures many input points: formulas, formats, how to
/// reduce, the constants, and how precise the reference is.
public final class PointSetup: Sendable {
  public let formulas: [Formula]
  public let formats: [Format]
  public let reduction: Reduction
  /// Each formula is evaluated with each of these (they share the point and its reference).
  public let summations: [Summation]
  /// Parameter values as written, by name (`eps`, `delta`, ...); a loss takes its own defaults
  /// for the rest.
  public let parameters: [String: String]
  public let smoothing: Double
  public let reference: ReferencePrecision
  /// How the framework runs the loss on each format (`pure`: everything in the format).
  public let profile: ExecutionProfile
  /// Each formula's parameter values as written, in its loss's order: the given ones, else its
  /// defaults.
  let parameterTexts: [[String]]
  /// Each formula's parameter values rounded once to the format each format computes in under
  /// the profile, `[formula][format]` (parsed once here, not per point).
  let formatParameters: [[[Double]]]
  /// Each formula's parameter values as binary64 scalars (a Python float's value), for the
  /// kernels that take a framework's scalar (`LossParameters.scalars`).
  let parameterScalars: [[Double]]
  /// Each formula's ideal loss, as the index of the first formula with that ideal (formulas of
  /// one loss share it: a point computes it once), so that a point looks it up in an array.
  let idealIndex: [Int]

  public init(
    formulas: [Formula], formats: [Format], reduction: Reduction, summations: [Summation],
    parameters: [String: String] = [:], smoothing: Double,
    reference: ReferencePrecision = .standard, profile: ExecutionProfile = .pure
  ) {
    self.formulas = formulas
    self.formats = formats
    self.reduction = reduction
    self.summations = summations
    self.parameters = parameters
    self.smoothing = smoothing
    self.reference = reference
    self.profile = profile
    parameterTexts = formulas.map { $0.parameterValues(given: parameters) }
    idealIndex = formulas.map { formula in formulas.firstIndex { $0.ideal == formula.ideal }! }
    parameterScalars = parameterTexts.map { texts in
      texts.map { MPFRReal.roundDecimal($0, in: .float64)! }
    }
    formatParameters = parameterTexts.map { texts in
      formats.map { format in
        texts.map { MPFRReal.roundDecimal($0, in: profile.computeFormat(format))! }
      }
    }
  }
}

/// One point measured: per formula, the ideal value and the formula's bias, and per format the
/// errors in the three views (rounding, end to end, formula).
public struct PointOutcome: Sendable {
  /// The ideal loss on the inputs as given, per formula (formulas of one loss share it).
  public var ideal: [Double]
  /// The formula's exact value minus the ideal, per formula.
  public var bias: [Double]
  /// `results[formula * summations.count + summation][format]`.
  public var results: [[FormatOutcome]]
  /// The precision of the reference the figures come from.
  public var referenceBits: Int
}

public struct FormatOutcome: Sendable {
  /// Rounding error: against the exact value of the formula as written (its ε and clip
  /// included) on the inputs as given: what computing in the format loses.
  public var rounding: ErrorMeasure
  /// End to end: against the ideal loss (no ε, no clip) on the inputs as given.
  public var endToEnd: ErrorMeasure
  public var formulaError: ErrorMeasure
  /// The a priori error bound of the reduction (Higham) on this format's rounded inputs, for the
  /// `identity` loss; nil otherwise.
  public var bound: Double?
  /// False when an adaptive reference could not make this result's figures certain (its own,
  /// and its formula's ideal and bias) at any precision up to the cap: they are then the
  /// figures at the cap, reported as uncertified.
  public var certified: Bool
}

/// Measures every formula of `setup` in every format on one batch of inputs (binary64 values,
/// taken as exact). The formats compute once; the reference of each loss is computed once per
/// precision tried and shared by its formulas and the formats.
///
/// With an adaptive reference, the point is measured at 128 bits and again at twice the
/// precision until its reference's error balls make every figure certain (`ReferenceFigure`),
/// up to the cap; figures still uncertain there are the cap's, marked uncertified.
///
/// With `threads` above 1 the formats are measured on that many threads at once, natives and
/// references alike (`overlappedFirstAttempt` for the first precision, `concurrentMap` for the
/// next): the runner does this for a very large batch, so that its threads share one batch in
/// memory. The outcome is the same for any `threads`.
///
/// Not generic over the batch's element type on purpose: with a concrete `Batch<Double>` the
/// per-format work below specializes for each format (a generic caller from another module
/// would run it unspecialized, through witness tables).
public func measurePoint(_ batch: Batch<Double>, _ setup: PointSetup, threads: Int = 1) -> PointOutcome {
  let certify: Bool
  if case .adaptive = setup.reference { certify = true } else { certify = false }
  // With one thread the formats compute first; with more, together with the first attempt.
  var computed =
    threads > 1
    ? nil
    : setup.formats.map { $0.visit(NativeMeasurement(batch: batch, setup: setup)) }
  var bits = setup.reference.start
  while true {
    // Below the cap an attempt is kept only if it certifies every figure: it stops at the
    // first one it does not (nil), and the next precision is tried.
    let givingUp = certify && bits < setup.reference.cap
    let outcome = MPFRReal.withPrecision(bits) { () -> PointOutcome? in
      if let computed {
        return referenceAttempt(
          batch, setup, computed, certify: certify, bits: bits, givingUp: givingUp,
          threads: threads)?.outcome()
      }
      let (natives, attempt) = overlappedFirstAttempt(
        batch, setup, certify: certify, bits: bits, givingUp: givingUp, threads: threads)
      computed = natives
      return attempt?.outcome()
    }
    if let outcome,
      bits >= setup.reference.cap || outcome.results.allSatisfy({ $0.allSatisfy(\.certified) })
    {
      return outcome
    }
    bits = min(2 * bits, setup.reference.cap)
  }
}

/// What each format computes on the point: per (formula, summation), the value (exact as a
/// Double), the sum of magnitudes that the identity loss's bound needs, and whether rounding to
/// the format left every input as it was (its ideal is then the ideal on the inputs as given;
/// decided once per point, not per reference precision).
struct NativeResults {
  var values: [Double]
  var absoluteSum: Double?
  var inputsRepresentable: Bool
}

struct NativeMeasurement: FormatVisitor {
  let batch: Batch<Double>
  let setup: PointSetup

  func visit<T: MachineFloat>(_ type: T.Type) -> NativeResults {
    // float64 takes the batch as it is (rounding a Double to Double changes nothing; a copy of
    // a reduction point of 2^24 values is 134 MB).
    let rounded = (batch as? Batch<T>) ?? batch.map { T(nearest: $0) }
    let k = setup.formats.firstIndex(of: T.format)!
    // Under Keras and autocast a 16-bit format computes in Float, on its values (exact there);
    // under TensorFlow's and XLA's profiles with subnormal results flushed to zero. The inputs
    // are converted before the flush starts: the frameworks convert a float16 subnormal input
    // exactly, while a software conversion reads it as 0 under the flush's DAZ.
    let computeFormat = setup.profile.computeFormat(T.format)
    let widened = computeFormat == T.format ? nil : rounded.map { Float($0.doubleValue) }
    let computeAll = { widened.map { compute(on: $0, k) } ?? compute(on: rounded, k) }
    let values =
      setup.profile.flushesSubnormals(in: computeFormat)
      ? withSubnormalsFlushed(computeAll) : computeAll()
    let needsSum = setup.formulas.contains(where: \.isIdentity)
    return NativeResults(
      values: values, absoluteSum: needsSum ? exactAbsoluteSum(rounded.yPred) : nil,
      inputsRepresentable: batch.isRepresentable(in: T.self))
  }

  /// Per (formula, summation), the value computed in `C` on the inputs of format `k`, with the
  /// profile's element-wise functions (`ExecutionProfile.elementwise`: under JAX the formulas
  /// run on `XLAReal<C>`, whose exp, log and log1p are XLA's).
  func compute<C: MachineFloat>(on batch: Batch<C>, _ k: Int) -> [Double] {
    switch setup.profile.elementwise {
    case .libm: computeIn(batch, k)
    case .xla: computeIn(batch.map { XLAReal($0) }, k)
    case .eigen: computeIn(EigenReal.placed(batch), k)
    }
  }

  /// `compute` in the number type `C` itself.
  func computeIn<C: MachineFloat>(_ batch: Batch<C>, _ k: Int) -> [Double] {
    var values: [Double] = []
    for (f, formula) in setup.formulas.enumerated() {
      let parameters = LossParameters(
        setup.formatParameters[f][k].map { C(nearest: $0) }, scalars: setup.parameterScalars[f])
      for summation in setup.summations {
        values.append(evaluate(
          formula, on: batch, parameters: parameters, reduction: setup.reduction,
          summation: setup.profile.summation(requested: summation),
          smoothing: C(nearest: setup.smoothing)).doubleValue)
      }
    }
    return values
  }
}

/// Each formula's constants as reference values (in the current scope).
func referenceParameters(_ setup: PointSetup) -> [LossParameters<MPFRBall>] {
  zip(setup.parameterTexts, setup.parameterScalars).map { texts, scalars in
    LossParameters(texts.map { MPFRBall(decimal: $0)! }, scalars: scalars)
  }
}
