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
      Every spec and output path is checked before any work starts; a bad one stops the run \
      with FILE:LINE (or the option) and leaves Results/ untouched. Each experiment's files \
      (table, plot, TensorBoard events) are staged in a hidden folder inside the output folder \
      and moved in together when it finishes; the index README.md last.
      """)

  @Argument(help: "Experiment names or spec files (default: every spec in --experiments).")
  var specs: [String] = []

  @Option(name: .long, help: "Where the specs are.")
  var experiments = "Experiments"

  @Option(name: .long, help: "Where to write the tables.")
  var out = "Results"

  @Option(name: .long, parsing: .unconditional, help: "Worker threads (default: all cores). Output does not depend on it.")
  var threads: Int = ProcessInfo.processInfo.activeProcessorCount

  @Option(name: .customLong("max-memory"), parsing: .unconditional, help: ArgumentHelp(
    "Refuse a run whose estimated memory passes this, e.g. 4G or 512M (default: half of this machine's memory).",
    valueName: "size"))
  var maxMemory: ByteCount = ByteCount(bytes: Int(ProcessInfo.processInfo.physicalMemory / 2))

  @Option(name: .long, parsing: .unconditional, help: "Seed for every case's random inputs, in place of the specs' own (to see how much a table's figures move with the sample).")
  var seed: Int? = nil

  @Option(name: .long, parsing: .unconditional, help: "The MPFR reference's precision for every case, in place of the specs' own: auto (certified, raised per point until every figure is certain, up to 4096 bits), auto:CAP, or a fixed number of bits in 64...4096.")
  var precision: String? = nil

  @Flag(name: .long, help: "Shrink every sweep for a smoke run (what CI runs).")
  var quick = false

  @Option(name: .long, help: "Also write TensorBoard event files here: one run per format (tensorboard --logdir DIR). Their wall time is the clock's, or SOURCE_DATE_EPOCH when set.")
  var tensorboard: String? = nil

  @Flag(name: .customLong("csv-only"), help: "Write only the CSV tables (how the regression goldens are made).")
  var csvOnly = false

  @Flag(name: .long, help: "No progress output.")
  var quiet = false

  @Flag(name: .long, help: "Check the specs, paths and memory as a run would, then stop without running or writing anything.")
  var check = false

  @Option(name: .long, parsing: .unconditional, help: "Run only shard I of N (1 ≤ I ≤ N) of every spec's points and write its partial result OUT/shard-I-of-N.losslab.json, for losslab merge. Default: from SLURM_ARRAY_TASK_ID (job arrays) or JOB_COMPLETION_INDEX with LOSSLAB_SHARD_COUNT (Kubernetes Indexed Jobs) when set; none runs everything.")
  var shard: String? = nil

  @Option(name: .customLong("merge-shards"), help: .hidden)
  var mergeShards: [String] = []

  func run() throws {
    let reference = try checkedRunOptions(seed: seed, precision: precision)
    guard threads >= 1 else { throw ValidationError("--threads: must be at least 1, got \(threads)") }
    if let problem = outputFolderProblem(out) { throw ValidationError("--out: \(problem)") }
    if let tensorboard, let problem = outputFolderProblem(tensorboard) {
      throw ValidationError("--tensorboard: \(problem)")
    }
    let paths = try specPaths(specs, in: experiments)
    let fixedTime = try tensorboard == nil ? nil : EventWallTime.fixed()
    var parsed: [ExperimentSpec] = []
    for path in paths {
      do {
        var spec = try SpecParser.load(path: path, quick: quick)
        for index in spec.cases.indices {
          if let seed { spec.cases[index].seed = UInt64(seed) }
          if let reference { spec.cases[index].reference = reference }
        }
        parsed.append(spec)
      } catch let error as SpecError {
        throw ValidationError(error.description)
      }
    }
    // A spec too large for one machine (`shards:`) runs when named, sharded, or quick; a run of
    // every spec leaves it out and keeps its tables.
    if specs.isEmpty, !quick, try chosenShard() == nil {
      for spec in parsed where spec.shards != nil && !quiet {
        FileHandle.standardError.write(Data("\(spec.name): left out (shards: \(spec.shards!) in its spec; its tables in \(out) stay): run it by name, or make sharded-experiments\n".utf8))
      }
      parsed.removeAll { $0.shards != nil }
    }
    try checkDestinations(parsed)
    let estimate = MemoryEstimate(parsed, threads: threads, quick: quick)
    guard estimate.bytes <= maxMemory.bytes else {
      throw ValidationError("--max-memory: the run needs about \(byteText(estimate.bytes)), over \(byteText(maxMemory.bytes)) (\(estimate.largestCase): \(estimate.largestBatch) elements per point on each of \(threads) threads); lower n, classes or --threads, or raise --max-memory")
    }
    if check {
      print("\(parsed.count) spec\(parsed.count == 1 ? "" : "s") checked; the run would need about \(byteText(estimate.bytes))")
      return
    }
    if let shard = try chosenShard() { return try runShard(shard, parsed) }
    let merged = try mergedShards(parsed)
    StagedFolder.sweepStaleTemporaries(in: out)
    if let tensorboard { StagedFolder.sweepStaleTemporaries(in: tensorboard) }
    var entries: [String: ResultsIndex.Entry] = [:]
    var curves: [RunningLossCurve] = []
    for spec in parsed {
      let progress = quiet ? nil : ProgressReporter(label: spec.name)
      let runner = ExperimentRunner(threads: threads, quick: quick, progress: progress?.report)
      let started = Date()
      let result = try merged?.result(for: spec, runner: runner) ?? runner.run(spec)
      progress?.finish()
      // The experiment's files change together: staged, then moved in.
      let tables = try StagedFolder(out)
      let events = try tensorboard.map { try StagedFolder($0) }
      try tables.write(CSVTable.render(result), as: "\(spec.name).csv")
      if let cliffs = MapCliffTable.render(result) { try tables.write(cliffs, as: "\(spec.name).cliffs.csv") }
      if let events {
        try TensorBoardExport.write(
          result, to: events.staging, startTime: fixedTime ?? Date().timeIntervalSince1970)
        curves += LossCurves.curves(spec, quick: quick)
      }
      if !csvOnly {
        if let svg = ExperimentPlot.svg(result) { try tables.write(svg, as: "\(spec.name).svg") }
        try tables.write(
          MarkdownTable.render(result, specLink: relativePath(to: spec.file, from: out)),
          as: "\(spec.name).md")
        entries[spec.name] = ResultsIndex.Entry(result)
      }
      try events?.commit()
      try tables.commit()
      if !quiet {
        let seconds = String(format: "%.1f", Date().timeIntervalSince(started))
        let uncertified = result.rows.reduce(0) { $0 + $1.statistics.uncertified }
        let bits = result.rows.reduce(0) { max($0, $1.statistics.referenceBits) }
        let certainty = uncertified == 0 ? "" : ", \(uncertified) row-points uncertified (see the uncertified column)"
        FileHandle.standardError.write(Data("\(spec.name): \(result.rows.count) rows in \(seconds) s, reference up to \(bits) bits\(certainty) -> \(out)/\(spec.name).md\n".utf8))
      }
    }
    if let tensorboard, !curves.isEmpty {
      let events = try StagedFolder(tensorboard)
      try TensorBoardExport.write(
        curves: curves, to: events.staging, startTime: fixedTime ?? Date().timeIntervalSince1970)
      try events.commit()
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
    let index = try StagedFolder(out)
    try index.write(ResultsIndex.render(Array(entries.values)), as: "README.md")
    try index.commit()
  }

  /// Refuses, before any work, specs whose tables would overwrite each other or the index, and
  /// a folder where a table goes.
  func checkDestinations(_ specs: [ExperimentSpec]) throws {
    var seen: [String: String] = [:]
    for spec in specs {
      if spec.name == "README" {
        throw ValidationError("\(spec.file):1: a spec named README.yaml would write its table over the index \(out)/README.md: rename the file")
      }
      if let other = seen[spec.name] {
        throw ValidationError("\(spec.file):1: \(other) has the same name '\(spec.name)': their tables in \(out)/ would overwrite each other; rename one")
      }
      seen[spec.name] = spec.file
      for suffix in ["csv", "md", "svg"] {
        let path = "\(out)/\(spec.name).\(suffix)"
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
          throw ValidationError("--out: '\(path)' is a folder where the table goes: move it away")
        }
      }
    }
  }
}

/// A size in bytes as `--max-memory` takes it: a whole number with an optional K, M, G or T
/// (powers of 1024).
struct ByteCount: ExpressibleByArgument {
  var bytes: Int

  init(bytes: Int) { self.bytes = bytes }

  init?(argument: String) {
    let units: [Character: Int] = ["K": 1 << 10, "M": 1 << 20, "G": 1 << 30, "T": 1 << 40]
    var text = argument.uppercased()
    if text.hasSuffix("B") { text.removeLast() }
    let factor = text.last.flatMap { units[$0] } ?? 1
    if factor > 1 { text.removeLast() }
    guard let value = Double(text), value.isFinite, value > 0,
      value * Double(factor) < Double(Int.max)
    else { return nil }
    bytes = Int(value * Double(factor))
  }

  var defaultValueDescription: String { byteText(bytes) }
}

/// The path of `file` relative to the folder `folder` (both as given, from the current
/// folder), for a link in a page written there.
func relativePath(to file: String, from folder: String) -> String {
  func components(_ path: String) -> [String] {
    let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
    return (absolute as NSString).standardizingPath.split(separator: "/").map(String.init)
  }
  let target = components(file), base = components(folder)
  var common = 0
  while common < min(target.count, base.count), target[common] == base[common] { common += 1 }
  return (Array(repeating: "..", count: base.count - common) + target[common...]).joined(separator: "/")
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
    guard !known.isEmpty else {
      let folder = URL(fileURLWithPath: directory).standardizedFileURL.path
      throw ValidationError("experiment: no file '\(name)' and no specs in \(folder) (looked for \(candidate)): give a spec file's path, or --experiments DIR for the folder of specs")
    }
    throw ValidationError(unknownNameMessage("experiment", name, valid: known) + " (in \(directory); --experiments DIR for another folder)")
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

/// `--seed` and `--precision` as `run` takes them (and `slurm`, which writes `run` commands):
/// the reference precision, nil for the specs' own; a one-line error for a bad value.
func checkedRunOptions(seed: Int?, precision: String?) throws -> ReferencePrecision? {
  if let seed, seed < 0 { throw ValidationError("--seed: must be a whole number ≥ 0, got \(seed)") }
  return try precision.map { text -> ReferencePrecision in
    guard let reference = ReferencePrecision(text) else {
      throw ValidationError("--precision: '\(text)' is not auto, auto:CAP or a whole number of bits in \(MPFRReal.precisionRange.lowerBound)...\(MPFRReal.precisionRange.upperBound)")
    }
    return reference
  }
}
