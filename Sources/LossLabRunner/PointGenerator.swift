import LossLabFormats
import LossLabLosses

#if canImport(Glibc)
import Glibc
#endif

/// The input points of one sweep coordinate.
///
/// Grid mode (every input deterministic, one example of one value per point): the points are the
/// product of the inputs' value lists, y_true outermost. Sample mode (any random input, or
/// batches of several examples, or several classes): `points` batches of n examples, each drawn
/// from a generator seeded by (seed, coordinate, point), so a point is the same for every format,
/// variant and profile and for any thread count.
public struct PointGenerator: Sendable {
  public let experimentCase: ExperimentCase
  public let coordinates: SweepCoordinates
  public let isGridMode: Bool
  /// Grid mode: each input's values.
  let lists: [(InputName, [Double])]
  public let pointCount: Int
  let sparse: Bool
  let scalesTargets: Bool

  public init(
    _ experimentCase: ExperimentCase, _ coordinates: SweepCoordinates, quick: Bool
  ) {
    self.experimentCase = experimentCase
    self.coordinates = coordinates
    let shape = experimentCase.formulas[0].shape
    sparse = shape.hasLabels
    scalesTargets = shape.scalesTargets
    let inputs = PointGenerator.names(shape).map { name in
      (name, PointGenerator.resolved(experimentCase.inputs[name]!, name, coordinates))
    }
    let deterministic = inputs.allSatisfy { !$0.1.isRandom }
    isGridMode = deterministic && coordinates.batchSize == 1 && coordinates.classes == 1
    if isGridMode {
      lists = inputs.map { ($0.0, $0.1.list(quickGridCount: quick ? 64 : nil)!) }
      pointCount = lists.reduce(1) { $0 * $1.1.count }
    } else {
      lists = inputs.map { ($0.0, $0.1.list(quickGridCount: nil) ?? []) }
      pointCount = experimentCase.points
    }
  }

  /// The inputs the case's losses read, in generation order (y_pred first: labels may be drawn
  /// from it).
  static func names(_ shape: LossShape) -> [InputName] {
    var names: [InputName] = [.yPred]
    if shape.usesTargets { names.append(.yTrue) }
    if shape.usesWeights { names.append(.weights) }
    return names
  }

  static func resolved(_ generator: InputGenerator, _ name: InputName, _ coordinates: SweepCoordinates)
    -> InputGenerator
  {
    if case .sweep = generator { return .constant(coordinates.inputValues[name]!) }
    return generator
  }

  /// The input that varies across a grid (the one to bisect along), if exactly one does.
  public var varyingInput: InputName? {
    guard isGridMode else { return nil }
    let varying = lists.filter { $0.1.count > 1 }
    return varying.count == 1 ? varying[0].0 : nil
  }

  /// Grid mode: point `index`'s value of each input (y_true outermost, then y_pred, weights).
  func gridValues(_ index: Int) -> [InputName: Double] {
    var values: [InputName: Double] = [:]
    for (name, list) in lists { values[name] = list[gridIndex(index, of: name)] }
    return values
  }

  /// Grid mode: the index of point `index`'s value in the list of input `name`.
  func gridIndex(_ index: Int, of name: InputName) -> Int {
    var remainder = index
    for inner in InputName.allCases.reversed() {
      guard let list = lists.first(where: { $0.0 == inner })?.1 else { continue }
      if inner == name { return remainder % list.count }
      remainder /= list.count
    }
    preconditionFailure("\(name.rawValue) is not an input of the grid")
  }

  /// A map case's inputs (y_pred across, y_true up): their values, in grid order.
  var mapAxes: (logits: [Double], targets: [Double]) {
    (lists.first { $0.0 == .yPred }!.1, lists.first { $0.0 == .yTrue }!.1)
  }

  /// The batch of point `index`, with `override` replacing the varying input's value (cliff
  /// bisection).
  public func batch(_ index: Int, override: Double? = nil) -> Batch<Double> {
    if isGridMode {
      func value(_ name: InputName) -> Double? {
        if let override, name == varyingInput { return override }
        return lists.first { $0.0 == name }.map { $0.1[gridIndex(index, of: name)] }
      }
      let scale = coordinates.scale
      let yPred = value(.yPred)! * scale
      let target = value(.yTrue)
      let yTrue = (target ?? 0) * (scalesTargets ? scale : 1)
      if sparse {
        return Batch(yTrue: [], yPred: [yPred], labels: [Int(yTrue)], columns: 1)
      }
      return Batch(
        yTrue: target == nil ? [] : [yTrue], yPred: [yPred],
        weights: value(.weights).map { [$0] } ?? [], columns: 1)
    }
    return sample(index)
  }

  func sample(_ index: Int) -> Batch<Double> {
    var random = SplitMix64(
      seed: experimentCase.seed, stream: UInt64(coordinates.stream), index: UInt64(index))
    let rows = coordinates.batchSize, columns = coordinates.classes
    let count = rows * columns
    var generated: [InputName: [Double]] = [:]
    var labels: [Int] = []
    for (name, list) in lists {
      let generator = PointGenerator.resolved(experimentCase.inputs[name]!, name, coordinates)
      if name == .yTrue && sparse {
        labels = (0..<rows).map { row in
          if case .randomClass = generator { return Int(random.next() % UInt64(columns)) }
          return Int(list.isEmpty ? 0 : list[row % list.count])
        }
        continue
      }
      if case .file(let tensor) = generator {
        generated[name] = tensor.values  // the file's batch as read (checked by the parser)
        continue
      }
      if name == .weights {
        generated[name] = (0..<rows).map { value(generator, list, $0, rows, &random, generated) }
        continue
      }
      if case .randomClass = generator {
        var oneHot = [Double](repeating: 0, count: count)
        for row in 0..<rows { oneHot[row * columns + Int(random.next() % UInt64(columns))] = 1 }
        generated[name] = oneHot
        continue
      }
      generated[name] = (0..<count).map { value(generator, list, $0, count, &random, generated) }
    }
    var yPred = generated[.yPred]!
    var yTrue = generated[.yTrue] ?? []
    if coordinates.scale != 1 {
      yPred = yPred.map { $0 * coordinates.scale }
      if scalesTargets { yTrue = yTrue.map { $0 * coordinates.scale } }
    }
    if coordinates.margin != 0 && columns > 1 {
      for row in 0..<rows {
        let hot = sparse ? labels[row] : (0..<columns).first { yTrue[row * columns + $0] != 0 } ?? 0
        yPred[row * columns + hot] += coordinates.margin
      }
    }
    return Batch(
      yTrue: yTrue, yPred: yPred, labels: labels, weights: generated[.weights] ?? [],
      columns: columns)
  }

  func value(
    _ generator: InputGenerator, _ list: [Double], _ element: Int, _ count: Int,
    _ random: inout SplitMix64, _ generated: [InputName: [Double]]
  ) -> Double {
    switch generator {
    case .uniform(let from, let to): return from + (to - from) * random.nextUnit()
    case .normal(let mean, let std): return mean + std * random.nextNormal()
    case .sigmoidNormal(let mean, let std):
      return 1 / (1 + exp(-(mean + std * random.nextNormal())))
    case .bitPatterns(let format): return randomFinite(format, &random)
    case .bernoulli(let source, let logits):
      var p = generated[source]?[element] ?? 0.5
      if logits { p = 1 / (1 + exp(-p)) }
      return random.nextUnit() < p ? 1 : 0
    case .decay(let from, let to, let noise):
      let trend = to + (from - to) * exp(-5 * Double(element) / Double(max(count, 1)))
      return abs(trend + noise * random.nextNormal())
    case .firstThen(let first, let then): return element == 0 ? first : then
    default: return list[element % list.count]
    }
  }

  /// A uniformly random finite value of `format`, by bit pattern.
  func randomFinite(_ format: Format, _ random: inout SplitMix64) -> Double {
    while true {
      let bits = random.next()
      let value: Double
      switch format {
      case .float16: value = Double(Float16(bitPattern: UInt16(truncatingIfNeeded: bits)))
      case .bfloat16:
        value = Double(Float(bitPattern: UInt32(UInt16(truncatingIfNeeded: bits)) << 16))
      case .float32: value = Double(Float(bitPattern: UInt32(truncatingIfNeeded: bits)))
      case .float64: value = Double(bitPattern: bits)
      }
      if value.isFinite { return value }
    }
  }
}
