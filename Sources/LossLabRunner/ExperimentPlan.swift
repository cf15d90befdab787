/// The work of one experiment, cut into chunks of points: per sweep coordinate at most
/// `ExperimentRunner.chunksPerCoordinate` consecutive ranges of its points. The chunks depend
/// only on the spec and `quick`, never on the thread count or the number of shards, and their
/// statistics merge in this order, so a table does not depend on how the chunks were shared out.
public struct ExperimentPlan: Sendable {
  public let spec: ExperimentSpec
  let generators: [[PointGenerator]]
  let items: [ExperimentRunner.WorkItem]

  /// How many chunks the experiment has.
  public var chunkCount: Int { items.count }

  /// How many table rows chunk `index` has statistics for (formulas × summations × formats).
  public func rows(ofChunk index: Int) -> Int {
    let experimentCase = spec.cases[items[index].caseIndex]
    return experimentCase.formulas.count * experimentCase.summations.count
      * experimentCase.formats.count
  }

  /// An estimate of what chunk `index` costs, in units of one element of a loss measured in
  /// every format and against the MPFR reference (about 8 µs on one core of a debug build):
  /// per point and formula × summation, a fixed 32 (the point's setup and its certified
  /// reference: a single-example grid point costs about 33 elements) plus the point's elements
  /// (n × classes), a sixteenth of one each for the `identity` loss (a reduction alone: its
  /// elements are additions, not logarithms). Measured on the quick suite, each spec's time
  /// over its estimate is within a factor of 2 of the others. A reduction point of n = 2^22
  /// weighs as much as about 8,000 grid points.
  public func cost(ofChunk index: Int) -> Double {
    let item = items[index]
    let generator = generators[item.caseIndex][item.coordinate]
    let experimentCase = spec.cases[item.caseIndex]
    let elements = Double(generator.coordinates.batchSize) * Double(generator.coordinates.classes)
    let perElement = experimentCase.formulas.allSatisfy(\.isIdentity) ? 1.0 / 16 : 1
    let variants = Double(experimentCase.formulas.count * experimentCase.summations.count)
    return Double(item.points.count) * variants * (32 + elements * perElement)
  }
}
