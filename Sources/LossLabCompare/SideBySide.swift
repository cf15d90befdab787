import LossLabOutput
import LossLabReductions

/// One table's rows side by side across formats (`losslab compare --across float16,bfloat16
/// TABLE`: the table a user reads when choosing a format) or across execution profiles
/// (`--across pure,torch,keras`: what each framework gives on the same points).
public enum SideBySide {
  /// What the columns differ in.
  public enum Dimension: Sendable {
    case format, profile

    /// The row's value of the dimension.
    func value(_ key: RowKey) -> String {
      switch self {
      case .format: key.format
      case .profile: key.profile
      }
    }

    /// The key that lines rows up: without the dimension's value and, under a framework
    /// profile, without the summation (a framework sums its own way: wide for torch's 16-bit
    /// rows, left to right for float32). Across profiles a framework's row lines up with the
    /// pure row summed left to right; a pure case's other summations keep lines of their own.
    func neutral(_ key: RowKey) -> RowKey {
      var key = key
      switch self {
      case .format:
        key.format = ""
        if key.hasFrameworkProfile { key.summation = "" }
      case .profile:
        if key.hasFrameworkProfile { key.summation = Summation.recursive.rawValue }
        key.profile = ""
      }
      return key
    }
  }

  public static func table(_ tables: [PrecisionTable], across values: [String], _ dimension: Dimension)
    -> ReportTable
  {
    var header = ["experiment", "case", "formula", "reduction"]
    switch dimension {
    case .format: header.append("profile")
    case .profile: header.append("format")
    }
    header.append("sweep")
    for value in values {
      header += ["\(value) max rounding ulp", "\(value) max ulp", "\(value) p99 ulp", "\(value) NaN+overflow"]
    }
    var table = ReportTable(header: header)
    var byKey: [RowKey: [String: RowFigures]] = [:]
    var order: [RowKey] = []
    for row in tables.flatMap(\.rows) where values.contains(dimension.value(row.key)) {
      let neutral = dimension.neutral(row.key)
      if byKey[neutral] == nil { order.append(neutral) }
      byKey[neutral, default: [:]][dimension.value(row.key)] = row.figures
    }
    for key in order {
      var cells = [
        key.experiment, key.caseName, key.formula,
        key.reductionCell,
      ]
      switch dimension {
      case .format: cells.append(key.profile)
      case .profile: cells.append(key.format)
      }
      cells.append(key.sweepCell)
      for value in values {
        if let figures = byKey[key]?[value] {
          cells += [
            figures.roundingMaxULP.map(tableNumber) ?? "", tableNumber(figures.maxULP),
            tableNumber(figures.p99ULP), "\(figures.nonFinite) of \(figures.points)",
          ]
        } else {
          cells += ["", "", "", ""]
        }
      }
      table.append(cells)
    }
    return table
  }
}
