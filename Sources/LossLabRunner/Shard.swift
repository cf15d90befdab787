/// One shard of a run split over several machines: shard `index` (1-based) of `count`.
///
/// `losslab run --shard I/N` measures only the chunks of points that `ShardAssignment` gives
/// shard I, and writes a `PartialResult`; `losslab merge` puts the N partial results together.
public struct Shard: Sendable, Hashable, CustomStringConvertible {
  /// 1 ... count.
  public let index: Int
  public let count: Int

  /// The most shards a run splits into (as `losslab slurm --shards`): the assignment keeps an
  /// array per shard.
  public static let maxCount = 10_000

  public init?(index: Int, count: Int) {
    guard (1...Shard.maxCount).contains(count), (1...count).contains(index) else { return nil }
    self.index = index
    self.count = count
  }

  /// `I/N` with whole numbers 1 ≤ I ≤ N ≤ `maxCount`.
  public init?(_ text: String) {
    let parts = text.split(separator: "/", omittingEmptySubsequences: false)
    guard parts.count == 2, let index = Int(parts[0]), let count = Int(parts[1]) else { return nil }
    self.init(index: index, count: count)
  }

  public var description: String { "\(index)/\(count)" }

  /// The partial result's file name in a shard's output folder.
  public var fileName: String { "shard-\(index)-of-\(count).losslab.json" }

  /// The shard a scheduler assigns through the environment, if any:
  /// - Slurm job arrays: `SLURM_ARRAY_TASK_ID` − `SLURM_ARRAY_TASK_MIN` (0-based) of
  ///   `SLURM_ARRAY_TASK_COUNT`;
  /// - Kubernetes Indexed Jobs: `JOB_COMPLETION_INDEX` (0-based) of `LOSSLAB_SHARD_COUNT`
  ///   (the Job's `completions`, which Kubernetes does not pass to the pod).
  /// Throws a one-line message naming the variables when they are set but do not make a shard.
  public static func fromEnvironment(_ environment: [String: String]) throws(ShardError) -> Shard? {
    if let id = environment["SLURM_ARRAY_TASK_ID"] {
      let names = "SLURM_ARRAY_TASK_ID=\(id), SLURM_ARRAY_TASK_MIN=\(environment["SLURM_ARRAY_TASK_MIN"] ?? "(unset)"), SLURM_ARRAY_TASK_COUNT=\(environment["SLURM_ARRAY_TASK_COUNT"] ?? "(unset)")"
      guard let task = Int(id), let low = Int(environment["SLURM_ARRAY_TASK_MIN"] ?? "0"),
        let count = Int(environment["SLURM_ARRAY_TASK_COUNT"] ?? ""),
        case let (offset, overflow) = task.subtractingReportingOverflow(low), !overflow,
        offset < Int.max, let shard = Shard(index: offset + 1, count: count)
      else {
        throw ShardError("\(names) do not make a shard: the array must be 0-(N-1) or a contiguous range (or give --shard I/N, or --shard none to run everything)")
      }
      return shard
    }
    if let id = environment["JOB_COMPLETION_INDEX"] {
      let countText = environment["LOSSLAB_SHARD_COUNT"]
      guard let index = Int(id), index < Int.max, let count = Int(countText ?? ""),
        let shard = Shard(index: index + 1, count: count)
      else {
        throw ShardError("JOB_COMPLETION_INDEX=\(id), LOSSLAB_SHARD_COUNT=\(countText ?? "(unset)") do not make a shard: set LOSSLAB_SHARD_COUNT to the Indexed Job's completions (or give --shard I/N, or --shard none to run everything)")
      }
      return shard
    }
    return nil
  }
}

/// A one-line problem with a shard or a partial result (the command line exits with status 2).
public struct ShardError: Error, CustomStringConvertible {
  public let description: String
  public init(_ description: String) { self.description = description }
}

/// Which chunks each shard measures, over every experiment of a run: the chunks go, the most
/// costly first (`ExperimentPlan.cost`), each to the shard with the least work so far (the
/// lowest-numbered on ties): Graham's longest-processing-time rule, whose busiest shard has at
/// most 4/3 of the optimum. It depends only on the plans and the shard count.
public struct ShardAssignment: Sendable {
  /// `chunks[s][e]`: the chunks of experiment e that shard s + 1 measures, ascending.
  public let chunks: [[[Int]]]
  /// The estimated cost each shard got.
  public let costs: [Double]

  public init(_ plans: [ExperimentPlan], shards count: Int) {
    var all: [(experiment: Int, chunk: Int, cost: Double)] = []
    for (e, plan) in plans.enumerated() {
      for chunk in 0..<plan.chunkCount { all.append((e, chunk, plan.cost(ofChunk: chunk))) }
    }
    // A stable sort: equal costs keep run order.
    let order = all.indices.sorted { all[$0].cost != all[$1].cost ? all[$0].cost > all[$1].cost : $0 < $1 }
    var chunks = Array(repeating: Array(repeating: [Int](), count: plans.count), count: count)
    var costs = Array(repeating: 0.0, count: count)
    for i in order {
      let shard = costs.indices.min { costs[$0] != costs[$1] ? costs[$0] < costs[$1] : $0 < $1 }!
      chunks[shard][all[i].experiment].append(all[i].chunk)
      costs[shard] += all[i].cost
    }
    self.chunks = chunks.map { $0.map { $0.sorted() } }
    self.costs = costs
  }

  /// The chunks of experiment `experiment` that `shard` measures.
  public func chunks(_ shard: Shard, experiment: Int) -> [Int] { chunks[shard.index - 1][experiment] }
}
