/// A finished map: the whole tally with the values its indices stand for (the grid's logits and
/// targets as the spec gives them, before any `scale:`).
public struct MapResult: Sendable {
  public var tally: MapTally
  public var logits: [Double]
  public var targets: [Double]

  init(_ tally: MapTally, _ generator: PointGenerator) {
    precondition(tally.isWhole, "a finished map holds every cell and target")
    self.tally = tally
    (logits, targets) = generator.mapAxes
  }

  /// Per target, the logits where the formula first turns bad below 0 and at or above it.
  public var cliffValues: [(target: Double, below: Double?, above: Double?)] {
    tally.cliffs.enumerated().map { t, cliff in
      (targets[t], cliff.below.map { logits[$0] }, cliff.above.map { logits[$0] })
    }
  }
}
