#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import LossLabOutput
import LossLabRunner

/// The horizontal scale of a swept input, chosen from its values. Positions are unit
/// coordinates (0 left, 1 right).
///
/// - `log`: every value ≥ 0; decades of x, with a band labelled "0" at the left for x = 0.
/// - `signedLog`: values of both signs (logits): negatives on the left half with |x| growing to
///   the left, positives on the right half, a "0" band between; labelled "-1e4" … "1e4".
/// - `probability`: values in [0, 1] that approach 1 closely: decades of p up to 0.5 on the
///   left, decades of 1 − p on the right (labelled "1-1e-8"), bands "0" and "1" at the ends.
/// - `categorical`: anything else (or too few values): evenly spaced, labelled as written.
struct InputScale {
  enum Kind: Equatable { case log, signedLog, probability, categorical }
  var kind: Kind
  /// Decades of |x| (log, signedLog), of p (probability, left half).
  var low = 0, high = 1
  /// Decades of 1 − p (probability, right half).
  var complementLow = 0
  var categories: [String] = []

  static let band = 0.05

  init(values: [Double]) {
    let finite = values.filter(\.isFinite)
    let distinct = Set(finite)
    let positive = finite.filter { $0 > 0 }
    hasNoZeroBand = !finite.contains(0)
    if distinct.count < 2 {
      kind = .categorical
      categories = finite.sorted().map(shortNumber)
      return
    }
    if finite.allSatisfy({ $0 >= 0 && $0 <= 1 }),
      let nearest = finite.filter({ $0 > 0.5 && $0 < 1 }).map({ 1 - $0 }).min(), nearest < 1e-3
    {
      kind = .probability
      let small = finite.filter { $0 > 0 && $0 <= 0.5 }
      low = Int(log10(small.min() ?? 0.5).rounded(.down))
      high = 0
      complementLow = Int(log10(nearest).rounded(.down))
    } else if finite.contains(where: { $0 < 0 }) {
      kind = .signedLog
      let magnitudes = finite.filter { $0 != 0 }.map(abs)
      low = Int(log10(magnitudes.min()!).rounded(.down))
      high = max(Int(log10(magnitudes.max()!).rounded(.up)), low + 1)
    } else if positive.count >= 2 {
      kind = .log
      low = Int(log10(positive.min()!).rounded(.down))
      high = max(Int(log10(positive.max()!).rounded(.up)), low + 1)
    } else {
      kind = .categorical
      categories = distinct.sorted().map(shortNumber)
    }
  }

  /// A categorical scale over the given labels, in order.
  init(categories: [String]) {
    kind = .categorical
    self.categories = categories
  }

  /// The unit position of x; for a categorical scale x is the category's index (fractions
  /// offset within the category).
  func position(_ x: Double) -> Double {
    switch kind {
    case .categorical:
      return (x + 0.5) / Double(max(categories.count, 1))
    case .log:
      if x <= 0 { return Self.band / 2 }
      return Self.band * 1.6 + decade(log10(x), low, high) * (1 - Self.band * 1.6)
    case .signedLog:
      if x == 0 { return 0.5 }
      let t = decade(log10(abs(x)), low, high) * (0.5 - Self.band)
      return x < 0 ? 0.5 - Self.band - t : 0.5 + Self.band + t
    case .probability:
      if x <= 0 { return Self.band / 2 }
      if x >= 1 { return 1 - Self.band / 2 }
      let half = 0.5 - Self.band * 1.6
      if x <= 0.5 {
        return Self.band * 1.6 + decade(log10(x), low, Int(log10(0.5))) * half
      }
      return 1 - Self.band * 1.6 - decade(log10(1 - x), complementLow, 0) * half
    }
  }

  func categoryPosition(_ index: Int) -> Double {
    (Double(index) + 0.5) / Double(max(categories.count, 1))
  }

  /// Fraction of the way from 10^low to 10^high (log10(0.5) counts as its own end).
  private func decade(_ exponent: Double, _ low: Int, _ high: Int) -> Double {
    let top = Double(high) == 0 && kind == .probability ? log10(0.5) : Double(high)
    return min(max((exponent - Double(low)) / (top - Double(low)), 0), 1)
  }

  /// Ticks: unit position, label (nil for an unlabelled minor tick).
  var ticks: [(position: Double, label: String?)] {
    switch kind {
    case .categorical:
      let step = ErrorScale.labelStep(decades: categories.count - 1, maxLabels: 12)
      return categories.indices.map { (categoryPosition($0), $0 % step == 0 ? categories[$0] : nil) }
    case .log:
      var result = decadeTicks(low, high, maxLabels: 8) { (position(pow(10, Double($0))), decadeLabel($0)) }
      if !hasNoZeroBand { result.append((Self.band / 2, "0")) }
      return result
    case .signedLog:
      let negative = decadeTicks(low, high, maxLabels: 4) {
        (position(-pow(10, Double($0))), "-" + decadeLabel($0))
      }
      let positive = decadeTicks(low, high, maxLabels: 4) { (position(pow(10, Double($0))), decadeLabel($0)) }
      return negative + [(0.5, "0")] + positive
    case .probability:
      let left = decadeTicks(low, -1, maxLabels: 5) { (position(pow(10, Double($0))), decadeLabel($0)) }
      let right = decadeTicks(complementLow, -1, maxLabels: 4) {
        (position(1 - pow(10, Double($0))), "1-" + decadeLabel($0))
      }
      return [(Self.band / 2, "0")] + left + [(position(0.5), "0.5")] + right
        + [(1 - Self.band / 2, "1")]
    }
  }

  /// Set by the plots when no x is 0 (then the log scale's "0" band carries no label).
  var hasNoZeroBand = true

  private func decadeTicks(
    _ low: Int, _ high: Int, maxLabels: Int, _ make: (Int) -> (Double, String)
  ) -> [(position: Double, label: String?)] {
    guard high >= low else { return [] }
    let step = ErrorScale.labelStep(decades: high - low, maxLabels: maxLabels)
    return (low...high).map { exponent in
      let (position, label) = make(exponent)
      return (position, (high - exponent) % step == 0 ? label : nil)
    }
  }
}
