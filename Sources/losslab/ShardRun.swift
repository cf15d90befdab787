import ArgumentParser
import Foundation
import LossLabOutput
import LossLabRunner

/// `losslab run --shard I/N`, and the merge's side of `run` (`losslab merge` hands its checked
/// shards to `run`, so that a merged run writes its tables through the same code as any run).
extension RunCommand {
  /// The shard this run measures: `--shard`, else the scheduler's environment (Slurm job
  /// arrays, Kubernetes Indexed Jobs); nil for a whole run (`--shard none`, or neither).
  func chosenShard() throws -> Shard? {
    if let shard {
      if shard == "none" { return nil }
      guard let chosen = Shard(shard) else {
        throw ValidationError("--shard: '\(shard)' is not I/N with whole numbers 1 ≤ I ≤ N ≤ \(Shard.maxCount) (e.g. 2/8), or none")
      }
      return chosen
    }
    guard mergeShards.isEmpty else { return nil }
    let fromScheduler: Shard?
    do {
      fromScheduler = try Shard.fromEnvironment(ProcessInfo.processInfo.environment)
    } catch {
      throw ValidationError(error.description)
    }
    // Said even under --quiet: a job array's run that measures only its share is no surprise.
    if let fromScheduler {
      FileHandle.standardError.write(Data("losslab: shard \(fromScheduler) from the scheduler's environment: this run measures only its share of every spec and writes a partial result (--shard none runs everything)\n".utf8))
    }
    return fromScheduler
  }

  /// Measures the shard's chunks of every spec and writes its partial result,
  /// `OUT/shard-I-of-N.losslab.json`; no table.
  func runShard(_ shard: Shard, _ specs: [ExperimentSpec]) throws {
    if tensorboard != nil {
      throw ValidationError("--tensorboard: a shard writes only its partial result; give --tensorboard to losslab merge")
    }
    if csvOnly { throw ValidationError("--csv-only: a shard writes no table; give --csv-only to losslab merge") }
    let started = Date()
    let planner = ExperimentRunner(threads: threads, quick: quick)
    let plans = specs.map(planner.plan)
    let assignment = ShardAssignment(plans, shards: shard.count)
    var experiments: [PartialExperiment] = []
    var measured = 0, all = 0
    for (index, plan) in plans.enumerated() {
      let chunks = assignment.chunks(shard, experiment: index)
      let progress = quiet ? nil : ProgressReporter(label: "\(plan.spec.name) (shard \(shard))")
      let runner = ExperimentRunner(threads: threads, quick: quick, progress: progress?.report)
      let results = runner.measure(plan, chunks: chunks)
      progress?.finish()
      experiments.append(PartialExperiment(plan, chunks: chunks, results: results))
      measured += chunks.count
      all += plan.chunkCount
    }
    let partial = PartialResult(
      shard: shard, options: .init(quick: quick, seed: seed.map { "\($0)" }, precision: precision),
      experiments: experiments)
    let path = "\(out)/\(shard.fileName)"
    try writeAtomically(partial.encoded(), to: path)
    if !quiet {
      let total = assignment.costs.reduce(0, +)
      let share = total > 0 ? 100 * assignment.costs[shard.index - 1] / total : 0
      let seconds = String(format: "%.1f", Date().timeIntervalSince(started))
      FileHandle.standardError.write(Data("shard \(shard): \(measured) of \(all) chunks (\(String(format: "%.1f", share))% of the estimated cost) in \(seconds) s -> \(path)\n".utf8))
    }
  }

  /// The shards `losslab merge` handed over (`--merge-shards`), checked against the specs as
  /// parsed now; nil for an ordinary run.
  func mergedShards(_ specs: [ExperimentSpec]) throws -> ShardSet? {
    guard !mergeShards.isEmpty else { return nil }
    do {
      let shards = try ShardSet.load(mergeShards)
      try shards.check(specs)
      try shards.checkPlans(specs, runner: ExperimentRunner(threads: threads, quick: quick))
      return shards
    } catch {
      throw ValidationError(error.description)
    }
  }
}
