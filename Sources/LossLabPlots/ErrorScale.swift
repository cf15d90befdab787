#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A log scale for errors in ulps, with two bands outside the decades so no point is dropped:
/// a floor band labelled "0" at the bottom for exact results, and an "inf/NaN" band at the top
/// for non-finite errors (NaN, overflow).
///
/// Errors in (0, `floor`) — below 10⁻³ ulp, which no plot needs to tell apart from exact — are
/// drawn at the bottom decade; the decades start at `floor` at the lowest. Positions are in unit
/// coordinates: 0 at the bottom of the zero band, 1 at the top of the inf band.
struct ErrorScale: Equatable {
  /// The smallest error drawn above the zero band, in ulps.
  static let floor = 1e-3
  /// The fraction of the height each band takes.
  static let band = 0.07

  /// The decades 10^low ... 10^high spanned by the log region (high > low).
  var low: Int
  var high: Int

  /// Decades covering every finite positive value (at least one decade, `floor` at the least).
  init(values: [Double]) {
    let finite = values.filter { $0.isFinite && $0 > 0 }
    let lowest = finite.min().map { max($0, Self.floor) } ?? 1
    let highest = finite.max().map { max($0, Self.floor) } ?? 1
    low = Int(log10(lowest).rounded(.down))
    high = max(Int(log10(highest).rounded(.up)), low + 1)
  }

  init(low: Int, high: Int) {
    self.low = low
    self.high = max(high, low + 1)
  }

  /// The band a value falls in.
  enum Region: Equatable { case zero, decades, infinite }

  static func region(_ value: Double) -> Region {
    if !value.isFinite { return .infinite }
    return value <= 0 ? .zero : .decades
  }

  /// The unit position of `value`: the middle of a band for 0 and non-finite values.
  func position(_ value: Double) -> Double {
    switch Self.region(value) {
    case .infinite: return 1 - Self.band / 2
    case .zero: return Self.band / 2
    case .decades: return decadePosition(log10(value))
    }
  }

  /// Unit position of 10^exponent, clamped to the log region.
  func decadePosition(_ exponent: Double) -> Double {
    let t = (exponent - Double(low)) / Double(high - low)
    // A band's height of white space between each band and the decades, so the band labels
    // and the end decades' labels stay apart.
    let inner = 1 - 4 * Self.band
    return Self.band * 2 + min(max(t, 0), 1) * inner
  }

  /// Fraction of the colour ramp for `value` (heat maps): 0 for exact, 0.12 ... 1 over the
  /// decades; nil for non-finite values, which heat maps draw hatched, off the ramp.
  func rampFraction(_ value: Double) -> Double? {
    switch Self.region(value) {
    case .infinite: return nil
    case .zero: return 0
    case .decades:
      let t = (log10(value) - Double(low)) / Double(high - low)
      return 0.12 + 0.88 * min(max(t, 0), 1)
    }
  }

  /// The tick decades: every decade, at most 7 of them labelled (every 1st, 2nd, 3rd, 5th,
  /// 10th … counted down from the top decade).
  var ticks: [(exponent: Int, labelled: Bool)] {
    let step = Self.labelStep(decades: high - low, maxLabels: 7)
    return (low...high).map { ($0, (high - $0) % step == 0) }
  }

  /// The smallest round step (1, 2, 3, 4, 5, 10, 15, 20, 25, 50, …) that labels at most
  /// `maxLabels` of `decades + 1` ticks.
  static func labelStep(decades: Int, maxLabels: Int) -> Int {
    let round = [1, 2, 3, 4, 5, 10, 15, 20, 25, 50, 100]
    return round.first { decades / $0 + 1 <= maxLabels } ?? (decades / max(maxLabels - 1, 1) + 1)
  }
}

/// 10^exponent as a tick label: "0.01", "0.1", "1", "10", "100", "1000", else "1e-8", "1e6".
func decadeLabel(_ exponent: Int) -> String {
  switch exponent {
  case -2: "0.01"
  case -1: "0.1"
  case 0: "1"
  case 1: "10"
  case 2: "100"
  case 3: "1000"
  default: "1e\(exponent)"
  }
}
