import Foundation
import Testing

/// The default suite, run with --quick into a temporary folder: every table is written and the
/// known phenomena of shared/numerics-card.md show up in them, found by the harness.
@Suite("losslab run --quick on the default suite", .serialized)
struct RunCommandTests {
  static let package = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

  static let output: URL = {
    let directory = FileManager.default.temporaryDirectory
      .appendingPathComponent("losslab-quick-\(getpid())")
    let run = try! LossLabRun(
      ["run", "--quick", "--quiet", "--out", directory.path], currentDirectory: package)
    precondition(run.status == 0, "losslab run failed: \(run.stderr)")
    return directory
  }()

  static let experiments = [
    "worked-examples", "bce-probabilities", "bce-logits", "softmax-cross-entropy",
    "reductions-drift", "units-and-overflow", "epsilon-sensitivity", "weighted-mse",
    "running-loss", "bce-logits-exhaustive", "bce-logits-map",
  ]

  /// The rows of a CSV table as dictionaries keyed by column name.
  func table(_ name: String) throws -> [[String: String]] {
    let text = try String(contentsOf: RunCommandTests.output.appendingPathComponent("\(name).csv"), encoding: .utf8)
    let lines = text.split(separator: "\n").map(String.init)
    let header = lines[0].split(separator: ",").map(String.init)
    return lines.dropFirst().map { line in
      Dictionary(uniqueKeysWithValues: zip(header, parseCSVLine(line)))
    }
  }

  @Test("Every experiment writes a CSV and a Markdown table, and the index links them")
  func everyTable() throws {
    let index = try String(contentsOf: RunCommandTests.output.appendingPathComponent("README.md"), encoding: .utf8)
    for name in RunCommandTests.experiments {
      #expect(FileManager.default.fileExists(atPath: RunCommandTests.output.appendingPathComponent("\(name).md").path))
      #expect(try table(name).count > 0, "\(name)")
      #expect(index.contains("(\(name).md)"))
    }
  }

  @Test("A row's worst_input command gives the row's max ulp error, from the same certified reference")
  func worstInputsReproduce() throws {
    var checked = 0
    for name in RunCommandTests.experiments + ["custom-losses"] {
      let rows = try table(name).filter { $0["worst_input"]!.hasPrefix("losslab eval ") }
      // Every 7th such row of each experiment: a few dozen commands in all.
      for row in stride(from: 0, to: rows.count, by: 7).map({ rows[$0] }) {
        let words = shellWords(row["worst_input"]!)
        let run = try LossLabRun(Array(words.dropFirst()) + ["--json"], currentDirectory: RunCommandTests.package)
        try #require(run.status == 0, "\(row["worst_input"]!): \(run.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as! [String: Any]
        let results = object["results"] as! [[String: Any]]
        let result = try #require(results.first { $0["format"] as? String == row["format"] })
        let ulp = (result["ulp_error"] as? Double) ?? .infinity
        let rowULP = Double(row["max_ulp"]!)!
        #expect(ulp == rowULP || abs(ulp - rowULP) <= 5e-4 * rowULP, "\(name) \(row["worst_input"]!): eval \(ulp), row \(rowULP)")
        // The row's reference_bits is the most any of its points needed.
        #expect((object["precision"] as! Int) <= Int(row["reference_bits"]!)!, "\(row["worst_input"]!)")
        checked += 1
      }
    }
    #expect(checked >= 20)
  }

  @Test("Worked examples: MAE 2 and MSE 5 exact in every format")
  func workedExamples() throws {
    for row in try table("worked-examples") where ["mae", "mse"].contains(row["loss"]!) {
      #expect(row["max_ulp"] == "0", "\(row)")
    }
  }

  @Test("Naive logits BCE overflows float16 for large |x|; the stable form never does")
  func logits() throws {
    let rows = try table("bce-logits").filter { $0["format"] == "float16" && $0["case"] == "grid" }
    #expect(rows.contains { $0["variant"] == "naive" && Int($0["overflow"]!)! > 0 })
    for row in rows where row["variant"] == "stable" {
      #expect(row["overflow"] == "0" && row["nan"] == "0", "\(row)")
    }
  }

  @Test("Every summation stays within its Higham bound")
  func bounds() throws {
    for row in try table("reductions-drift") where !row["bound_ratio"]!.isEmpty {
      #expect(Double(row["bound_ratio"]!)! <= 1, "\(row)")
    }
  }

  /// 2048 + 4095 ones = 6143, which float16 (spacing 4 there) rounds to 6144: the wide sum gives
  /// exactly that, the correctly rounded value; the recursive sum stays at 2048.
  @Test("The float16 running sum of 2048 then ones stalls; the wide sum is correctly rounded")
  func stall() throws {
    let rows = try table("reductions-drift").filter {
      $0["case"] == "2048 then ones" && $0["format"] == "float16" && $0["sweep"] == "reduction=sum;n=4096"
    }
    let recursive = try #require(rows.first { $0["summation"] == "recursive" })
    #expect(recursive["max_ulp"] == "1024")  // |2048 - 6143| / 4
    let wide = try #require(rows.first { $0["summation"] == "wide" })
    #expect(wide["exact"] == wide["points"])
  }

  @Test("1e-8 rounds to 0 in float16, noted by the epsilon experiment")
  func epsilonNotes() throws {
    let text = try String(contentsOf: RunCommandTests.output.appendingPathComponent("epsilon-sensitivity.md"), encoding: .utf8)
    #expect(text.contains("In float16, eps 1e-8, 1e-9, 1e-10, 1e-11, 1e-12 round to 0."))
  }

  @Test("A bad spec stops the run with FILE:LINE, exit 2, and touches no table")
  func badSpec() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("losslab-bad-\(getpid())")
    let specs = folder.appendingPathComponent("Experiments")
    let results = folder.appendingPathComponent("Results")
    try FileManager.default.createDirectory(at: specs, withIntermediateDirectories: true)
    try FileManager.default.createDirectory(at: results, withIntermediateDirectories: true)
    try "question: q\nlosses: [mse]\ninputs: {y_pred: 1, y_true: 1}\n"
      .write(to: specs.appendingPathComponent("a-good.yaml"), atomically: true, encoding: .utf8)
    try "question: q\nlosses: [mse]\ninputs:\n  y_true: 1\n  y_pred: {grid: {from: 3, to: 1, count: 2}}\n"
      .write(to: specs.appendingPathComponent("b-bad.yaml"), atomically: true, encoding: .utf8)
    try "keep me\n".write(to: results.appendingPathComponent("a-good.csv"), atomically: true, encoding: .utf8)
    let run = try LossLabRun(["run", "--quiet"], currentDirectory: folder)
    #expect(run.status == 2)
    #expect(run.stderr == "losslab: Experiments/b-bad.yaml:5: grid: from (3.0) > to (1.0)\n")
    let kept = try String(contentsOf: results.appendingPathComponent("a-good.csv"), encoding: .utf8)
    #expect(kept == "keep me\n")
    #expect(try FileManager.default.contentsOfDirectory(atPath: results.path) == ["a-good.csv"])
  }
}

/// Splits one CSV line with RFC 4180 quoting.
func parseCSVLine(_ line: String) -> [String] {
  var fields: [String] = [], field = "", quoted = false
  var characters = Array(line)[...]
  while let c = characters.popFirst() {
    if quoted {
      if c == "\"" {
        if characters.first == "\"" { field.append("\""); characters.removeFirst() } else { quoted = false }
      } else { field.append(c) }
    } else if c == "\"" { quoted = true }
    else if c == "," { fields.append(field); field = "" }
    else { field.append(c) }
  }
  fields.append(field)
  return fields
}

@Suite("losslab compare")
struct CompareCommandTests {
  /// Two quick runs of one spec into temporary folders.
  static func runs() throws -> (URL, URL) {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("losslab-compare-\(getpid())")
    let a = root.appendingPathComponent("a"), b = root.appendingPathComponent("b")
    for (folder, seed) in [(a, "1"), (b, "1")] {
      let run = try LossLabRun(["run", "--quick", "--quiet", "--seed", seed, "--out", folder.path, "Experiments/bce-logits.yaml"], currentDirectory: packageRoot)
      #expect(run.status == 0, "\(run.stderr)")
    }
    return (a, b)
  }

  static var packageRoot: URL {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
  }

  @Test("Same run twice: no change, exit 0; a worse figure: exit 1 and the row; a broken table: exit 2 with FILE:LINE")
  func exitStatuses() throws {
    let (a, b) = try Self.runs()
    defer { try? FileManager.default.removeItem(at: a.deletingLastPathComponent()) }
    let same = try LossLabRun(["compare", a.path, b.path])
    #expect(same.status == 0)
    #expect(same.stdout.hasPrefix("No row changed"))
    // Make one float16 row of the naive formula worse: its max ulp from whatever it was to 1e9.
    let csv = b.appendingPathComponent("bce-logits.csv")
    var lines = try String(contentsOf: csv, encoding: .utf8).split(separator: "\n").map(String.init)
    let index = try #require(lines.firstIndex { $0.contains(",stable,mean,recursive,pure,float16,") })
    var fields = lines[index].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
    let maxULP = try #require(lines[0].split(separator: ",").firstIndex(of: "max_ulp"))
    fields[maxULP] = "1e9"
    lines[index] = fields.joined(separator: ",")
    try (lines.joined(separator: "\n") + "\n").write(to: csv, atomically: true, encoding: .utf8)
    let worse = try LossLabRun(["compare", "--format", "markdown", a.path, b.path])
    #expect(worse.status == 1)
    #expect(worse.stdout.contains("| worse | bce-logits |"))
    #expect(worse.stdout.contains("bce-logits/stable"))
    #expect(!worse.stdout.contains("\u{1B}["))
    // A line cut short.
    lines[index] = "bce-logits,grid"
    try (lines.joined(separator: "\n") + "\n").write(to: csv, atomically: true, encoding: .utf8)
    let broken = try LossLabRun(["compare", a.path, b.path])
    #expect(broken.status == 2)
    let columns = lines[0].split(separator: ",").count
    #expect(broken.stderr == "losslab: \(csv.path):\(index + 1): 2 fields where the header has \(columns)\n")
    let across = try LossLabRun(["compare", "--across", "float16,bfloat16", a.appendingPathComponent("bce-logits.csv").path])
    #expect(across.status == 0)
    #expect(across.stdout.contains("float16 max ulp"))
    let typo = try LossLabRun(["compare", "--across", "flaot16", a.path])
    #expect(typo.status == 2)
    #expect(typo.stderr.contains("did you mean 'float16'"))
  }
}

/// The findings of the default suite answer their questions per format.
@Suite("Findings answer each experiment's question", .serialized)
struct FindingTests {
  /// The list under `**Finding.**` in a table's Markdown.
  static func finding(_ name: String, in folder: URL) throws -> [String] {
    let text = try String(contentsOf: folder.appendingPathComponent("\(name).md"), encoding: .utf8)
    let lines = text.split(separator: "\n").map(String.init)
    let start = try #require(lines.firstIndex { $0.hasPrefix("**Finding.**") })
    return Array(lines[(start + 1)...].prefix { $0.hasPrefix("- ") })
  }

  @Test("Each experiment's finding has a sentence per format, naming formulas and a number")
  func perFormat() throws {
    for name in RunCommandTests.experiments + ["custom-losses"] {
      let sentences = try Self.finding(name, in: RunCommandTests.output)
      let formats = sentences.compactMap { line in
        ["float16", "bfloat16", "float32", "float64"].first { line.hasPrefix("- **\($0).** ") }
      }
      // One sentence per format the table measures (the question's formats: at least two, or
      // the only one, as in bce-logits-map).
      let measured = Set(try RunCommandTests().table(name).map { $0["format"]! })
      #expect(formats.count >= min(2, measured.count), "\(name): \(sentences)")
      for line in sentences where formats.contains(where: { line.hasPrefix("- **\($0).** ") }) {
        // A formula is named loss/variant; a figure is a number of ulps or of points.
        #expect(line.range(of: #"[a-z0-9-]+/[a-z0-9-]+"#, options: .regularExpression) != nil, "\(name): \(line)")
        #expect(line.range(of: #"\d+(\.\d+)?(e[+-]\d+)? (float32 )?ulp|\d+ of \d+ points"#, options: .regularExpression) != nil, "\(name): \(line)")
      }
    }
  }

  @Test("The finding of bce-logits says the stable form is finite in bfloat16 and where the naive one breaks")
  func bceLogits() throws {
    let sentences = try Self.finding("bce-logits", in: RunCommandTests.output)
    let bfloat16 = try #require(sentences.first { $0.hasPrefix("- **bfloat16.** ") })
    #expect(bfloat16.contains("Finite on every point: bce-logits/stable (≤ "))
    #expect(bfloat16.contains("Breaks: bce-logits/naive ("))
    #expect(bfloat16.contains(" overflow") || bfloat16.contains(" nan"))
  }

  /// Each recommended ε as `formula|case|format=eps`, from a table's notes.
  static func recommendations(in folder: URL, _ name: String) throws -> [String] {
    let text = try String(contentsOf: folder.appendingPathComponent("\(name).md"), encoding: .utf8)
    var found: [String] = []
    for line in text.split(separator: "\n") where line.hasPrefix("- Recommended eps for ") {
      let head = line.components(separatedBy: ", the smallest")[0]
      let body = line.components(separatedBy: " on every point: ")[1]
      for choice in body.components(separatedBy: "; ") {
        // `float16 1e-4 (...)` or `float16: none (closest: 1e-1, ...)`
        let words = choice.split(separator: " ")
        found.append("\(head)|\(words[0])=\(words[1])")
      }
    }
    return found
  }

  @Test("Recommended eps values are the same with --seed 1 and --seed 2")
  func seedIndependentEpsilon() throws {
    var runs: [[String]] = []
    for seed in ["1", "2"] {
      let folder = FileManager.default.temporaryDirectory
        .appendingPathComponent("losslab-seed\(seed)-\(getpid())")
      defer { try? FileManager.default.removeItem(at: folder) }
      let run = try LossLabRun(
        ["run", "epsilon-sensitivity", "bce-probabilities", "--quick", "--quiet", "--seed", seed,
         "--out", folder.path], currentDirectory: RunCommandTests.package)
      try #require(run.status == 0, "\(run.stderr)")
      runs.append(try Self.recommendations(in: folder, "epsilon-sensitivity") + Self.recommendations(in: folder, "bce-probabilities"))
    }
    #expect(runs[0].count >= 20)
    #expect(runs[0] == runs[1])
  }

  @Test("A spec with shards: N is left out of a full run of every spec, keeping its tables, and runs when named or quick")
  func shardedSpecLeftOut() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("losslab-heavy-\(getpid())")
    defer { try? FileManager.default.removeItem(at: folder) }
    let specs = folder.appendingPathComponent("specs"), out = folder.appendingPathComponent("out")
    try FileManager.default.createDirectory(at: specs, withIntermediateDirectories: true)
    let small = "question: q?\nlosses: [mae]\ninputs: {y_true: 1, y_pred: 0.5}\n"
    try small.write(to: specs.appendingPathComponent("small.yaml"), atomically: true, encoding: .utf8)
    try ("shards: 4\n" + small).write(to: specs.appendingPathComponent("heavy.yaml"), atomically: true, encoding: .utf8)
    let base = ["run", "--experiments", specs.path, "--out", out.path]
    let all = try LossLabRun(base)
    #expect(all.status == 0, "\(all.stderr)")
    #expect(all.stderr.contains("heavy: left out (shards: 4 in its spec"))
    let files = { Set((try? FileManager.default.contentsOfDirectory(atPath: out.path)) ?? []) }
    #expect(files().contains("small.csv") && !files().contains("heavy.csv"))
    let named = try LossLabRun(base + ["--quiet", "heavy"])
    #expect(named.status == 0 && files().contains("heavy.csv"), "\(named.stderr)")
    let table = try String(contentsOf: out.appendingPathComponent("heavy.csv"), encoding: .utf8)
    // Left out again: its table stays as the named run wrote it, and the index keeps it.
    #expect(try LossLabRun(base + ["--quiet"]).status == 0)
    #expect(try String(contentsOf: out.appendingPathComponent("heavy.csv"), encoding: .utf8) == table)
    #expect(try String(contentsOf: out.appendingPathComponent("README.md"), encoding: .utf8).contains("(heavy.md)"))
    let quick = try LossLabRun(base + ["--quick", "--out", folder.appendingPathComponent("quick").path])
    #expect(quick.status == 0 && !quick.stderr.contains("left out"), "\(quick.stderr)")
  }
}
