import ArgumentParser
import Foundation
import LossLabOutput
import LossLabPlots
import LossLabTensorBoard
import LossLabMeasurement
import LossLabReference
import LossLabRunner

/// `losslab run`: runs experiment specs and writes their precision tables.
struct RunCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "run",
    abstract: "Run experiments from Experiments/ and write precision tables to Results/.",
    discussion: """
      Every spec is checked before any work starts; a bad one stops the run with FILE:LINE and
      leaves Results/ untouched. Tables are written atomically as each experiment finishes.
      """)

  @Argument(help: "Experiment names or spec files (default: every spec in --experiments).")
  var specs: [String] = []

  @Option(name: .long, help: "Where the specs are.")
  var experiments = "Experiments"

  @Option(name: .long, help: "Where to write the tables.")
  var out = "Results"

  @Option(name: .long, help: "Worker threads (default: all cores). Output does not depend on it.")
  var threads: Int = ProcessInfo.processInfo.activeProcessorCount

  @Option(name: .long, help: "Seed for every case's random inputs, in place of the specs' own (to see how much a table's figures move with the sample).")
  var seed: UInt64? = nil

  @Option(name: .long, help: "The MPFR reference's precision for every case, in place of the specs' own: auto (certified, raised per point until every figure is certain, up to 4096 bits), auto:CAP, or a fixed number of bits in 64...4096.")
  var precision: String? = nil

  @Flag(name: .long, help: "Shrink every sweep for a smoke run (what CI runs).")
  var quick = false

  @Option(name: .long, help: "Also write TensorBoard event files here: one run per format (tensorboard --logdir DIR). Their wall time is the clock's, or SOURCE_DATE_EPOCH when set.")
  var tensorboard: String? = nil

  @Flag(name: .customLong("csv-only"), help: "Write only the CSV tables (how the regression goldens are made).")
  var csvOnly = false

  @Flag(name: .long, help: "No progress output.")
  var quiet = false

  @Option(name: .long, parsing: .unconditional, help: "Run only shard I of N (1 ≤ I ≤ N) of every spec's points and write its partial result OUT/shard-I-of-N.losslab.json, for losslab merge. Default: from SLURM_ARRAY_TASK_ID (job arrays) or JOB_COMPLETION_INDEX with LOSSLAB_SHARD_COUNT (Kubernetes Indexed Jobs) when set; none runs everything.")
  var shard: String? = nil

  @Option(name: .customLong("merge-shards"), help: .hidden)
  var mergeShards: [String] = []

  func run() throws {
    guard threads >= 1 else { throw ValidationError("--threads: must be at least 1, got \(threads)") }
    let reference = try precision.map { text -> ReferencePrecision in
      guard let reference = ReferencePrecision(text) else {
        throw ValidationError("--precision: '\(text)' is not auto, auto:CAP or a whole number of bits in \(MPFRReal.precisionRange.lowerBound)...\(MPFRReal.precisionRange.upperBound)")
      }
      return reference
    }
    let paths = try specPaths(specs, in: experiments)
    let fixedTime = try tensorboard == nil ? nil : EventWallTime.fixed()
    var parsed: [ExperimentSpec] = []
    for path in paths {
      do {
        var spec = try SpecParser.load(path: path, quick: quick)
        for index in spec.cases.indices {
          if let seed { spec.cases[index].seed = seed }
          if let reference { spec.cases[index].reference = reference }
        }
        parsed.append(spec)
      } catch let error as SpecError {
        throw ValidationError(error.description)
      }
    }
    if let shard = try chosenShard() { return try runShard(shard, parsed) }
    let merged = try mergedShards(parsed)
    var entries: [String: ResultsIndex.Entry] = [:]
    var curves: [RunningLossCurve] = []
    for spec in parsed {
      let progress = quiet ? nil : ProgressReporter(label: spec.name)
      let runner = ExperimentRunner(threads: threads, quick: quick, progress: progress?.report)
      let started = Date()
      let result = try merged?.result(for: spec, runner: runner) ?? runner.run(spec)
      progress?.finish()
      try writeAtomically(CSVTable.render(result), to: "\(out)/\(spec.name).csv")
      if let tensorboard {
        try TensorBoardExport.write(
          result, to: tensorboard, startTime: fixedTime ?? Date().timeIntervalSince1970)
        curves += LossCurves.curves(spec, quick: quick)
      }
      if !csvOnly {
        if let svg = ExperimentPlot.svg(result) {
          try writeAtomically(svg, to: "\(out)/\(spec.name).svg")
        }
        try writeAtomically(MarkdownTable.render(result), to: "\(out)/\(spec.name).md")
        entries[spec.name] = ResultsIndex.Entry(result)
      }
      if !quiet {
        let seconds = String(format: "%.1f", Date().timeIntervalSince(started))
        let uncertified = result.rows.reduce(0) { $0 + $1.statistics.uncertified }
        let bits = result.rows.reduce(0) { max($0, $1.statistics.referenceBits) }
        let certainty = uncertified == 0 ? "" : ", \(uncertified) row-points uncertified (see the uncertified column)"
        FileHandle.standardError.write(Data("\(spec.name): \(result.rows.count) rows in \(seconds) s, reference up to \(bits) bits\(certainty) -> \(out)/\(spec.name).md\n".utf8))
      }
    }
    if let tensorboard, !curves.isEmpty {
      try TensorBoardExport.write(
        curves: curves, to: tensorboard, startTime: fixedTime ?? Date().timeIntervalSince1970)
    }
    if csvOnly { return }
    // Keep the index entries of tables not rerun this time.
    let existing = (try? FileManager.default.contentsOfDirectory(atPath: out)) ?? []
    for file in existing where file.hasSuffix(".md") && file != "README.md" {
      let name = String(file.dropLast(3))
      if entries[name] == nil, let entry = ResultsIndex.entry(fromMarkdownAt: "\(out)/\(file)", name: name) {
        entries[name] = entry
      }
    }
    try writeAtomically(ResultsIndex.render(Array(entries.values)), to: "\(out)/README.md")
  }
}

/// The spec files named by `names` (a path, or a name in `directory`), or all of `directory`.
func specPaths(_ names: [String], in directory: String) throws -> [String] {
  if names.isEmpty {
    guard let files = try? FileManager.default.contentsOfDirectory(atPath: directory) else {
      throw ValidationError("--experiments: cannot read the folder '\(directory)'")
    }
    let specs = files.filter { $0.hasSuffix(".yaml") }.sorted()
    guard !specs.isEmpty else { throw ValidationError("--experiments: no .yaml specs in '\(directory)'") }
    return specs.map { "\(directory)/\($0)" }
  }
  return try names.map { name in
    if FileManager.default.fileExists(atPath: name) { return name }
    let candidate = "\(directory)/\(name).yaml"
    if FileManager.default.fileExists(atPath: candidate) { return candidate }
    let known = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [])
      .filter { $0.hasSuffix(".yaml") }.map { String($0.dropLast(5)) }.sorted()
    throw ValidationError(unknownNameMessage("experiment", name, valid: known))
  }
}

/// Progress on stderr: a bar redrawn in place on a terminal, a line every few seconds otherwise.
final class ProgressReporter: @unchecked Sendable {
  let label: String
  let terminal = isatty(STDERR_FILENO) != 0
  let started = Date()
  var lastShown = Date.distantPast
  let lock = NSLock()

  init(label: String) { self.label = label }

  func report(_ done: Int, _ total: Int) {
    lock.lock()
    defer { lock.unlock() }
    let now = Date()
    guard now.timeIntervalSince(lastShown) >= (terminal ? 0.1 : 5) || done == total else { return }
    lastShown = now
    let elapsed = now.timeIntervalSince(started)
    let rate = elapsed > 0 ? Double(done) / elapsed : 0
    let left = rate > 0 ? Double(total - done) / rate : 0
    let fraction = total > 0 ? Double(done) / Double(total) : 1
    let text = String(format: "%@ %d/%d points, %.0f/s, %.0f s left", label, done, total, rate, left)
    if terminal {
      let width = 24, filled = Int(fraction * Double(width))
      let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
      FileHandle.standardError.write(Data("\r[\(bar)] \(text)\u{1B}[K".utf8))
    } else {
      FileHandle.standardError.write(Data("\(text)\n".utf8))
    }
  }

  func finish() {
    if terminal { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
  }
}
