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
