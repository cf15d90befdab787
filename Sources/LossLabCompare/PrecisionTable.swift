import Foundation

/// A precision table read back from its CSV (`Results/NAME.csv`), for comparisons.
public struct PrecisionTable: Sendable {
  public struct Row: Sendable {
    public var key: RowKey
    public var figures: RowFigures
    /// The line of the CSV the row is on.
    public var line: Int
  }

  public var path: String
  public var experiment: String
  public var rows: [Row]

  /// The columns a table must have to be compared (LossLab's CSV has more).
  public static let requiredColumns = [
    "experiment", "case", "loss", "variant", "reduction", "summation", "format", "sweep",
    "points", "max_ulp", "mean_ulp", "p99_ulp", "max_rel_error", "subnormal", "flush_to_zero",
    "overflow", "nan", "bound_ratio",
  ]

  /// Reads the table at `path`; errors name the file and line.
  public static func load(_ path: String) throws -> PrecisionTable {
    guard let data = FileManager.default.contents(atPath: path) else {
      throw CompareError(path, "cannot read the file (expected a LossLab .csv table or a folder of them)")
    }
    guard let text = String(data: data, encoding: .utf8) else {
      throw CompareError(path, line: 1, "not UTF-8 text (expected a LossLab .csv table)")
    }
    return try parse(text, path: path)
  }

  /// Parses CSV text as a precision table.
  public static func parse(_ text: String, path: String) throws -> PrecisionTable {
    let records = csvRecords(text)
    guard let header = records.first else {
      throw CompareError(path, line: 1, "empty file (expected a header line starting 'experiment,case,loss')")
    }
    var column: [String: Int] = [:]
    for (index, name) in header.fields.enumerated() { column[name] = index }
    let missing = requiredColumns.filter { column[$0] == nil }
    guard missing.isEmpty else {
      throw CompareError(path, line: header.line, "not a LossLab precision table: missing column\(missing.count > 1 ? "s" : "") \(missing.joined(separator: ", "))")
    }
    var rows: [Row] = []
    var seen: [RowKey: Int] = [:]
    var experiment: String? = nil
    for record in records.dropFirst() {
      guard record.fields.count == header.fields.count else {
        throw CompareError(path, line: record.line, "\(record.fields.count) fields where the header has \(header.fields.count)")
      }
      func text(_ name: String) -> String { record.fields[column[name]!] }
      /// An error figure: ≥ 0, inf or nan (an error is never negative).
      func number(_ name: String) throws -> Double {
        guard let value = tableValue(text(name)) else {
          throw CompareError(path, line: record.line, "column \(name): '\(text(name))' is not a number (expected e.g. 0.5, 1.2e-07, inf or nan)")
        }
        guard !(value < 0) else {
          throw CompareError(path, line: record.line, "column \(name): \(text(name)) is negative (an error figure is ≥ 0, inf or nan)")
        }
        return value
      }
      func count(_ name: String) throws -> Int {
        guard let value = Int(text(name)), value >= 0 else {
          throw CompareError(path, line: record.line, "column \(name): '\(text(name))' is not a count (expected a whole number ≥ 0)")
        }
        return value
      }
      var key = RowKey(
        experiment: text("experiment"), caseName: text("case"), loss: text("loss"),
        variant: text("variant"), reduction: text("reduction"), summation: text("summation"),
        format: text("format"), sweep: text("sweep"))
      if column["profile"] != nil {
        key.profile = text("profile")
      } else {
        // Tables before the profile column had it in the sweep, `profile=torch;y_true=0`.
        var axes = key.sweep.split(separator: ";", omittingEmptySubsequences: false).map(String.init)
        if let index = axes.firstIndex(where: { $0.hasPrefix("profile=") }) {
          key.profile = String(axes.remove(at: index).dropFirst("profile=".count))
          key.sweep = axes.joined(separator: ";")
        }
      }
      if let experiment, experiment != key.experiment {
        throw CompareError(path, line: record.line, "experiment '\(key.experiment)' in a table of '\(experiment)' (one experiment per table)")
      }
      experiment = key.experiment
      if let earlier = seen[key] {
        throw CompareError(path, line: record.line, "the same row as line \(earlier) (rows must differ in case, formula, reduction, summation, format or sweep)")
      }
      seen[key] = record.line
      let ratio = text("bound_ratio")
      let figures = RowFigures(
        points: try count("points"), maxULP: try number("max_ulp"), p99ULP: try number("p99_ulp"),
        meanULP: try number("mean_ulp"), maxRelative: try number("max_rel_error"),
        nan: try count("nan"), overflow: try count("overflow"),
        flushToZero: try count("flush_to_zero"), subnormal: try count("subnormal"),
        boundRatio: ratio.isEmpty ? nil : try number("bound_ratio"),
        seed: column["seed"].map { record.fields[$0] } ?? "")
      let classified = figures.nan + figures.overflow + figures.flushToZero + figures.subnormal
      guard classified <= figures.points else {
        throw CompareError(path, line: record.line, "\(classified) points counted as nan, overflow, flush_to_zero or subnormal, of \(figures.points) points")
      }
      var withRounding = figures
      if column["max_rounding_ulp"] != nil {
        withRounding.roundingMaxULP = try number("max_rounding_ulp")
        withRounding.roundingP99ULP = try number("p99_rounding_ulp")
        withRounding.roundingNonFinite =
          try count("rounding_nan") + count("rounding_overflow")
      }
      rows.append(Row(key: key, figures: withRounding, line: record.line))
    }
    let name = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
    return PrecisionTable(path: path, experiment: experiment ?? name, rows: rows)
  }

  /// The tables at `path`: the file itself, or every `.csv` in the folder.
  public static func loadAll(_ path: String) throws -> [PrecisionTable] {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
      throw CompareError(path, "no such file or folder (expected a LossLab .csv table or a folder of them)")
    }
    guard isDirectory.boolValue else { return [try load(path)] }
    let files = ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? [])
      .filter { $0.hasSuffix(".csv") && !$0.hasSuffix(".cliffs.csv") }.sorted()  // maps' cliff curves are not tables
    guard !files.isEmpty else { throw CompareError(path, "no .csv tables in this folder") }
    return try files.map { try load(path + "/" + $0) }
  }
}

/// A figure as LossLab writes it: a number, `inf`, `-inf` or `nan`.
func tableValue(_ text: String) -> Double? {
  switch text {
  case "inf": .infinity
  case "-inf": -.infinity
  case "nan": .nan
  default: Double(text)
  }
}
