import Foundation
import LossLabMeasurement

/// The version of LossLab that wrote a partial result. `losslab merge` refuses shards of another
/// version: it recomputes cliffs and worst inputs itself, and its figures must be the shards'.
public enum LossLabVersion {
  public static let current = "2.0-dev"
}

/// What one shard of a run measured: `OUT/shard-I-of-N.losslab.json`, written by
/// `losslab run --shard I/N` and read by `losslab merge`.
///
/// The file is JSON (format `losslab-partial-result`, version 1):
///
///     { "format": "losslab-partial-result", "version": 1, "losslab": "2.0-dev",
///       "shard": 2, "shards": 7,
///       "options": { "quick": true, "seed": "7", "precision": null },
///       "experiments": [ { "name": "bce-logits", "file": "Experiments/bce-logits.yaml",
///         "spec": "<the spec file's text>", "data": "<fileDataDigest, or empty>", "chunks": 640,
///         "results": [ { "chunk": 3, "rows": [ ROW, ... ] }, ... ] }, ... ] }
///
/// `experiments` lists every spec of the run, in run order, each with all its `chunks` (chunks
/// of points, `ExperimentPlan`) and the `results` of those this shard measured (`ShardAssignment`
/// decides which). A ROW is one table row's statistics over the chunk's points (the rows in the
/// table's order: formula, summation, format):
///
///     { "statistics": { "points", "uncertified", "referenceBits" (integers), "maxFormulaULP",
///         "maxBias", "maxValue", "maxIdeal", "maxBoundRatio" (or null),
///         "endToEnd": TALLY, "rounding": TALLY },
///       "status": { "first", "last" (true: past the cliff threshold; null before any point),
///         "startPoint" (or null), "lastPoint", "changes": [[before, after], ...] },
///       "profile": [[x, ulp, class], ...],
///       "map": MAP (only in a case with a map: the chunk's MapTally) }
///     MAP = { "columns", "rows", "logits", "targets", "zeroIndex", "firstRow", "firstTarget",
///         "cells": [[points, bad, maxULP, [count per class, in ErrorClass order]], ...],
///         "cliffs": [[below or null, above or null], ...] }
///     TALLY = { "points", "finiteULPCount", "worstPoint" (or null), "maxULP", "sumULP",
///         "maxBits", "sumBits", "maxRelative", "maxULPUnflushed", "largestFlushed",
///         "nonFiniteValues", "classes": {"exact": count, ...},
///         "histogram": [[quarter-octave bin, count], ...] }
///
/// Every real number is the 16 hex digits of its binary64 bit pattern (`"3ff0000000000000"` is
/// 1), so a merge sees exactly the bits the shard had, NaN and infinities included; the
/// histogram's bins for exact results and for infinite or NaN errors are Int64.min and Int64.max.
/// The merge appends the chunks' statistics in chunk order, as a single run does, so the sums
/// behind the means add in the same order and the tables come out byte-identical.
public struct PartialResult: Sendable, Codable {
  public static let formatName = "losslab-partial-result"
  public static let formatVersion = 1

  public var format = PartialResult.formatName
  public var version = PartialResult.formatVersion
  public var losslab = LossLabVersion.current
  public var shard: Int
  public var shards: Int
  public var options: RunOptions
  public var experiments: [PartialExperiment]

  /// The run options a table depends on, as given on the command line (nil: the specs' own).
  public struct RunOptions: Sendable, Codable, Equatable {
    public var quick: Bool
    public var seed: String?
    public var precision: String?

    public init(quick: Bool, seed: String?, precision: String?) {
      self.quick = quick
      self.seed = seed
      self.precision = precision
    }
  }

  public init(shard: Shard, options: RunOptions, experiments: [PartialExperiment]) {
    self.shard = shard.index
    self.shards = shard.count
    self.options = options
    self.experiments = experiments
  }

  public func encoded() throws -> Data {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    return try encoder.encode(self)
  }

  public static func decode(_ data: Data) throws -> PartialResult {
    try JSONDecoder().decode(PartialResult.self, from: data)
  }
}

/// One experiment of a partial result: its spec and the chunks the shard measured.
public struct PartialExperiment: Sendable, Codable {
  public var name: String
  public var file: String
  /// The spec file's text when the shard ran (the merge refuses a spec that changed since).
  public var spec: String
  /// `ExperimentSpec.fileDataDigest` when the shard ran: the data its `{file:}` inputs read
  /// ("" for none; the merge refuses data that changed since).
  public var data: String
  /// How many chunks the experiment has in all.
  public var chunks: Int
  public var results: [PartialChunk]

  package init(_ plan: ExperimentPlan, chunks: [Int], results: [ChunkResult]) {
    name = plan.spec.name
    file = plan.spec.file
    spec = plan.spec.sourceText
    data = plan.spec.fileDataDigest
    self.chunks = plan.chunkCount
    self.results = zip(chunks, results).map { PartialChunk(chunk: $0, rows: $1.rows) }
  }
}

/// One chunk's statistics, one entry per table row.
public struct PartialChunk: Sendable, Codable {
  public var chunk: Int
  var rows: [PartialRow]

  init(chunk: Int, rows: [PartialRow]) {
    self.chunk = chunk
    self.rows = rows
  }

  var result: ChunkResult {
    var result = ChunkResult(rows: 0)
    result.statistics = rows.map(\.statistics)
    result.statuses = rows.map(\.status)
    result.profiles = rows.map(\.profile)
    result.maps = rows.map(\.map)
    return result
  }
}

struct PartialRow: Sendable, Codable {
  var statistics: RowStatistics
  var status: StatusRun
  var profile: [ProfilePoint]
  /// Only in `map:` cases (absent otherwise).
  var map: MapTally?
}

extension ChunkResult {
  var rows: [PartialRow] {
    statistics.indices.map {
      PartialRow(
        statistics: statistics[$0], status: statuses[$0], profile: profiles[$0], map: maps[$0])
    }
  }
}

/// A binary64 as the 16 hex digits of its bit pattern.
struct ExactDouble: Codable {
  var value: Double
  init(_ value: Double) { self.value = value }
  init(from decoder: Decoder) throws {
    let container = try decoder.singleValueContainer()
    let text = try container.decode(String.self)
    guard text.count == 16, let bits = UInt64(text, radix: 16) else {
      throw DecodingError.dataCorruptedError(
        in: container, debugDescription: "'\(text)' is not 16 hex digits of a binary64")
    }
    value = Double(bitPattern: bits)
  }
  func encode(to encoder: Encoder) throws {
    var container = encoder.singleValueContainer()
    let digits = String(value.bitPattern, radix: 16)
    try container.encode(String(repeating: "0", count: 16 - digits.count) + digits)
  }
}

extension KeyedDecodingContainer {
  func exact(_ key: Key) throws -> Double { try decode(ExactDouble.self, forKey: key).value }
}
extension KeyedEncodingContainer {
  mutating func exact(_ value: Double, _ key: Key) throws { try encode(ExactDouble(value), forKey: key) }
}

extension RowStatistics: Codable {
  enum CodingKeys: String, CodingKey {
    case points, endToEnd, rounding, maxFormulaULP, maxBias, maxValue, maxIdeal, maxBoundRatio
    case uncertified, referenceBits
  }

  public init(from decoder: Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    self.init()
    points = try c.decode(Int.self, forKey: .points)
    endToEnd = try c.decode(ErrorTally.self, forKey: .endToEnd)
    rounding = try c.decode(ErrorTally.self, forKey: .rounding)
    maxFormulaULP = try c.exact(.maxFormulaULP)
    maxBias = try c.exact(.maxBias)
    maxValue = try c.exact(.maxValue)
    maxIdeal = try c.exact(.maxIdeal)
    maxBoundRatio = try c.decodeIfPresent(ExactDouble.self, forKey: .maxBoundRatio)?.value
    uncertified = try c.decode(Int.self, forKey: .uncertified)
    referenceBits = try c.decode(Int.self, forKey: .referenceBits)
  }

  public func encode(to encoder: Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(points, forKey: .points)
    try c.encode(endToEnd, forKey: .endToEnd)
    try c.encode(rounding, forKey: .rounding)
    try c.exact(maxFormulaULP, .maxFormulaULP)
    try c.exact(maxBias, .maxBias)
    try c.exact(maxValue, .maxValue)
    try c.exact(maxIdeal, .maxIdeal)
    try c.encode(maxBoundRatio.map(ExactDouble.init), forKey: .maxBoundRatio)
    try c.encode(uncertified, forKey: .uncertified)
    try c.encode(referenceBits, forKey: .referenceBits)
  }
}

extension ErrorTally: Codable {
  enum CodingKeys: String, CodingKey {
    case points, finiteULPCount, worstPoint, maxULP, sumULP, maxBits, sumBits, maxRelative
    case maxULPUnflushed, largestFlushed, nonFiniteValues, classes, histogram
  }

  public init(from decoder: Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    self.init()
    points = try c.decode(Int.self, forKey: .points)
    finiteULPCount = try c.decode(Int.self, forKey: .finiteULPCount)
    worstPoint = try c.decodeIfPresent(Int.self, forKey: .worstPoint)
    maxULP = try c.exact(.maxULP)
    sumULP = try c.exact(.sumULP)
    maxBits = try c.exact(.maxBits)
    sumBits = try c.exact(.sumBits)
    maxRelative = try c.exact(.maxRelative)
    maxULPUnflushed = try c.exact(.maxULPUnflushed)
    largestFlushed = try c.exact(.largestFlushed)
    nonFiniteValues = try c.decode(Int.self, forKey: .nonFiniteValues)
    for (name, count) in try c.decode([String: Int].self, forKey: .classes) {
      guard let errorClass = ErrorClass(rawValue: name) else {
        throw DecodingError.dataCorruptedError(
          forKey: .classes, in: c, debugDescription: "'\(name)' is not an error class")
      }
      classCounts[errorClass] = count
    }
    for pair in try c.decode([[Int]].self, forKey: .histogram) {
      guard pair.count == 2 else {
        throw DecodingError.dataCorruptedError(
          forKey: .histogram, in: c, debugDescription: "a histogram entry is [bin, count]")
      }
      histogram[pair[0]] = pair[1]
    }
  }

  public func encode(to encoder: Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(points, forKey: .points)
    try c.encode(finiteULPCount, forKey: .finiteULPCount)
    try c.encode(worstPoint, forKey: .worstPoint)
    try c.exact(maxULP, .maxULP)
    try c.exact(sumULP, .sumULP)
    try c.exact(maxBits, .maxBits)
    try c.exact(sumBits, .sumBits)
    try c.exact(maxRelative, .maxRelative)
    try c.exact(maxULPUnflushed, .maxULPUnflushed)
    try c.exact(largestFlushed, .largestFlushed)
    try c.encode(nonFiniteValues, forKey: .nonFiniteValues)
    try c.encode(
      Dictionary(uniqueKeysWithValues: classCounts.map { ($0.key.rawValue, $0.value) }),
      forKey: .classes)
    try c.encode(histogram.keys.sorted().map { [$0, histogram[$0]!] }, forKey: .histogram)
  }
}

extension StatusRun: Codable {
  enum CodingKeys: String, CodingKey { case first, last, startPoint, lastPoint, changes }

  init(from decoder: Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    self.init()
    first = try c.decodeIfPresent(Bool.self, forKey: .first)
    last = try c.decodeIfPresent(Bool.self, forKey: .last)
    startPoint = try c.decodeIfPresent(Int.self, forKey: .startPoint)
    lastPoint = try c.decode(Int.self, forKey: .lastPoint)
    changes = try c.decode([[Int]].self, forKey: .changes).map { pair in
      guard pair.count == 2 else {
        throw DecodingError.dataCorruptedError(
          forKey: .changes, in: c, debugDescription: "a change is [before, after]")
      }
      return (pair[0], pair[1])
    }
  }

  func encode(to encoder: Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(first, forKey: .first)
    try c.encode(last, forKey: .last)
    try c.encode(startPoint, forKey: .startPoint)
    try c.encode(lastPoint, forKey: .lastPoint)
    try c.encode(changes.map { [$0.0, $0.1] }, forKey: .changes)
  }
}

extension ProfilePoint: Codable {
  public init(from decoder: Decoder) throws {
    var c = try decoder.unkeyedContainer()
    let x = try c.decode(ExactDouble.self).value, ulp = try c.decode(ExactDouble.self).value
    let name = try c.decode(String.self)
    guard let errorClass = ErrorClass(rawValue: name) else {
      throw DecodingError.dataCorruptedError(in: c, debugDescription: "'\(name)' is not an error class")
    }
    self.init(x: x, ulp: ulp, errorClass: errorClass)
  }

  public func encode(to encoder: Encoder) throws {
    var c = encoder.unkeyedContainer()
    try c.encode(ExactDouble(x))
    try c.encode(ExactDouble(ulp))
    try c.encode(errorClass.rawValue)
  }
}

extension MapTally: Codable {
  enum CodingKeys: String, CodingKey {
    case columns, rows, logits, targets, zeroIndex, firstRow, firstTarget, cells, cliffs
  }

  public init(from decoder: Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    let shape = MapShape(
      columns: try c.decode(Int.self, forKey: .columns), rows: try c.decode(Int.self, forKey: .rows))
    let (logits, targets) = (try c.decode(Int.self, forKey: .logits), try c.decode(Int.self, forKey: .targets))
    let firstRow = try c.decode(Int.self, forKey: .firstRow)
    let firstTarget = try c.decode(Int.self, forKey: .firstTarget)
    let cells = try c.decode([MapCell].self, forKey: .cells)
    let cliffs = try c.decode([[Int?]].self, forKey: .cliffs)
    guard (1...MapShape.maxCells).contains(shape.columns), (1...MapShape.maxCells).contains(shape.rows),
      shape.columns <= logits, shape.rows <= targets, firstRow >= 0,
      cells.count % shape.columns == 0, firstRow + cells.count / shape.columns <= shape.rows,
      firstTarget >= 0, firstTarget + cliffs.count <= targets,
      cliffs.allSatisfy({ $0.count == 2 && $0.allSatisfy { ($0 ?? 0) >= 0 && ($0 ?? 0) < logits } })
    else {
      throw DecodingError.dataCorruptedError(
        forKey: .cells, in: c, debugDescription: "the map's cells or cliffs do not fit its shape")
    }
    self.init(
      shape: shape, logitCount: logits, targetCount: targets,
      zeroIndex: try c.decode(Int.self, forKey: .zeroIndex), firstRow: firstRow, cells: cells,
      firstTarget: firstTarget, cliffs: cliffs.map { TargetCliffs(below: $0[0], above: $0[1]) })
  }

  public func encode(to encoder: Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(shape.columns, forKey: .columns)
    try c.encode(shape.rows, forKey: .rows)
    try c.encode(logitCount, forKey: .logits)
    try c.encode(targetCount, forKey: .targets)
    try c.encode(zeroIndex, forKey: .zeroIndex)
    try c.encode(firstRow, forKey: .firstRow)
    try c.encode(firstTarget, forKey: .firstTarget)
    try c.encode(cells, forKey: .cells)
    try c.encode(cliffs.map { [$0.below, $0.above] }, forKey: .cliffs)
  }
}

extension MapCell: Codable {
  public init(from decoder: Decoder) throws {
    var c = try decoder.unkeyedContainer()
    self.init()
    points = try c.decode(Int.self)
    bad = try c.decode(Int.self)
    maxULP = try c.decode(ExactDouble.self).value
    classes = try c.decode([Int].self)
    guard classes.count == ErrorClass.allCases.count else {
      throw DecodingError.dataCorruptedError(
        in: c, debugDescription: "a map cell counts \(ErrorClass.allCases.count) classes")
    }
  }

  public func encode(to encoder: Encoder) throws {
    var c = encoder.unkeyedContainer()
    try c.encode(points)
    try c.encode(bad)
    try c.encode(ExactDouble(maxULP))
    try c.encode(classes)
  }
}
