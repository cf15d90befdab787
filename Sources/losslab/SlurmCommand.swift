import ArgumentParser
import Foundation
import LossLabRunner

/// `losslab slurm`: the two Slurm jobs of a sharded run, as one script to submit.
struct SlurmCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "slurm",
    abstract: "Print a script that submits a run to Slurm: a job array of shards, then their merge.",
    discussion: """
      The job array runs `losslab run` once per task (each task takes its shard from \
      SLURM_ARRAY_TASK_ID) and writes its partial result into --shard-dir; the merge job, \
      submitted with --dependency=afterok on the array, writes the tables into --out. On the \
      cluster's login node:
        losslab slurm bce-logits --shards 16 --partition cpu --time 1:00:00 --cpus 8 > submit.sh
        bash submit.sh
      """)

  @Argument(help: "Experiment names or spec files (default: every spec in --experiments).")
  var specs: [String] = []

  @Option(name: .long, help: "Where the specs are.")
  var experiments = "Experiments"

  @Option(name: .long, parsing: .unconditional, help: "How many shards (array tasks), 1...10000 (a cluster's MaxArraySize, 1001 by default, may allow fewer).")
  var shards: Int

  @Option(name: .long, help: "The Slurm partition (default: the cluster's).")
  var partition: String? = nil

  @Option(name: .long, help: "Each task's time limit, as sbatch takes it (e.g. 30, 2:00:00, 1-00:00:00).")
  var time: String? = nil

  @Option(name: .long, parsing: .unconditional, help: "CPUs per task: the shard's threads.")
  var cpus = 1

  @Option(name: .customLong("shard-dir"), help: "Where the shards write their partial results and Slurm its logs.")
  var shardDir = "shards"

  @Option(name: .long, help: "Where the merge job writes the tables.")
  var out = "Results"

  @Option(name: .long, help: "Also write TensorBoard event files here (the merge job).")
  var tensorboard: String? = nil

  @Option(name: .long, parsing: .unconditional, help: "Seed for every case's random inputs, in place of the specs' own.")
  var seed: Int? = nil

  @Option(name: .long, help: "The MPFR reference's precision for every case (as losslab run takes it).")
  var precision: String? = nil

  @Flag(name: .long, help: "Shrink every sweep for a smoke run.")
  var quick = false

  @Option(name: .long, help: "The losslab the jobs run (default: this one's absolute path).")
  var losslab: String? = nil

  func run() throws {
    guard (1...10000).contains(shards) else {
      throw ValidationError("--shards: must be in 1...10000, got \(shards)")
    }
    guard cpus >= 1 else { throw ValidationError("--cpus: must be at least 1, got \(cpus)") }
    // What `losslab run` refuses, refused here, before N array tasks fail on the cluster.
    _ = try checkedRunOptions(seed: seed, precision: precision)
    let paths = try specPaths(specs, in: experiments)
    for path in paths {
      do {
        _ = try SpecParser.load(path: path, quick: quick)
      } catch let error as SpecError {
        throw ValidationError(error.description)
      }
    }
    print(script(paths), terminator: "")
  }

  /// The submit script: both jobs' batch scripts inline (here-documents), the merge held until
  /// every array task succeeded.
  func script(_ paths: [String]) -> String {
    let here = FileManager.default.currentDirectoryPath
    let binary = losslab ?? executablePath()
    var runOptions = ["--quiet", "--out", shardDir]
    if quick { runOptions.append("--quick") }
    if let seed { runOptions += ["--seed", "\(seed)"] }
    if let precision { runOptions += ["--precision", precision] }
    var mergeOptions = ["--out", out]
    if let tensorboard { mergeOptions += ["--tensorboard", tensorboard] }
    func header(_ name: String, _ extra: [String]) -> String {
      var lines = ["#!/bin/bash", "#SBATCH --job-name=\(name)"] + extra.map { "#SBATCH \($0)" }
      if let partition { lines.append("#SBATCH --partition=\(partition)") }
      if let time { lines.append("#SBATCH --time=\(time)") }
      lines.append("#SBATCH --chdir=\(here)")
      return lines.joined(separator: "\n")
    }
    let runLine = "exec \(shellQuoted(binary)) run --threads \"${SLURM_CPUS_PER_TASK:-1}\" "
      + (runOptions + paths).map(shellQuoted).joined(separator: " ")
    let mergeLine = "exec \(shellQuoted(binary)) merge \(shellQuoted(shardDir)) "
      + mergeOptions.map(shellQuoted).joined(separator: " ")
    return """
      #!/bin/bash
      # LossLab on Slurm: \(paths.count) spec\(paths.count == 1 ? "" : "s") in \(shards) shard\(shards == 1 ? "" : "s") (a job array), then their merge.
      # Written by `losslab slurm`; submit with: bash THIS_FILE
      set -euo pipefail
      cd \(shellQuoted(here))
      mkdir -p \(shellQuoted(shardDir))
      rm -f \(shellQuoted(shardDir))/shard-*-of-*.losslab.json
      array=$(sbatch --parsable <<'LOSSLAB_SHARDS'
      \(header("losslab-shards", ["--array=0-\(shards - 1)", "--ntasks=1", "--cpus-per-task=\(cpus)", "--output=\(shardDir)/slurm-%A_%a.out"]))
      \(runLine)
      LOSSLAB_SHARDS
      )
      array=${array%%;*}
      merge=$(sbatch --parsable --dependency=afterok:"$array" <<'LOSSLAB_MERGE'
      \(header("losslab-merge", ["--ntasks=1", "--cpus-per-task=1", "--output=\(shardDir)/slurm-%j-merge.out"]))
      \(mergeLine)
      LOSSLAB_MERGE
      )
      merge=${merge%%;*}
      echo "submitted job array $array (\(shards) shard\(shards == 1 ? "" : "s") into \(shardDir)) and merge job $merge (after the array succeeds, tables into \(out))"
      echo "$array $merge" > \(shellQuoted(shardDir))/jobs

      """
  }

  /// This program's absolute path (Linux: /proc/self/exe).
  func executablePath() -> String {
    (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
      ?? URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL.path
  }
}

/// A word for a POSIX shell: as is when it is plain, else single-quoted.
func shellQuoted(_ word: String) -> String {
  let plain = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./:=@%+,")
  if !word.isEmpty && word.allSatisfy(plain.contains) { return word }
  return "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
}
