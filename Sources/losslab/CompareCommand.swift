import ArgumentParser
import Foundation
import LossLabCompare
import LossLabFormats
import LossLabLosses
import LossLabRunner

#if canImport(Glibc)
import Glibc
#endif

/// `losslab compare`: what changed between two runs' precision tables, or formats side by side.
struct CompareCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "compare",
    abstract: "Compare two runs' precision tables, or one table's formats side by side.",
    discussion: """
      losslab compare OLD NEW: OLD and NEW are tables (.csv) or folders of them; rows are \
      matched on experiment, case, formula, reduction, summation, profile, format and sweep. Exit \
      status 0: nothing worse past the tolerances; 1: something got worse, or rows or whole \
      tables are missing from NEW (unless --allow-removed); 2: bad input (a table with \
      impossible figures, such as a negative max_ulp, is bad input).

      losslab compare --across float16,bfloat16 TABLE: the formats' rows side by side; \
      --across pure,torch,keras: the execution profiles' rows side by side.

      A figure is worse when new > old + max(--ulp-tol, --rel-tol * old); a count of NaN, \
      overflow or flush-to-zero points when new > old * (1 + --rel-tol).
      """)

  @Argument(help: "OLD and NEW tables or folders (one TABLE with --across).")
  var paths: [String] = []

  @Option(name: .customLong("ulp-tol"), parsing: .unconditional, help: "Growth in ulps an error figure may show before it counts as worse.")
  var ulpTolerance = 0.5

  @Option(name: .customLong("rel-tol"), parsing: .unconditional, help: "Relative growth a figure may show before it counts as worse.")
  var relativeTolerance = 0.25

  @Option(name: .long, help: "Output: text (coloured in a terminal), markdown or csv.")
  var format: ReportTable.Style = .text

  @Flag(name: .customLong("allow-removed"), help: "Rows and tables missing from NEW are not a regression (exit 0 if nothing else got worse).")
  var allowRemoved = false

  @Option(name: .long, help: "Formats (float16,bfloat16) or execution profiles (pure,torch,keras) to put side by side, comma-separated.")
  var across: String? = nil

  func run() throws {
    guard ulpTolerance >= 0, ulpTolerance.isFinite else {
      throw ValidationError("--ulp-tol: must be a finite number ≥ 0, got \(ulpTolerance)")
    }
    guard relativeTolerance >= 0, relativeTolerance.isFinite else {
      throw ValidationError("--rel-tol: must be a finite number ≥ 0, got \(relativeTolerance)")
    }
    let colour = format == .text && isatty(STDOUT_FILENO) != 0
      && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
    if let across {
      let (values, dimension) = try parseAcross(across)
      guard paths.count == 1 else {
        throw ValidationError("--across takes one TABLE (a .csv or a folder), got \(paths.count) paths")
      }
      let tables = try loaded(paths[0])
      print(SideBySide.table(tables, across: values, dimension).render(format, colour: colour), terminator: "")
      return
    }
    guard paths.count == 2 else {
      throw ValidationError("expected OLD and NEW (tables or folders of them), got \(paths.count) path\(paths.count == 1 ? "" : "s")")
    }
    let old = try loaded(paths[0]), new = try loaded(paths[1])
    if old.count == 1, new.count == 1, old[0].experiment != new[0].experiment {
      throw ValidationError("\(paths[1]): a table of '\(new[0].experiment)', but \(paths[0]) is a table of '\(old[0].experiment)' (compare tables of the same experiment)")
    }
    let comparison = TableComparison(
      old: old, new: new, tolerance: Tolerance(ulps: ulpTolerance, relative: relativeTolerance))
    if format != .csv { print(ComparisonReport.summary(comparison)) }
    if !comparison.changes.isEmpty || format == .csv {
      print(ComparisonReport.table(comparison).render(format, colour: colour), terminator: "")
    }
    if comparison.hasRegression || (!allowRemoved && comparison.count(.removed) > 0) {
      throw ExitCode(1)
    }
  }

  func loaded(_ path: String) throws -> [PrecisionTable] {
    do {
      return try PrecisionTable.loadAll(path)
    } catch let error as CompareError {
      throw ValidationError(error.description)
    }
  }

  /// `--across`: formats, or execution profiles, each listed once.
  func parseAcross(_ list: String) throws -> ([String], SideBySide.Dimension) {
    let formats = Format.allCases.map(\.rawValue), profiles = ExecutionProfile.allCases.map(\.rawValue)
    let names = list.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
    guard let first = names.first else {
      throw ValidationError("--across: give formats (float16,bfloat16) or profiles (pure,torch,keras)")
    }
    let valid = formats.contains(first) ? formats : profiles.contains(first) ? profiles : formats + profiles
    for name in names where !valid.contains(name) {
      throw ValidationError(unknownNameMessage("--across", name, valid: valid))
    }
    if let repeated = names.enumerated().first(where: { names[..<$0.offset].contains($0.element) }) {
      throw ValidationError("--across: \(repeated.element) is listed twice")
    }
    return (names, formats.contains(first) ? .format : .profile)
  }
}

extension ReportTable.Style: ExpressibleByArgument {}
