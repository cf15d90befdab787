/// How much a figure may grow before a comparison calls it worse.
///
/// An ulp figure is worse when `new > old + max(ulps, relative · old)`; a count of NaN,
/// overflow or flush-to-zero points when `new > old + relative · old`. Zero tolerances make any
/// growth a regression (what the golden tests use: their runs are deterministic).
public struct Tolerance: Sendable {
  public var ulps: Double
  public var relative: Double

  public init(ulps: Double, relative: Double) {
    self.ulps = ulps
    self.relative = relative
  }

  public static let exact = Tolerance(ulps: 0, relative: 0)

  /// How an ulp figure moved: -1 better, 0 within tolerance (or equal), +1 worse. NaN (no finite
  /// point) orders as +inf, an infinite error.
  func judge(ulp old: Double, _ new: Double) -> Int {
    let a = old.isNaN ? Double.infinity : old, b = new.isNaN ? Double.infinity : new
    if a == b { return 0 }
    if a.isInfinite || b.isInfinite { return b > a ? 1 : -1 }
    if b > a + max(ulps, relative * a) { return 1 }
    if a > b + max(ulps, relative * b) { return -1 }
    return 0
  }

  /// How a count of bad points moved.
  func judge(count old: Int, _ new: Int) -> Int {
    if Double(new) > Double(old) * (1 + relative) { return 1 }
    if Double(old) > Double(new) * (1 + relative) { return -1 }
    return 0
  }
}
