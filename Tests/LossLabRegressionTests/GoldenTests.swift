import Foundation
import LossLabCompare
import LossLabOutput
import LossLabRunner
import Testing

/// Where the regression specs and their goldens live: `Tests/Regression/`.
let regressionFolder = URL(fileURLWithPath: #filePath)
  .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Regression").path

/// The stable formulas' precision, pinned: each spec of `Tests/Regression/specs` is rerun and its
/// table compared with the golden `Tests/Regression/goldens/NAME.csv` at zero tolerance (the runs
/// are deterministic). Any figure that got worse, or a row that disappeared, fails with the
/// comparison table, which names the formula, format and region (the case). `make goldens`
/// regenerates the goldens; this test never does.
@Suite("Golden precision of the stable formulas")
struct GoldenTests {
  static let specs: [String] = {
    let files = (try? FileManager.default.contentsOfDirectory(atPath: regressionFolder + "/specs")) ?? []
    return files.filter { $0.hasSuffix(".yaml") }.map { String($0.dropLast(5)) }.sorted()
  }()

  @Test("Every stable formula's spec has a golden")
  func everySpecHasAGolden() {
    #expect(Self.specs.count >= 6)
    for name in Self.specs {
      #expect(
        FileManager.default.fileExists(atPath: "\(regressionFolder)/goldens/\(name).csv"),
        "no golden for \(name): run `make goldens` and commit Tests/Regression/goldens/\(name).csv")
    }
  }

  @Test("No figure is worse than its golden", arguments: specs)
  func golden(_ name: String) throws {
    let spec = try SpecParser.load(path: "\(regressionFolder)/specs/\(name).yaml")
    let result = ExperimentRunner(threads: 2, quick: false).run(spec)
    let recomputed = try PrecisionTable.parse(CSVTable.render(result), path: "recomputed \(name).csv")
    let golden = try PrecisionTable.load("\(regressionFolder)/goldens/\(name).csv")
    let comparison = TableComparison(old: [golden], new: [recomputed], tolerance: .exact)
    let failed = comparison.hasRegression || comparison.count(.removed) > 0
    if failed {
      let report = ComparisonReport.summary(comparison) + "\n"
        + ComparisonReport.table(comparison).render(.text)
      Issue.record("\(name): worse than Tests/Regression/goldens/\(name).csv\n\(report)If intended, run `make goldens` and commit the goldens.")
    }
    #expect(comparison.matched == golden.rows.count)
  }
}
