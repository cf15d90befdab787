import Dispatch
import Foundation
import LossLabFormats
import LossLabLosses
import LossLabMeasurement
import LossLabReductions
import LossLabReference

/// Runs experiments on all cores. Work is cut into fixed chunks of points (their boundaries do
/// not depend on the thread count) and the chunks' statistics merge in order, so the tables are
/// byte-identical for any `threads`.
public struct ExperimentRunner: Sendable {
  public var threads: Int
  public var quick: Bool
  /// Called with (points done, points in all) as work completes; from any thread.
  public var progress: (@Sendable (Int, Int) -> Void)?

  public init(threads: Int, quick: Bool, progress: (@Sendable (Int, Int) -> Void)? = nil) {
    self.threads = max(1, threads)
    self.quick = quick
    self.progress = progress
  }

  static let chunksPerCoordinate = 64

  /// A point with at least this many values in its batch (n × classes) is measured by several
  /// threads together, one format each (`measurePoint(_:_:threads:)`), and only as many such
  /// points at a time as the threads allow at a thread per format (one on 2 threads): its
  /// binary64 batch alone is 8 bytes a value (134 MB at 2^24) and each format adds its own copy
  /// while it computes, so one such point per thread would multiply the run's peak memory by the
  /// thread count. Smaller points go one per thread.
  static let widePointValues = 1 << 20

  /// Whether a point of these coordinates is wide (`widePointValues`).
  static func isWide(_ c: SweepCoordinates) -> Bool {
    saturatingProduct(c.batchSize, c.classes) >= widePointValues
  }

  /// The threads a wide point of `formats` formats takes: one per format, up to `threads` (so
  /// `threads / threadsPerWidePoint` such points run side by side).
  static func threadsPerWidePoint(formats: Int, threads: Int) -> Int { max(1, min(threads, formats)) }

  /// How many wide points run side by side when each takes `threadsPerPoint` of `threads`.
  static func widePointsInFlight(threadsPerPoint: Int, threads: Int) -> Int {
    max(1, threads / threadsPerPoint)
  }

  /// One unit of work: a chunk of one coordinate's points.
  struct WorkItem: Sendable {
    var caseIndex: Int
    var coordinate: Int
    var points: Range<Int>
  }

  public func run(_ spec: ExperimentSpec) -> ExperimentResult {
    let plan = plan(spec)
    return finish(plan, measure(plan, chunks: Array(plan.items.indices)))
  }

  /// The experiment's chunks of points, in merge order (their boundaries depend only on the spec
  /// and `quick`: not on the thread count, nor on how many shards share the work).
  public func plan(_ spec: ExperimentSpec) -> ExperimentPlan {
    var generators: [[PointGenerator]] = []
    var items: [WorkItem] = []
    for (caseIndex, experimentCase) in spec.cases.enumerated() {
      let coordinates = experimentCase.coordinates()
      let caseGenerators = coordinates.map { PointGenerator(experimentCase, $0, quick: quick) }
      generators.append(caseGenerators)
      for (index, generator) in caseGenerators.enumerated() {
        let n = generator.pointCount
        let chunks = min(n, ExperimentRunner.chunksPerCoordinate)
        for chunk in 0..<chunks {
          items.append(WorkItem(
            caseIndex: caseIndex, coordinate: index, points: chunk * n / chunks..<(chunk + 1) * n / chunks))
        }
      }
    }
    return ExperimentPlan(spec: spec, generators: generators, items: items)
  }

  /// Measures the chunks `chunks` (indices into the plan's chunks) on all threads; the results
  /// come in the order of `chunks`.
  package func measure(_ plan: ExperimentPlan, chunks: [Int]) -> [ChunkResult] {
    let (items, generators) = (plan.items, plan.generators)
    // Large batches first, so that the longest items do not start last.
    let order = chunks.indices.sorted {
      let a = generators[items[chunks[$0]].caseIndex][items[chunks[$0]].coordinate].coordinates.batchSize
      let b = generators[items[chunks[$1]].caseIndex][items[chunks[$1]].coordinate].coordinates.batchSize
      return a != b ? a > b : $0 < $1
    }
    let total = chunks.reduce(0) { $0 + items[$1].points.count }
    let results = ResultSlots<ChunkResult>(count: chunks.count)
    let done = Counter()
    /// Measures the chunks `list` (indices into `chunks`), `workers` at a time
    /// (`concurrentMap`, which runs a single worker on this thread, so that a point's own
    /// threads are not nested in it), the points of the chunk in slot i on
    /// `threadsPerPoint(i)` threads.
    func drain(_ list: [Int], workers: Int, threadsPerPoint: (Int) -> Int) {
      _ = concurrentMap(list.count, threads: workers) { slot -> Void? in
        let item = items[chunks[list[slot]]]
        let result = measureChunk(
          generators[item.caseIndex][item.coordinate], item.points, threads: threadsPerPoint(slot))
        results.store(result, at: list[slot])
        progress?(done.add(item.points.count), total)
        return ()
      }
      // concurrentMap's other threads have given back their memos; this one's too.
      MPFRReal.releaseRememberedFunctions()
    }
    // The wide points first, several threads to each, then the rest, a chunk per thread.
    let coordinates = { (index: Int) in
      generators[items[chunks[index]].caseIndex][items[chunks[index]].coordinate]
    }
    let wide = order.filter { ExperimentRunner.isWide(coordinates($0).coordinates) }
    let rest = order.filter { !ExperimentRunner.isWide(coordinates($0).coordinates) }
    let wideThreads = wide.map {
      ExperimentRunner.threadsPerWidePoint(
        formats: coordinates($0).experimentCase.formats.count, threads: threads)
    }
    drain(
      wide,
      workers: ExperimentRunner.widePointsInFlight(
        threadsPerPoint: wideThreads.max() ?? 1, threads: threads)
    ) { wideThreads[$0] }
    drain(rest, workers: threads) { _ in 1 }
    return chunks.indices.map { results.take($0) }
  }

  /// The table from every chunk's result (`chunks[i]` is chunk i of the plan): chunks merge in
  /// order, per coordinate, then the rows are built (cliffs located, worst inputs written out).
  package func finish(_ plan: ExperimentPlan, _ chunks: [ChunkResult]) -> ExperimentResult {
    precondition(chunks.count == plan.items.count, "one result per chunk")
    let (spec, items, generators) = (plan.spec, plan.items, plan.generators)
    var rows: [TableRow] = []
    var itemIndex = 0
    for (caseIndex, experimentCase) in spec.cases.enumerated() {
      for (coordinate, generator) in generators[caseIndex].enumerated() {
        var merged: ChunkResult? = nil
        while itemIndex < items.count && items[itemIndex].caseIndex == caseIndex
          && items[itemIndex].coordinate == coordinate
        {
          let chunk = chunks[itemIndex]
          if merged == nil { merged = chunk } else { merged!.append(chunk) }
          itemIndex += 1
        }
        guard let merged else { continue }
        rows += makeRows(spec, experimentCase, generator, merged)
      }
    }
    return ExperimentResult(
      spec: spec, rows: rows, notes: epsilonNotes(spec) + recommendedEpsilons(rows))
  }

  func setup(
    _ generator: PointGenerator, formulas: [Formula]? = nil, summations: [Summation]? = nil,
    formats: [Format]? = nil
  ) -> PointSetup
  {
    let c = generator.coordinates
    return PointSetup(
      formulas: formulas ?? generator.experimentCase.formulas,
      formats: formats ?? generator.experimentCase.formats, reduction: c.reduction,
      summations: summations ?? generator.experimentCase.summations, parameters: c.parameters,
      smoothing: generator.experimentCase.smoothing, reference: generator.experimentCase.reference,
      profile: c.profile)
  }

  /// The chunk's points measured one after the other, each on `threads` threads (one for all
  /// but the wide points).
  func measureChunk(_ generator: PointGenerator, _ points: Range<Int>, threads: Int)
    -> ChunkResult
  {
    let setup = setup(generator)
    let cliff = generator.experimentCase.cliffULPs
    let variants = setup.formulas.count * setup.summations.count
    var result = ChunkResult(rows: variants * setup.formats.count)
    let profiled = generator.varyingInput
    let stride = ProfilePoint.stride(points: generator.pointCount)
    let mapped = generator.isGridMode ? generator.experimentCase.map : nil
    if let mapped {
      let (logits, targets) = generator.mapAxes
      let tally = MapTally(
        mapped, logitCount: logits.count, targetCount: targets.count,
        zeroIndex: logits.firstIndex { $0 >= 0 } ?? logits.count,
        targets: generator.gridIndex(points.first!, of: .yTrue)...generator.gridIndex(points.last!, of: .yTrue))
      result.maps = Array(repeating: tally, count: result.maps.count)
    }
    for point in points {
      let outcome = measurePoint(generator.batch(point), setup, threads: threads)
      let x = point % stride == 0 ? profiled.flatMap { generator.gridValues(point)[$0] } : nil
      let cell = mapped.map { _ in
        (target: generator.gridIndex(point, of: .yTrue), logit: generator.gridIndex(point, of: .yPred))
      }
      for v in 0..<variants {
        let f = v / setup.summations.count
        for k in setup.formats.indices {
          let format = outcome.results[v][k]
          let bad = isBad(format.endToEnd, cliff)
          result.statistics[v * setup.formats.count + k].add(
            point: point, outcome: format, ideal: outcome.ideal[f], bias: outcome.bias[f],
            referenceBits: outcome.referenceBits)
          result.statuses[v * setup.formats.count + k].add(point: point, bad: bad)
          if let cell {
            result.maps[v * setup.formats.count + k]!.add(
              target: cell.target, logit: cell.logit, format.rounding, bad: bad)
          }
          if let x {
            result.profiles[v * setup.formats.count + k].append(ProfilePoint(
              x: x, ulp: format.rounding.ulpError, errorClass: format.rounding.errorClass))
          }
        }
      }
    }
    return result
  }

  func makeRows(
    _ spec: ExperimentSpec, _ experimentCase: ExperimentCase, _ generator: PointGenerator,
    _ merged: ChunkResult
  ) -> [TableRow] {
    var rows: [TableRow] = []
    var index = 0
    let profile = generator.coordinates.profile
    for formula in experimentCase.formulas {
      for requested in experimentCase.summations {
        for format in experimentCase.formats {
          // The summation the row ran: the profile's, which is the requested one under `pure`.
          let summation = profile.summation(requested: requested)
          let statistics = merged.statistics[index]
          let cliffs = locateCliffs(generator, formula, summation, format, merged.statuses[index])
          let worst = statistics.worstPoint.map {
            worstInput(generator, formula, summation, format, point: $0)
          }
          rows.append(TableRow(
            experiment: spec.name, caseName: experimentCase.name, formula: formula,
            format: format, reduction: generator.coordinates.reduction, summation: summation,
            axes: generator.coordinates.axes, parameters: generator.coordinates.parameters,
            statistics: statistics, cliffs: cliffs, worstInput: worst,
            seed: generator.isGridMode ? nil : experimentCase.seed,
            profile: merged.profiles[index],
            map: merged.maps[index].map { MapResult($0, generator) }))
          index += 1
        }
      }
    }
    return rows
  }

  /// Which ε values of the spec round to 0, or vanish next to 1 (1 + ε = 1), in each format.
  func epsilonNotes(_ spec: ExperimentSpec) -> [ExperimentNote] {
    var epsilons: [String] = []
    for experimentCase in spec.cases {
      let given = experimentCase.parameterAxes.first { $0.name == "eps" }?.values ?? []
      for eps in given where !epsilons.contains(eps) {
        epsilons.append(eps)
      }
    }
    guard epsilons.count > 1 else { return [] }
    var notes: [ExperimentNote] = []
    for format in Format.allCases {
      let zero = epsilons.filter { MPFRReal.roundDecimal($0, in: format) == 0 && $0 != "0" }
      let absorbed = epsilons.filter {
        let e = MPFRReal.roundDecimal($0, in: format)!
        return e != 0 && format.visit(AbsorbedByOne(epsilon: e))
      }
      if !zero.isEmpty { notes.append(.epsilonsRoundToZero(format, zero)) }
      if !absorbed.isEmpty { notes.append(.epsilonsAbsorbedByOne(format, absorbed)) }
    }
    return notes
  }
}

extension ExperimentRunner {
  /// Per formula and format, where a table sweeps ε: the smallest ε of the sweep whose rounding
  /// error (against the formula as written, ε included) stays finite (no NaN, no overflow) and
  /// within `RecommendedEpsilon.roundingULPs` on every point, with the bias that ε costs. A
  /// result flushed to 0 counts by its ulp error. The rounding
  /// error and the bias are kept apart: a larger ε never rounds worse, it only moves the loss
  /// further from the ideal.
  func recommendedEpsilons(_ rows: [TableRow]) -> [ExperimentNote] {
    /// The rows that differ only in ε and format.
    struct Group: Hashable {
      var caseName: String
      var formula: Formula
      var profile: ExecutionProfile
      var otherAxes: [SweepAxis]
    }
    var groups: [Group: [TableRow]] = [:]
    var order: [Group] = []
    for row in rows where row.parameters["eps"] != nil {
      let key = Group(
        caseName: row.caseName, formula: row.formula, profile: row.executionProfile,
        otherAxes: row.axes.filter { $0.key != "eps" && $0.key != "profile" })
      if groups[key] == nil { order.append(key) }
      groups[key, default: []].append(row)
    }
    var notes: [ExperimentNote] = []
    for key in order {
      let members = groups[key]!
      guard Set(members.compactMap { $0.parameters["eps"] }).count > 1 else { continue }
      let choices = Format.allCases.compactMap { format -> EpsilonChoice? in
        let candidates = members.filter { $0.format == format }
          .map { (row: $0, eps: Double($0.parameters["eps"]!) ?? .nan) }
          .sorted { $0.eps < $1.eps }
        guard !candidates.isEmpty else { return nil }
        let passing = candidates.first {
          let r = $0.row.statistics.rounding
          return r.nonFinite == 0 && r.maxULP <= RecommendedEpsilon.roundingULPs
        }
        // When none passes: the ε with the fewest non-finite points, then the smallest rounding
        // error.
        let chosen =
          passing
          ?? candidates.min {
            let a = $0.row.statistics.rounding, b = $1.row.statistics.rounding
            return a.nonFinite != b.nonFinite ? a.nonFinite < b.nonFinite : a.maxULP < b.maxULP
          }!
        let s = chosen.row.statistics
        return EpsilonChoice(
          format: format, eps: chosen.row.parameters["eps"]!, meetsCriterion: passing != nil,
          roundingULP: s.rounding.maxULP, nonFinite: s.rounding.nonFinite, points: s.points,
          bias: s.maxBias)
      }
      notes.append(.recommendedEpsilon(RecommendedEpsilon(
        formula: key.formula, profile: key.profile, caseName: key.caseName,
        otherAxes: key.otherAxes, choices: choices)))
    }
    return notes
  }
}

/// Whether `1 + ε == 1` in a format.
struct AbsorbedByOne: FormatVisitor {
  let epsilon: Double
  func visit<T: MachineFloat>(_ type: T.Type) -> Bool { T.one + T(nearest: epsilon) == T.one }
}

/// A point is bad (past a cliff) when its result is NaN, overflows, or is more than `ulps` off.
func isBad(_ measure: ErrorMeasure, _ ulps: Double) -> Bool {
  measure.errorClass == .nan || measure.errorClass == .overflow || !(measure.ulpError <= ulps)
}

/// The statistics of a chunk of points, one per (formula, format) row.
package struct ChunkResult: Sendable {
  var statistics: [RowStatistics]
  var statuses: [StatusRun]
  var profiles: [[ProfilePoint]]
  /// Per row, its map's tally over the chunk (nil but in a `map:` case).
  var maps: [MapTally?]

  init(rows: Int) {
    statistics = Array(repeating: RowStatistics(), count: rows)
    statuses = Array(repeating: StatusRun(), count: rows)
    profiles = Array(repeating: [], count: rows)
    maps = Array(repeating: nil, count: rows)
  }

  mutating func append(_ later: ChunkResult) {
    for i in statistics.indices {
      statistics[i].merge(later.statistics[i])
      statuses[i].append(later.statuses[i])
      profiles[i] += later.profiles[i]
      if let map = later.maps[i] { maps[i]!.append(map) }
    }
  }
}

/// Where consecutive points change between good and bad (at most a few changes are kept).
struct StatusRun: Sendable {
  static let limit = 6
  var first: Bool? = nil
  var last: Bool? = nil
  var lastPoint = 0
  var startPoint: Int? = nil
  /// (index of the last point before the change, index of the first point after it).
  var changes: [(Int, Int)] = []

  mutating func add(point: Int, bad: Bool) {
    if first == nil {
      first = bad
      startPoint = point
    }
    if let last, last != bad, changes.count < StatusRun.limit {
      changes.append((lastPoint, point))
    }
    last = bad
    lastPoint = point
  }

  mutating func append(_ later: StatusRun) {
    guard let laterFirst = later.first else { return }
    if first == nil {
      self = later
      return
    }
    if last != laterFirst, changes.count < StatusRun.limit, let laterStart = later.startPoint {
      changes.append((lastPoint, laterStart))
    }
    changes += later.changes.prefix(StatusRun.limit - changes.count)
    last = later.last
    lastPoint = later.lastPoint
  }

}

/// A lock-protected counter.
final class Counter: @unchecked Sendable {
  private var value = 0
  private let lock = NSLock()
  func increment() -> Int { add(1) }
  func add(_ amount: Int) -> Int {
    lock.lock()
    defer { lock.unlock() }
    value += amount
    return value
  }
}

/// Results stored by index from many threads.
final class ResultSlots<T>: @unchecked Sendable {
  private var slots: [T?]
  private let lock = NSLock()
  init(count: Int) { slots = Array(repeating: nil, count: count) }
  func store(_ value: T, at index: Int) {
    lock.lock()
    slots[index] = value
    lock.unlock()
  }
  func take(_ index: Int) -> T {
    lock.lock()
    defer { lock.unlock() }
    let value = slots[index]!
    slots[index] = nil
    return value
  }
}
