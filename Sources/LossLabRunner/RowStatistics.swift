import LossLabMeasurement

/// The running figures of one table row over its points. Partial statistics of consecutive
/// chunks of points merge in chunk order, so the figures do not depend on the thread count.
public struct RowStatistics: Sendable {
  public var points = 0
  public var maxULP = 0.0
  /// Sum and count of the finite ULP errors (the mean leaves non-finite results to the class
  /// counts).
  public var sumULP = 0.0
  public var finiteULPCount = 0
  public var maxBits = 0.0
  public var sumBits = 0.0
  public var maxRelative = 0.0
  public var maxFormulaULP = 0.0
  /// Largest |bias| (the formula's exact value against the ideal), relative to the ideal.
  public var maxBias = 0.0
  /// Largest finite |computed value| and |ideal value| (the loss's scale, and any cap).
  public var maxValue = 0.0
  public var maxIdeal = 0.0
  /// Largest measured error over its a priori bound (reductions; must stay ≤ 1), over the points
  /// whose result is finite.
  public var maxBoundRatio: Double? = nil
  public var classCounts: [ErrorClass: Int] = [:]
  /// The point with the largest ULP error (the first such point on ties).
  public var worstPoint: Int? = nil
  public var worstValue = 0.0
  /// ULP-error histogram in quarter octaves, for the p99.
  public var histogram: [Int: Int] = [:]
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
    if measure.ulpError > maxULP || worstPoint == nil || measure.ulpError.isNaN {
      if worstPoint == nil || measure.ulpError > maxULP {
        maxULP = measure.ulpError
        worstPoint = point
        worstValue = measure.value
      }
    }
    if measure.ulpError.isFinite {
      sumULP += measure.ulpError
      finiteULPCount += 1
    }
    maxBits = max(maxBits, measure.bitsError)
    sumBits += measure.bitsError
    if !measure.relativeError.isNaN { maxRelative = max(maxRelative, measure.relativeError) }
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
    classCounts[measure.errorClass, default: 0] += 1
    histogram[RowStatistics.bin(measure.ulpError), default: 0] += 1
  }

  /// Appends `later` (the next chunk of points).
  public mutating func merge(_ later: RowStatistics) {
    guard later.points > 0 else { return }
    if worstPoint == nil || later.maxULP > maxULP {
      maxULP = later.maxULP
      worstPoint = later.worstPoint
      worstValue = later.worstValue
    }
    points += later.points
    uncertified += later.uncertified
    referenceBits = max(referenceBits, later.referenceBits)
    sumULP += later.sumULP
    finiteULPCount += later.finiteULPCount
    maxBits = max(maxBits, later.maxBits)
    sumBits += later.sumBits
    maxRelative = max(maxRelative, later.maxRelative)
    maxFormulaULP = max(maxFormulaULP, later.maxFormulaULP)
    maxBias = max(maxBias, later.maxBias)
    maxValue = max(maxValue, later.maxValue)
    maxIdeal = max(maxIdeal, later.maxIdeal)
    if let ratio = later.maxBoundRatio { maxBoundRatio = max(maxBoundRatio ?? 0, ratio) }
    for (key, count) in later.classCounts { classCounts[key, default: 0] += count }
    for (key, count) in later.histogram { histogram[key, default: 0] += count }
  }

  public var meanULP: Double { finiteULPCount == 0 ? .nan : sumULP / Double(finiteULPCount) }
  public var meanBits: Double { points == 0 ? .nan : sumBits / Double(points) }

  /// The 99th percentile of the ULP error, as the upper edge of its quarter-octave bin (at most
  /// 19% above the true percentile, and never above the maximum); 0 when at least 99% of points
  /// are within 2^-40 ulp.
  public var p99ULP: Double {
    let rank = Int((Double(points) * 0.99).rounded(.up))
    var seen = 0
    for key in histogram.keys.sorted() {
      seen += histogram[key]!
      if seen >= rank { return min(RowStatistics.upperEdge(key), maxULP) }
    }
    return .nan
  }

  static let zeroBin = Int.min, infiniteBin = Int.max
  static func bin(_ ulp: Double) -> Int {
    if ulp.isNaN || ulp.isInfinite { return infiniteBin }
    if ulp < 0x1p-40 { return zeroBin }
    return Int((4 * log2(ulp)).rounded(.down))
  }
  static func upperEdge(_ bin: Int) -> Double {
    if bin == zeroBin { return 0 }
    if bin == infiniteBin { return .infinity }
    return exp2(Double(bin + 1) / 4)
  }

  public func count(_ errorClass: ErrorClass) -> Int { classCounts[errorClass] ?? 0 }
}

#if canImport(Glibc)
import Glibc
#endif
