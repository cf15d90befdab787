/// A curve computed outside the tables, e.g. the running loss of a training run in one format
/// and in the reference, raw and EMA-smoothed.
public struct LossCurve: Sendable {
  /// The run directory: a format's name (`float16`, …) to overlay the tables' runs, or
  /// `reference`.
  public var run: String
  public var tag: String
  public var points: [(step: Int64, value: Double)]

  public init(run: String, tag: String, points: [(step: Int64, value: Double)]) {
    self.run = run
    self.tag = tag
    self.points = points
  }
}
