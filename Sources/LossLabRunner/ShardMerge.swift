import Foundation

/// The partial results of every shard of one run, checked to belong together: one format and
/// LossLab version, the same specs (their text), options and shard count, each shard once and
/// none missing. `result(for:runner:)` then finishes each experiment's table exactly as a run on
/// one machine does.
public struct ShardSet: Sendable {
  /// The partial results by shard (index 0 is shard 1).
  let partials: [PartialResult]
  let files: [String]

  public var count: Int { partials.count }
  public var options: PartialResult.RunOptions { partials[0].options }
  /// The run's spec files, in run order.
  public var specFiles: [String] { partials[0].experiments.map(\.file) }

  /// The file name pattern of a partial result.
  static func isPartialName(_ name: String) -> Bool {
    name.hasPrefix("shard-") && name.hasSuffix(".losslab.json")
  }

  /// Reads every `shard-I-of-N.losslab.json` in `folders` (a partial result's own path works too)
  /// and checks that they make one complete run.
  public static func load(_ folders: [String]) throws(ShardError) -> ShardSet {
    var paths: [String] = []
    for folder in folders {
      var isDirectory: ObjCBool = false
      guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory) else {
        throw ShardError("\(folder): no such folder")
      }
      guard isDirectory.boolValue else {
        paths.append(folder)
        continue
      }
      let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [])
        .filter(isPartialName).sorted()
      guard !names.isEmpty else {
        throw ShardError("\(folder): no partial results (shard-I-of-N.losslab.json, written by losslab run --shard I/N --out \(folder))")
      }
      paths += names.map { "\(folder)/\($0)" }
    }
    var partials: [PartialResult] = []
    for path in paths {
      guard let data = FileManager.default.contents(atPath: path) else {
        throw ShardError("\(path): cannot read the file")
      }
      let partial: PartialResult
      do {
        partial = try PartialResult.decode(data)
      } catch {
        throw ShardError("\(path): not a LossLab partial result (\(decodingProblem(error)))")
      }
      guard partial.format == PartialResult.formatName, partial.version == PartialResult.formatVersion
      else {
        throw ShardError("\(path): format '\(partial.format)' version \(partial.version); this losslab reads \(PartialResult.formatName) version \(PartialResult.formatVersion)")
      }
      guard partial.losslab == LossLabVersion.current else {
        throw ShardError("\(path): written by LossLab \(partial.losslab), this is LossLab \(LossLabVersion.current): merge with the losslab that ran the shards")
      }
      partials.append(partial)
    }
    let first = partials[0], firstPath = paths[0]
    var byShard: [Int: String] = [:]
    for (partial, path) in zip(partials, paths) {
      guard partial.shards == first.shards else {
        throw ShardError("\(path): shard \(partial.shard) of \(partial.shards), but \(firstPath) is of \(first.shards): shards of two different runs")
      }
      guard (1...partial.shards).contains(partial.shard) else {
        throw ShardError("\(path): shard \(partial.shard) is not in 1...\(partial.shards)")
      }
      if partial.options != first.options {
        throw ShardError("\(path): run with \(describe(partial.options)), but \(firstPath) with \(describe(first.options)): shards of two different runs")
      }
      if let difference = specDifference(partial.experiments, first.experiments) {
        throw ShardError("\(path): \(difference) than \(firstPath): shards of two different runs")
      }
      if let other = byShard[partial.shard] {
        throw ShardError("shard \(partial.shard) of \(partial.shards) twice: \(other) and \(path)")
      }
      byShard[partial.shard] = path
    }
    let missing = (1...first.shards).filter { byShard[$0] == nil }
    guard missing.isEmpty else {
      let names = missing.prefix(5).map { Shard(index: $0, count: first.shards)!.fileName }
      throw ShardError("missing shard\(missing.count == 1 ? "" : "s") \(missing.map(String.init).joined(separator: ", ")) of \(first.shards) (\(names.joined(separator: ", "))\(missing.count > 5 ? ", ..." : "")) in \(folders.joined(separator: ", "))")
    }
    let order = partials.indices.sorted { partials[$0].shard < partials[$1].shard }
    // Every chunk of every experiment in exactly one shard, before anything is written.
    for (index, experiment) in first.experiments.enumerated() {
      var owner = [Int?](repeating: nil, count: experiment.chunks)
      for i in order {
        for chunk in partials[i].experiments[index].results.map(\.chunk) {
          guard owner.indices.contains(chunk) else {
            throw ShardError("\(paths[i]): \(experiment.name) has no chunk \(chunk) (it has \(experiment.chunks))")
          }
          if let other = owner[chunk] {
            throw ShardError("\(paths[i]): \(experiment.name) chunk \(chunk) is in \(paths[other]) too")
          }
          owner[chunk] = i
        }
      }
      if let gap = owner.firstIndex(where: { $0 == nil }) {
        throw ShardError("\(experiment.file): chunk \(gap) of \(experiment.chunks) is in no shard (\(paths.joined(separator: ", ")))")
      }
    }
    return ShardSet(partials: order.map { partials[$0] }, files: order.map { paths[$0] })
  }

  static func describe(_ options: PartialResult.RunOptions) -> String {
    [
      options.quick ? "--quick" : "full size",
      options.seed.map { "--seed \($0)" } ?? "the specs' seeds",
      options.precision.map { "--precision \($0)" } ?? "the specs' precision",
    ].joined(separator: ", ")
  }

  /// How two runs' lists of specs differ, or nil.
  static func specDifference(_ a: [PartialExperiment], _ b: [PartialExperiment]) -> String? {
    let names = { (list: [PartialExperiment]) in list.map(\.file).joined(separator: " ") }
    guard a.map(\.file) == b.map(\.file) else { return "specs [\(names(a))] other" }
    for (x, y) in zip(a, b) where x.spec != y.spec || x.chunks != y.chunks {
      return "\(x.file) has another text"
    }
    for (x, y) in zip(a, b) where x.data != y.data {
      return "\(x.file) read other data from its files"
    }
    return nil
  }

  /// The first line of a decoding error, with the path to the bad value.
  static func decodingProblem(_ error: Error) -> String {
    func path(_ context: DecodingError.Context) -> String {
      context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
    }
    switch error as? DecodingError {
    case .dataCorrupted(let context)?:
      return "\(context.debugDescription.split(separator: "\n").first ?? "") at \(path(context))"
    case .keyNotFound(let key, let context)?: return "no '\(key.stringValue)' at \(path(context))"
    case .typeMismatch(_, let context)?, .valueNotFound(_, let context)?:
      return "\(context.debugDescription.split(separator: "\n").first ?? "") at \(path(context))"
    case nil: return "\(error)".split(separator: "\n").first.map(String.init) ?? "unreadable"
    @unknown case _: return "unreadable"
    }
  }

  /// Checks that `specs` (parsed from the spec files now) are the shards' specs, unchanged.
  public func check(_ specs: [ExperimentSpec]) throws(ShardError) {
    let stored = partials[0].experiments
    guard specs.map(\.file) == stored.map(\.file) else {
      throw ShardError("the shards ran \(stored.map(\.file).joined(separator: " ")), not \(specs.map(\.file).joined(separator: " "))")
    }
    for (experiment, spec) in zip(stored, specs) {
      guard spec.sourceText == experiment.spec else {
        throw ShardError("\(experiment.file): changed since the shards ran (\(files[0]) has its text then): rerun the shards, or restore the spec")
      }
      guard spec.fileDataDigest == experiment.data else {
        throw ShardError("\(experiment.file): its data files changed since the shards ran (\(files[0]) read other values): rerun the shards, or restore the files")
      }
    }
  }

  /// Checks every experiment's chunks against its plan here (how many chunks, and rows per
  /// chunk), all before the merge writes anything.
  public func checkPlans(_ specs: [ExperimentSpec], runner: ExperimentRunner) throws(ShardError) {
    for spec in specs { _ = try chunks(for: spec, plan: runner.plan(spec)) }
  }

  /// The table of `spec` from every shard's chunks, merged in chunk order and finished by
  /// `runner` (cliffs, worst inputs, notes): byte-identical to `runner.run(spec)`.
  public func result(for spec: ExperimentSpec, runner: ExperimentRunner) throws(ShardError)
    -> ExperimentResult
  {
    let plan = runner.plan(spec)
    return runner.finish(plan, try chunks(for: spec, plan: plan))
  }

  /// The chunks of `spec` from every shard, in chunk order, checked against `plan`.
  func chunks(for spec: ExperimentSpec, plan: ExperimentPlan) throws(ShardError) -> [ChunkResult] {
    guard let index = partials[0].experiments.firstIndex(where: { $0.file == spec.file }) else {
      throw ShardError("\(spec.file): not among the shards' specs")
    }
    guard plan.chunkCount == partials[0].experiments[index].chunks else {
      throw ShardError("\(spec.file): \(plan.chunkCount) chunks of points here, \(partials[0].experiments[index].chunks) in the shards")
    }
    var chunks = [ChunkResult?](repeating: nil, count: plan.chunkCount)
    for (partial, file) in zip(partials, files) {
      for chunk in partial.experiments[index].results {
        // (`load` checked that each chunk is in exactly one shard.)
        guard chunk.rows.count == plan.rows(ofChunk: chunk.chunk) else {
          throw ShardError("\(file): \(spec.name) chunk \(chunk.chunk) has \(chunk.rows.count) rows, the spec \(plan.rows(ofChunk: chunk.chunk))")
        }
        chunks[chunk.chunk] = chunk.result
      }
    }
    return chunks.map { $0! }
  }
}
