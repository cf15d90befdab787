import LossLabMeasurement

/// The running figures of one table row over its points: the error in two views (end to end,
/// and rounding against the formula as written), the formula view's maximum, the bias, the
/// scale and the reference. Partial statistics of consecutive chunks of points merge in chunk
/// order, so the figures do not depend on the thread count.
public struct RowStatistics: Sendable {
  public var points = 0
  /// Against the ideal loss (no ε, no clip) on the inputs as given.
  public var endToEnd = ErrorTally()
  /// Against the exact value of the formula as written (its ε and clip included) on the inputs
  /// as given: what computing in the format loses.
  public var rounding = ErrorTally()
  public var maxFormulaULP = 0.0
  /// Largest |bias| (the formula's exact value against the ideal), relative to the ideal.
  public var maxBias = 0.0
  /// Largest finite |computed value| and |ideal value| (the loss's scale, and any cap).
  public var maxValue = 0.0
  public var maxIdeal = 0.0
  /// Largest measured error over its a priori bound (reductions; must stay ≤ 1), over the points
  /// whose result is finite.
  public var maxBoundRatio: Double? = nil
  /// Points whose figures the adaptive reference could not certify up to its cap.
  public var uncertified = 0
  /// The highest reference precision any point needed.
  public var referenceBits = 0

  public init() {}

  public mutating func add(
    point: Int, outcome: FormatOutcome, ideal: Double, bias: Double, referenceBits bits: Int
  ) {
    let measure = outcome.endToEnd
    points += 1
    if !outcome.certified { uncertified += 1 }
    referenceBits = max(referenceBits, bits)
    endToEnd.add(measure, point: point)
    rounding.add(outcome.rounding, point: point)
    maxFormulaULP = max(maxFormulaULP, outcome.formulaError.ulpError)
    if bias != 0 {
      let relative = ideal.isFinite && ideal != 0 ? abs(bias / ideal) : abs(bias)
      if !relative.isNaN { maxBias = max(maxBias, relative) }
    }
    if measure.value.isFinite { maxValue = max(maxValue, abs(measure.value)) }
    if ideal.isFinite { maxIdeal = max(maxIdeal, abs(ideal)) }
    // Higham's bounds assume no overflow: a result past the format's range is an overflow
    // (counted above), not a bound to check.
    if let bound = outcome.bound, outcome.formulaError.value.isFinite {
      let error = outcome.formulaError.absoluteError
      let ratio = error == 0 ? 0 : error / bound
      maxBoundRatio = max(maxBoundRatio ?? 0, ratio)
    }
  }

  /// Appends `later` (the next chunk of points).
  public mutating func merge(_ later: RowStatistics) {
    guard later.points > 0 else { return }
    points += later.points
    endToEnd.merge(later.endToEnd)
    rounding.merge(later.rounding)
    uncertified += later.uncertified
    referenceBits = max(referenceBits, later.referenceBits)
    maxFormulaULP = max(maxFormulaULP, later.maxFormulaULP)
    maxBias = max(maxBias, later.maxBias)
    maxValue = max(maxValue, later.maxValue)
    maxIdeal = max(maxIdeal, later.maxIdeal)
    if let ratio = later.maxBoundRatio { maxBoundRatio = max(maxBoundRatio ?? 0, ratio) }
  }

  // The end-to-end figures, by their table names.
  public var maxULP: Double { endToEnd.maxULP }
  public var meanULP: Double { endToEnd.meanULP }
  public var p99ULP: Double { endToEnd.p99ULP }
  public var maxBits: Double { endToEnd.maxBits }
  public var meanBits: Double { endToEnd.meanBits }
  public var maxRelative: Double { endToEnd.maxRelative }
  public var classCounts: [ErrorClass: Int] { endToEnd.classCounts }
  public var histogram: [Int: Int] { endToEnd.histogram }
  public var worstPoint: Int? { endToEnd.worstPoint }
  public func count(_ errorClass: ErrorClass) -> Int { endToEnd.count(errorClass) }
}
