/// The figures of one table row that a comparison judges or shows.
public struct RowFigures: Equatable, Sendable {
  public var points: Int
  public var maxULP: Double
  public var p99ULP: Double
  public var meanULP: Double
  public var maxRelative: Double
  public var nan: Int
  public var overflow: Int
  public var flushToZero: Int
  public var subnormal: Int
  /// Measured error over the Higham bound (reductions only).
  public var boundRatio: Double?

  public init(
    points: Int, maxULP: Double, p99ULP: Double, meanULP: Double, maxRelative: Double, nan: Int,
    overflow: Int, flushToZero: Int, subnormal: Int, boundRatio: Double?
  ) {
    self.points = points
    self.maxULP = maxULP
    self.p99ULP = p99ULP
    self.meanULP = meanULP
    self.maxRelative = maxRelative
    self.nan = nan
    self.overflow = overflow
    self.flushToZero = flushToZero
    self.subnormal = subnormal
    self.boundRatio = boundRatio
  }

  /// Points whose result is NaN or overflows.
  public var nonFinite: Int { nan + overflow }
}
