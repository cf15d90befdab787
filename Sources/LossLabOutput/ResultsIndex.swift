import Foundation
import LossLabRunner

/// `Results/README.md`, the report a reader opens first: per experiment its question, the
/// headline finding with its number, the plot (`NAME.svg`) and links to the table and the CSV.
public enum ResultsIndex {
  /// One entry: the experiment's name, question and finding (one sentence per format).
  public struct Entry {
    public var name: String
    public var question: String
    public var finding: [String]
    /// Whether its plot is of 2-D maps (with cliff curves in `NAME.cliffs.csv`).
    public var hasMaps: Bool

    public init(name: String, question: String, finding: [String], hasMaps: Bool = false) {
      self.name = name
      self.question = question
      self.finding = finding
      self.hasMaps = hasMaps
    }

    public init(_ result: ExperimentResult) {
      self.init(
        name: result.spec.name, question: result.spec.question,
        finding: Findings.all(result), hasMaps: result.rows.contains { $0.map != nil })
    }
  }

  /// Reads the entry back from an existing `NAME.md` (for experiments not rerun this time): the
  /// question, and the finding's list under the `**Finding.**` line.
  public static func entry(fromMarkdownAt path: String, name: String) -> Entry? {
    guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
    var question = "", finding: [String] = []
    var inFinding = false
    let hasMaps = text.contains("](\(name).cliffs.csv)")
    for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
      if line.hasPrefix("**Question.** ") { question = String(line.dropFirst(14)) }
      if line.hasPrefix("**Finding.**") {
        inFinding = true
      } else if inFinding && line.hasPrefix("- ") {
        finding.append(String(line.dropFirst(2)))
      } else if inFinding && !finding.isEmpty {
        break
      }
    }
    return Entry(name: name, question: question, finding: finding, hasMaps: hasMaps)
  }

  /// The finding as Markdown: its lead line and one item per sentence.
  public static func findingLines(_ finding: [String]) -> [String] {
    ["**Finding.** \(Findings.lead)", ""] + finding.map { "- \($0)" }
  }

  public static func render(_ entries: [Entry]) -> String {
    let sorted = entries.sorted(by: { $0.name < $1.name })
    var lines = [
      "# LossLab results", "",
      "What `make experiments` (`losslab run`) measured: loss formulas in float16, bfloat16, float32 and float64 against an MPFR reference. Each experiment below asks one question and answers it with a finding, a plot (errors in ulps of the format on a log scale; a band at the top for NaN or overflow, one at the bottom for exact results), a Markdown table with every row and a CSV with every column (see the README for the columns).",
      "",
      "Experiments: " + sorted.map { "[\($0.name)](#\($0.name))" }.joined(separator: " · "),
      "",
    ]
    for entry in sorted {
      lines.append("## \(entry.name)")
      lines.append("")
      lines.append("**Question.** \(entry.question)")
      lines.append("")
      lines += findingLines(entry.finding)
      lines.append("")
      lines.append(MarkdownTable.plotImage(entry.name, maps: entry.hasMaps))
      lines.append("")
      lines.append(
        "[Table](\(entry.name).md) · [CSV](\(entry.name).csv)"
          + (entry.hasMaps ? " · [Cliff curves](\(entry.name).cliffs.csv)" : ""))
      lines.append("")
    }
    return lines.joined(separator: "\n")
  }
}
