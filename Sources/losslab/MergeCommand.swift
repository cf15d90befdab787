import ArgumentParser
import Foundation
import LossLabRunner

/// `losslab merge`: the tables of a run made by shards (`losslab run --shard I/N`).
struct MergeCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "merge",
    abstract: "Merge the partial results of `losslab run --shard I/N` into the run's tables.",
    discussion: """
      Reads every shard-I-of-N.losslab.json in the folders, checks that they are one run (the \
      same LossLab version, specs, seed, precision, --quick and N, each shard once and none \
      missing: otherwise one line naming the shards, exit 2), and writes the tables, plots, \
      TensorBoard files and report as `losslab run` does: byte-identical to the same run on one \
      machine. The spec files must be where the shards read them, unchanged.
      """)

  @Argument(help: "Folders holding the shards' partial results (or the files themselves).")
  var shardFolders: [String]

  @Option(name: .long, help: "Where to write the tables.")
  var out = "Results"

  @Option(name: .long, help: "Also write TensorBoard event files here: one run per format (tensorboard --logdir DIR). Their wall time is the clock's, or SOURCE_DATE_EPOCH when set.")
  var tensorboard: String? = nil

  @Flag(name: .customLong("csv-only"), help: "Write only the CSV tables.")
  var csvOnly = false

  @Flag(name: .long, help: "No progress output.")
  var quiet = false

  func run() throws {
    let shards: ShardSet
    do {
      shards = try ShardSet.load(shardFolders)
    } catch {
      throw ValidationError(error.description)
    }
    let options = shards.options
    var arguments = shards.specFiles + ["--out", out, "--shard", "none"]
    if options.quick { arguments.append("--quick") }
    if let seed = options.seed { arguments += ["--seed", seed] }
    if let precision = options.precision { arguments += ["--precision", precision] }
    if let tensorboard { arguments += ["--tensorboard", tensorboard] }
    if csvOnly { arguments.append("--csv-only") }
    if quiet { arguments.append("--quiet") }
    for folder in shardFolders { arguments += ["--merge-shards", folder] }
    let run = try RunCommand.parse(arguments)
    try run.run()
  }
}
