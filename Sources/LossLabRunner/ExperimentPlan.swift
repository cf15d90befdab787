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

  /// How many points chunk `index` measures.
  public func points(ofChunk index: Int) -> Int { items[index].points.count }

  /// How many table rows chunk `index` has statistics for (formulas × summations × formats).
  public func rows(ofChunk index: Int) -> Int {
    let experimentCase = spec.cases[items[index].caseIndex]
    return experimentCase.formulas.count * experimentCase.summations.count
      * experimentCase.formats.count
  }

  /// An estimate of what chunk `index` costs, in element evaluations: its points × the elements of
  /// a point (n × classes) × the formulas and summations each point runs. A reduction point of
  /// n = 2^22 weighs 2^22 single-example points; the formats and the reference scale alike.
  public func cost(ofChunk index: Int) -> Double {
    let item = items[index]
    let generator = generators[item.caseIndex][item.coordinate]
    let experimentCase = spec.cases[item.caseIndex]
    let elements = Double(generator.coordinates.batchSize) * Double(generator.coordinates.classes)
    let variants = Double(experimentCase.formulas.count * experimentCase.summations.count)
    return Double(item.points.count) * elements * variants
  }
}
