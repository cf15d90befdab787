import Foundation
import LossLabRunner

/// `Results/README.md`: every table with its question and headline finding.
public enum ResultsIndex {
  /// One entry: the experiment's name, question and headline.
  public struct Entry {
    public var name: String
    public var question: String
    public var headline: String

    public init(name: String, question: String, headline: String) {
      self.name = name
      self.question = question
      self.headline = headline
    }

    public init(_ result: ExperimentResult) {
      self.init(
        name: result.spec.name, question: result.spec.question,
        headline: Findings.headline(result)[0])
    }
  }

  /// Reads the entry back from an existing `NAME.md` (for experiments not rerun this time).
  public static func entry(fromMarkdownAt path: String, name: String) -> Entry? {
    guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
    var question = "", headline = ""
    for line in text.split(separator: "\n") {
      if line.hasPrefix("**Question.** ") { question = String(line.dropFirst(14)) }
      if line.hasPrefix("**Finding.** ") {
        headline = String(line.dropFirst(13)).trimmingCharacters(in: .whitespaces)
      }
    }
    return Entry(name: name, question: question, headline: headline)
  }

  public static func render(_ entries: [Entry]) -> String {
    var lines = [
      "# LossLab results", "",
      "Precision tables written by `make experiments` (`losslab run`). Each table measures loss formulas in float16, bfloat16, float32 and float64 against an MPFR reference; the CSV has the same rows with every column (see the README for the columns).",
      "",
    ]
    for entry in entries.sorted(by: { $0.name < $1.name }) {
      lines.append("## [\(entry.name)](\(entry.name).md)")
      lines.append("")
      lines.append("\(entry.question)  ")
      lines.append("\(entry.headline) ([table](\(entry.name).md), [csv](\(entry.name).csv))")
      lines.append("")
    }
    return lines.joined(separator: "\n")
  }
}
