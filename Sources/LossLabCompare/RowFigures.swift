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
  /// The seed of a sampled row (empty for a grid, or a table without the column).
  public var seed: String = ""
  /// The rounding error (against the formula as written): max and p99 ulp, and the points whose
  /// result is NaN or overflows against it; nil in a table without the columns.
  public var roundingMaxULP: Double? = nil
  public var roundingP99ULP: Double? = nil
  public var roundingNonFinite: Int? = nil

  public init(
    points: Int, maxULP: Double, p99ULP: Double, meanULP: Double, maxRelative: Double, nan: Int,
    overflow: Int, flushToZero: Int, subnormal: Int, boundRatio: Double?, seed: String = ""
  ) {
    self.seed = seed
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

  /// Equal figures, a NaN (no finite point) equal to a NaN.
  public static func == (a: RowFigures, b: RowFigures) -> Bool {
    func same(_ x: Double?, _ y: Double?) -> Bool { x == y || (x?.isNaN == true && y?.isNaN == true) }
    return a.points == b.points && same(a.maxULP, b.maxULP) && same(a.p99ULP, b.p99ULP)
      && same(a.meanULP, b.meanULP) && same(a.maxRelative, b.maxRelative) && a.nan == b.nan
      && a.overflow == b.overflow && a.flushToZero == b.flushToZero && a.subnormal == b.subnormal
      && same(a.boundRatio, b.boundRatio) && a.seed == b.seed
      && same(a.roundingMaxULP, b.roundingMaxULP) && same(a.roundingP99ULP, b.roundingP99ULP)
      && a.roundingNonFinite == b.roundingNonFinite
  }

  /// Points whose result is NaN or overflows.
  public var nonFinite: Int { nan + overflow }
}
