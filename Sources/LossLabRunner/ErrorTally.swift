import LossLabMeasurement

/// The running figures of one view of the error (end to end, or rounding) over a row's points:
/// maximum, mean and p99 of the ULP error, bits, relative error and the classes. Tallies of
/// consecutive chunks of points merge in chunk order, so the figures do not depend on the
/// thread count.
public struct ErrorTally: Sendable {
  public var maxULP = 0.0
  /// Sum and count of the finite ULP errors (the mean leaves non-finite results to the class
  /// counts).
  public var sumULP = 0.0
  public var finiteULPCount = 0
  public var maxBits = 0.0
  public var sumBits = 0.0
  public var maxRelative = 0.0
  public var classCounts: [ErrorClass: Int] = [:]
  /// ULP-error histogram in quarter octaves, for the p99.
  public var histogram: [Int: Int] = [:]
  public var points = 0
  /// The largest ULP error over the points not flushed to zero, and the largest exact |value|
  /// among those that were (what a flush loses: a loss below the format's smallest normal).
  public var maxULPUnflushed = 0.0
  public var largestFlushed = 0.0
  /// Points whose computed value is NaN or ±inf, whatever the exact value (an infinite result
  /// against an infinite exact loss is `exact`, and still not a finite loss).
  public var nonFiniteValues = 0
  /// The point with the largest ULP error (the first such point on ties).
  public var worstPoint: Int? = nil

  public init() {}

  public mutating func add(_ measure: ErrorMeasure, point: Int) {
    points += 1
    if worstPoint == nil || measure.ulpError > maxULP {
      maxULP = measure.ulpError
      worstPoint = point
    }
    if measure.ulpError.isFinite {
      sumULP += measure.ulpError
      finiteULPCount += 1
    }
    if !measure.value.isFinite { nonFiniteValues += 1 }
    if measure.errorClass == .flushToZero {
      largestFlushed = max(largestFlushed, measure.absoluteError)
    } else {
      maxULPUnflushed = max(maxULPUnflushed, measure.ulpError)
    }
    maxBits = max(maxBits, measure.bitsError)
    sumBits += measure.bitsError
    if !measure.relativeError.isNaN { maxRelative = max(maxRelative, measure.relativeError) }
    classCounts[measure.errorClass, default: 0] += 1
    histogram[ErrorTally.bin(measure.ulpError), default: 0] += 1
  }

  /// Appends `later` (the next chunk of points).
  public mutating func merge(_ later: ErrorTally) {
    guard later.points > 0 else { return }
    if worstPoint == nil || later.maxULP > maxULP {
      maxULP = later.maxULP
      worstPoint = later.worstPoint
    }
    points += later.points
    sumULP += later.sumULP
    finiteULPCount += later.finiteULPCount
    maxULPUnflushed = max(maxULPUnflushed, later.maxULPUnflushed)
    nonFiniteValues += later.nonFiniteValues
    largestFlushed = max(largestFlushed, later.largestFlushed)
    maxBits = max(maxBits, later.maxBits)
    sumBits += later.sumBits
    maxRelative = max(maxRelative, later.maxRelative)
    for (key, count) in later.classCounts { classCounts[key, default: 0] += count }
    for (key, count) in later.histogram { histogram[key, default: 0] += count }
  }

  public var meanULP: Double { finiteULPCount == 0 ? .nan : sumULP / Double(finiteULPCount) }
  public var meanBits: Double { points == 0 ? .nan : sumBits / Double(points) }
  public func count(_ errorClass: ErrorClass) -> Int { classCounts[errorClass] ?? 0 }
  /// Points whose result is NaN or infinite where the reference is finite.
  public var nonFinite: Int { count(.nan) + count(.overflow) }

  /// The 99th percentile of the ULP error, as the upper edge of its quarter-octave bin (at most
  /// 19% above the true percentile, and never above the maximum); 0 when at least 99% of points
  /// are within 2^-40 ulp.
  public var p99ULP: Double {
    let rank = Int((Double(points) * 0.99).rounded(.up))
    var seen = 0
    for key in histogram.keys.sorted() {
      seen += histogram[key]!
      if seen >= rank { return min(ErrorTally.upperEdge(key), maxULP) }
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
}

#if canImport(Glibc)
import Glibc
#endif
