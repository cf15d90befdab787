import Foundation
import LossLabRunner
import Testing

@testable import LossLabOutput

@Suite("Table output")
struct OutputTests {
  static func result() throws -> ExperimentResult {
    let spec = try SpecParser(file: "Experiments/output-test.yaml").parse("""
      question: Does the table come out whole?
      losses: [bce-logits/naive, bce-logits/stable]
      formats: [float16, float32]
      points: 50
      inputs:
        y_true: 1
        y_pred: {grid: {from: 1, to: 100, count: 50, spacing: log, signs: negative}}
      """)
    return ExperimentRunner(threads: 1, quick: false).run(spec)
  }

  @Test("The CSV has the fixed header and one line of that many fields per row")
  func csvShape() throws {
    let result = try Self.result()
    let lines = CSVTable.render(result).split(separator: "\n")
    #expect(lines.first.map(String.init) == CSVTable.columns.joined(separator: ","))
    #expect(lines.count == 1 + result.rows.count)
    #expect(result.rows.count == 4)
  }

  @Test("Fields with commas or quotes are quoted as RFC 4180 says")
  func quoting() {
    #expect(CSVTable.quoted("plain") == "plain")
    #expect(CSVTable.quoted("a,b") == "\"a,b\"")
    #expect(CSVTable.quoted("say \"x\"") == "\"say \"\"x\"\"\"")
  }

  @Test("Table numbers: 4 significant digits, inf and nan spelled out")
  func numbers() {
    #expect(tableNumber(1.0 / 3) == "0.3333")
    #expect(tableNumber(.infinity) == "inf")
    #expect(tableNumber(-.infinity) == "-inf")
    #expect(tableNumber(.nan) == "nan")
    #expect(tableNumber(0) == "0")
    #expect(tableNumber(123456) == "1.235e+05")
  }

  @Test("The finding answers per format: the stable form finite with its error, the naive one breaking with its cliff")
  func finding() throws {
    let lines = Findings.perFormat(try Self.result())
    #expect(lines.count == 2)
    #expect(lines[0].hasPrefix("**float16.** Finite on every point: bce-logits/stable (≤ "))
    // sigmoid(-x) flushes to 0 in float16 from x = 17.3 (below 2^-25), and log(0) is -inf.
    #expect(lines[0].contains("Breaks: bce-logits/naive ("))
    #expect(lines[0].contains("points NaN or inf; y_pred -"))
    #expect(lines[0].contains(" overflow"))
    // In float32, exp(-x) overflows from x = -88.72 and 1/(1 + inf) = 0.
    #expect(lines[1].hasPrefix("**float32.** Finite on every point: bce-logits/stable (≤ "))
    #expect(lines[1].contains("Breaks: bce-logits/naive (2 of 50 points NaN or inf; y_pred -88.72283935546875 overflow -> -88.72283172607422 ok)"))
  }

  @Test("The markdown table has a row per table row, and the index reads its finding back")
  func markdownAndIndex() throws {
    let result = try Self.result()
    let markdown = MarkdownTable.render(result)
    let tableLines = markdown.split(separator: "\n").filter { $0.hasPrefix("| ") }
    #expect(tableLines.count == 1 + result.rows.count)
    let directory = FileManager.default.temporaryDirectory
      .appendingPathComponent("losslab-output-\(getpid())").path
    defer { try? FileManager.default.removeItem(atPath: directory) }
    try writeAtomically(markdown, to: directory + "/t.md")
    let entry = try #require(ResultsIndex.entry(fromMarkdownAt: directory + "/t.md", name: "t"))
    #expect(entry.question == "Does the table come out whole?")
    #expect(entry.finding == Findings.perFormat(result))
  }

  @Test("The table shows the plot under the finding")
  func markdownPlot() throws {
    let lines = MarkdownTable.render(try Self.result()).split(separator: "\n").map(String.init)
    let finding = try #require(lines.firstIndex { $0.hasPrefix("**Finding.** ") })
    let image = try #require(lines.firstIndex { $0.hasPrefix("![output-test") })
    #expect(lines[image].hasSuffix("(output-test.svg)"))
    // (split drops the empty lines around the list)
    #expect(lines[finding + 1].hasPrefix("- **float16.** "))
    #expect(lines[finding + 2].hasPrefix("- **float32.** "))
    #expect(image == finding + 3)
  }

  @Test("The results index gives each experiment its question, finding, plot and links, in name order")
  func resultsIndex() throws {
    let entries = [
      ResultsIndex.Entry(name: "zeta", question: "Why Z?", finding: ["**float16.** z: 3 ulp."]),
      ResultsIndex.Entry(name: "alpha", question: "Why A?", finding: ["**float16.** a: inf ulp."]),
    ]
    let text = ResultsIndex.render(entries)
    let alpha = try #require(text.range(of: "## alpha")), zeta = try #require(text.range(of: "## zeta"))
    #expect(alpha.lowerBound < zeta.lowerBound)
    let section = String(text[alpha.lowerBound..<zeta.lowerBound])
    #expect(section.contains("**Question.** Why A?"))
    #expect(section.contains("**Finding.** \(Findings.lead)\n\n- **float16.** a: inf ulp.\n"))
    #expect(section.contains("](alpha.svg)"))
    #expect(section.contains("[Table](alpha.md)") && section.contains("[CSV](alpha.csv)"))
    #expect(text.contains("[zeta](#zeta)"))
  }

  @Test("Temporaries name their host and process: this host's are swept when their process is gone, another host's never")
  func temporaryOwners() {
    let host = String(temporaryOwner.prefix { $0 != "@" })
    #expect(temporaryOwner == "\(host)@\(getpid())")
    #expect(StagedFolder.ownerProcess(".losslab-staging.\(host)@4242") == 4242)
    #expect(StagedFolder.ownerProcess(".bce-logits.csv.\(host)@77.tmp") == 77)
    #expect(StagedFolder.ownerProcess(".losslab-staging.other-node@4242") == nil)
    #expect(StagedFolder.ownerProcess(".bce-logits.csv.other-node@77.tmp") == nil)
    // Before hosts were named: taken as this host's.
    #expect(StagedFolder.ownerProcess(".losslab-staging.4242") == 4242)
    #expect(StagedFolder.ownerProcess("bce-logits.csv") == nil)
  }

  @Test("An atomic write replaces the file whole and leaves no temporary behind")
  func atomicWrite() throws {
    let directory = FileManager.default.temporaryDirectory
      .appendingPathComponent("losslab-atomic-\(getpid())").path
    defer { try? FileManager.default.removeItem(atPath: directory) }
    try writeAtomically("first\n", to: directory + "/a.csv")
    try writeAtomically("second\n", to: directory + "/a.csv")
    #expect(try String(contentsOfFile: directory + "/a.csv", encoding: .utf8) == "second\n")
    #expect(try FileManager.default.contentsOfDirectory(atPath: directory) == ["a.csv"])
  }
}
