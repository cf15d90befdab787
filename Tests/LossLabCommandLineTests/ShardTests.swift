import Foundation
import Testing

/// `losslab run --shard I/N` then `losslab merge`: the same folders as one run, every file byte
/// for byte; and the shards that do not make one run refused with one line and exit 2.
@Suite("Shards and merge", .serialized)
struct ShardTests {
  static let package = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
  static let root = FileManager.default.temporaryDirectory
    .appendingPathComponent("losslab-shards-\(getpid())")
  /// TensorBoard files carry this wall time (as `make experiments` sets it), so they compare.
  static let epoch = ["SOURCE_DATE_EPOCH": "1767225600"]

  static func run(_ arguments: [String], environment: [String: String] = [:]) throws -> LossLabRun {
    try LossLabRun(arguments, currentDirectory: package, environment: epoch.merging(environment) { $1 })
  }

  /// The quick suite on one machine: tables and TensorBoard files.
  static let single: URL = {
    let folder = root.appendingPathComponent("single")
    let single = try! run([
      "run", "--quick", "--quiet", "--out", folder.appendingPathComponent("tables").path,
      "--tensorboard", folder.appendingPathComponent("tensorboard").path,
    ])
    precondition(single.status == 0, "losslab run failed: \(single.stderr)")
    return folder
  }()

  /// Every file under `folder`, by relative path, with its bytes.
  static func files(_ folder: URL) throws -> [String: Data] {
    var files: [String: Data] = [:]
    let enumerator = FileManager.default.enumerator(atPath: folder.path)!
    while let path = enumerator.nextObject() as? String {
      var isDirectory: ObjCBool = false
      let url = folder.appendingPathComponent(path)
      FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory)
      if !isDirectory.boolValue { files[path] = try Data(contentsOf: url) }
    }
    return files
  }

  /// Shards 1...n of the quick suite into `folder`, their shard from `--shard I/N` or from the
  /// environment a scheduler sets.
  static func shards(_ n: Int, into folder: URL, how: (Int) -> ([String], [String: String]))
    throws
  {
    for i in 1...n {
      let (arguments, environment) = how(i)
      let shardRun = try run(
        ["run", "--quick", "--quiet", "--out", folder.path] + arguments, environment: environment)
      #expect(shardRun.status == 0, "shard \(i)/\(n): \(shardRun.stderr)")
      #expect(shardRun.stdout.isEmpty)
      // A shard from the scheduler's environment says so, even under --quiet; --shard is quiet.
      #expect(
        arguments.isEmpty
          ? shardRun.stderr.hasPrefix("losslab: shard \(i)/\(n) from the scheduler's environment")
          : shardRun.stderr.isEmpty)
    }
  }

  @Test(
    "run --shard I/N for every I, then merge: tables, plots, report and TensorBoard files byte-identical to one run",
    arguments: [1, 3, 7])
  func mergedEqualsSingle(n: Int) throws {
    // The merged folder sits as deep as the single run's (a table links its spec relative to
    // its folder).
    let folder = ShardTests.root.appendingPathComponent("merged-\(n)")
    let partials = ShardTests.root.appendingPathComponent("partials-\(n)")
    defer {
      try? FileManager.default.removeItem(at: folder)
      try? FileManager.default.removeItem(at: partials)
    }
    // N = 1 by --shard, N = 3 as a Slurm job array numbered from 5, N = 7 as a Kubernetes
    // Indexed Job.
    try ShardTests.shards(n, into: partials) { i in
      switch n {
      case 3:
        return ([], ["SLURM_ARRAY_TASK_ID": "\(i + 4)", "SLURM_ARRAY_TASK_MIN": "5", "SLURM_ARRAY_TASK_COUNT": "3"])
      case 7: return ([], ["JOB_COMPLETION_INDEX": "\(i - 1)", "LOSSLAB_SHARD_COUNT": "7"])
      default: return (["--shard", "\(i)/\(n)"], [:])
      }
    }
    let names = try FileManager.default.contentsOfDirectory(atPath: partials.path).sorted()
    #expect(names == (1...n).map { "shard-\($0)-of-\(n).losslab.json" }.sorted())
    let merge = try ShardTests.run([
      "merge", partials.path, "--quiet", "--out", folder.appendingPathComponent("tables").path,
      "--tensorboard", folder.appendingPathComponent("tensorboard").path,
    ])
    #expect(merge.status == 0, "\(merge.stderr)")
    let expected = try ShardTests.files(ShardTests.single)
    let merged = try ShardTests.files(folder)
    #expect(expected.count > 40)
    #expect(Set(merged.keys) == Set(expected.keys))
    for (path, data) in expected.sorted(by: { $0.key < $1.key }) {
      #expect(merged[path] == data, "\(path) differs after merging \(n) shards")
    }
    for kind in ["csv", "md", "svg", "losslab"] {
      #expect(expected.keys.contains { $0.hasSuffix(kind) }, "no .\(kind) file compared")
    }
  }

  /// A one-line refusal: exit 2, one line on stderr containing `fragment`, nothing on stdout,
  /// nothing written to `out`.
  func expectRefused(_ arguments: [String], _ fragment: String, environment: [String: String] = [:], out: URL? = nil) throws {
    let run = try ShardTests.run(arguments, environment: environment)
    #expect(run.status == 2, "\(arguments): \(run.stderr)")
    #expect(run.stdout.isEmpty)
    let lines = run.stderr.split(separator: "\n")
    #expect(lines.count == 1, "\(arguments): \(run.stderr)")
    #expect(run.stderr.contains(fragment), "\(arguments): \(run.stderr) lacks \(fragment)")
    if let out { #expect(!FileManager.default.fileExists(atPath: out.path), "\(out.path) written") }
  }

  @Test("Bad shard numbers, by option or environment: exit 2 with one line naming them")
  func badShards() throws {
    let out = ShardTests.root.appendingPathComponent("bad-shard")
    for value in ["0/3", "4/3", "1/0", "x", "1/", "-1/3", "2/2/2"] {
      try expectRefused(["run", "--quick", "--out", out.path, "worked-examples", "--shard", value], "--shard: '\(value)'", out: out)
    }
    try expectRefused(
      ["run", "--quick", "--out", out.path, "worked-examples"], "SLURM_ARRAY_TASK_ID=3",
      environment: ["SLURM_ARRAY_TASK_ID": "3", "SLURM_ARRAY_TASK_MIN": "0", "SLURM_ARRAY_TASK_COUNT": "3"], out: out)
    try expectRefused(
      ["run", "--quick", "--out", out.path, "worked-examples"], "LOSSLAB_SHARD_COUNT=(unset)",
      environment: ["JOB_COMPLETION_INDEX": "0"], out: out)
    try expectRefused(
      ["run", "--quick", "--out", out.path, "worked-examples", "--shard", "1/2", "--tensorboard", out.path + "-tb"],
      "--tensorboard", out: out)
    // --shard none runs everything, whatever the environment says.
    let none = try ShardTests.run(
      ["run", "--quick", "--quiet", "--out", out.path, "worked-examples", "--shard", "none"],
      environment: ["JOB_COMPLETION_INDEX": "0"])
    #expect(none.status == 0, "\(none.stderr)")
    #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("worked-examples.csv").path))
    try? FileManager.default.removeItem(at: out)
  }

  @Test("Merge refuses a missing, repeated or foreign shard, naming it, exit 2, nothing written")
  func refusals() throws {
    let folder = ShardTests.root.appendingPathComponent("refusals")
    defer { try? FileManager.default.removeItem(at: folder) }
    let specs = ["worked-examples", "bce-logits"]
    func shard(_ i: Int, of n: Int, into name: String, _ extra: [String] = []) throws -> URL {
      let out = folder.appendingPathComponent(name)
      let shardRun = try ShardTests.run(["run", "--quick", "--quiet", "--out", out.path, "--shard", "\(i)/\(n)"] + specs + extra)
      #expect(shardRun.status == 0, "\(shardRun.stderr)")
      return out.appendingPathComponent("shard-\(i)-of-\(n).losslab.json")
    }
    let a = folder.appendingPathComponent("a")
    for i in 1...3 { _ = try shard(i, of: 3, into: "a") }
    let out = folder.appendingPathComponent("merged")
    // Complete: merges.
    let merged = try ShardTests.run(["merge", a.path, "--quiet", "--out", out.path])
    #expect(merged.status == 0, "\(merged.stderr)")
    try FileManager.default.removeItem(at: out)
    // Missing: shard 2 of 3 is elsewhere.
    let b = folder.appendingPathComponent("b")
    try FileManager.default.createDirectory(at: b, withIntermediateDirectories: true)
    try FileManager.default.moveItem(at: a.appendingPathComponent("shard-2-of-3.losslab.json"), to: b.appendingPathComponent("shard-2-of-3.losslab.json"))
    try expectRefused(["merge", a.path, "--out", out.path], "missing shard 2 of 3 (shard-2-of-3.losslab.json)", out: out)
    // Both folders: complete again.
    let both = try ShardTests.run(["merge", a.path, b.path, "--quiet", "--out", out.path])
    #expect(both.status == 0, "\(both.stderr)")
    try FileManager.default.removeItem(at: out)
    // Repeated: shard 2 in two folders.
    let c = folder.appendingPathComponent("c")
    try FileManager.default.createDirectory(at: c, withIntermediateDirectories: true)
    try FileManager.default.copyItem(at: b.appendingPathComponent("shard-2-of-3.losslab.json"), to: c.appendingPathComponent("shard-2-of-3.losslab.json"))
    try expectRefused(["merge", a.path, b.path, c.path, "--out", out.path], "shard 2 of 3 twice", out: out)
    // Foreign: another seed, another N, other specs.
    let seeded = try shard(2, of: 3, into: "seeded", ["--seed", "9"])
    try expectRefused(["merge", a.path, seeded.path, "--out", out.path], "--seed 9", out: out)
    let five = try shard(2, of: 5, into: "five")
    try expectRefused(["merge", a.path, five.path, "--out", out.path], "shard 2 of 5", out: out)
    let other = folder.appendingPathComponent("other")
    let otherRun = try ShardTests.run(["run", "--quick", "--quiet", "--out", other.path, "--shard", "2/3", "worked-examples"])
    #expect(otherRun.status == 0)
    try expectRefused(["merge", a.path, other.appendingPathComponent("shard-2-of-3.losslab.json").path, "--out", out.path], "shards of two different runs", out: out)
    // Not a partial result; an empty folder.
    let junk = folder.appendingPathComponent("junk/shard-2-of-3.losslab.json")
    try FileManager.default.createDirectory(at: junk.deletingLastPathComponent(), withIntermediateDirectories: true)
    try Data("{\"format\": 1}".utf8).write(to: junk)
    try expectRefused(["merge", a.path, junk.path, "--out", out.path], "not a LossLab partial result", out: out)
    let empty = folder.appendingPathComponent("empty")
    try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
    try expectRefused(["merge", empty.path, "--out", out.path], "no partial results", out: out)
  }

  @Test("Merge refuses shards whose {file:} data changed after the shards ran, or between them")
  func changedData() throws {
    let folder = ShardTests.root.appendingPathComponent("data")
    defer { try? FileManager.default.removeItem(at: folder) }
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let csv = folder.appendingPathComponent("p.csv"), spec = folder.appendingPathComponent("file-spec.yaml")
    try "0.5\n0.25\n0.125\n".write(to: csv, atomically: true, encoding: .utf8)
    try "question: q?\nlosses: [mse]\ninputs:\n  y_true: 0\n  y_pred: {file: p.csv}\n".write(to: spec, atomically: true, encoding: .utf8)
    let parts = folder.appendingPathComponent("parts"), out = folder.appendingPathComponent("out")
    for i in 1...2 {
      let shardRun = try ShardTests.run(["run", spec.path, "--quiet", "--shard", "\(i)/2", "--out", parts.path])
      #expect(shardRun.status == 0, "\(shardRun.stderr)")
    }
    let merged = try ShardTests.run(["merge", parts.path, "--quiet", "--out", out.path])
    #expect(merged.status == 0, "\(merged.stderr)")
    try FileManager.default.removeItem(at: out)
    try "0.5\n0.25\n0.0625\n".write(to: csv, atomically: true, encoding: .utf8)
    try expectRefused(["merge", parts.path, "--out", out.path], "its data files changed since the shards ran", out: out)
  }

  @Test("losslab slurm prints a job array of N tasks running the specs and a merge held until it succeeds")
  func slurmScript() throws {
    let slurm = try ShardTests.run(["slurm", "bce-logits", "--shards", "8", "--partition", "cpu", "--time", "1:00:00", "--cpus", "4", "--quick"])
    #expect(slurm.status == 0, "\(slurm.stderr)")
    let script = slurm.stdout
    #expect(script.contains("#SBATCH --array=0-7"))
    #expect(script.contains("#SBATCH --cpus-per-task=4"))
    #expect(script.contains("#SBATCH --partition=cpu"))
    #expect(script.contains("#SBATCH --time=1:00:00"))
    #expect(script.contains("--dependency=afterok:\"$array\""))
    #expect(script.contains(" run --threads \"${SLURM_CPUS_PER_TASK:-1}\" --quiet --out shards --quick Experiments/bce-logits.yaml"))
    #expect(script.contains(" merge shards --out Results"))
    // The script is valid shell.
    let path = ShardTests.root.appendingPathComponent("submit.sh")
    try FileManager.default.createDirectory(at: ShardTests.root, withIntermediateDirectories: true)
    try Data(script.utf8).write(to: path)
    let check = try LossLabRun(["-n", path.path], executable: URL(fileURLWithPath: "/bin/bash"))
    #expect(check.status == 0, "\(check.stderr)")
    try expectRefused(["slurm", "bce-logits", "--shards", "0"], "--shards: must be in 1...10000")
  }
}
