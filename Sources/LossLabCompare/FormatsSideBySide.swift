import LossLabOutput

/// One table's rows with the formats side by side: the precision table a user reads when
/// choosing a format (`losslab compare --across float16,bfloat16 TABLE`).
public enum FormatsSideBySide {
  public static func table(_ tables: [PrecisionTable], formats: [String]) -> ReportTable {
    var header = ["experiment", "case", "formula", "reduction", "sweep"]
    for format in formats {
      header += [
        "\(format) max rounding ulp", "\(format) max ulp", "\(format) p99 ulp",
        "\(format) NaN+overflow",
      ]
    }
    var table = ReportTable(header: header)
    var byKey: [RowKey: RowFigures] = [:]
    var order: [RowKey] = []
    var seen: Set<RowKey> = []
    for row in tables.flatMap(\.rows) where formats.contains(row.key.format) {
      let neutral = row.key.acrossFormats
      if seen.insert(neutral).inserted { order.append(neutral) }
      byKey[row.key.acrossFormats.with(format: row.key.format)] = row.figures
    }
    for key in order {
      var cells = [
        key.experiment, key.caseName, key.formula,
        key.summation == "recursive" || key.summation.isEmpty ? key.reduction : "\(key.reduction) (\(key.summation))",
        key.sweep.replacingOccurrences(of: ";", with: " "),
      ]
      for format in formats {
        if let figures = byKey[key.with(format: format)] {
          cells += [
            figures.roundingMaxULP.map(tableNumber) ?? "", tableNumber(figures.maxULP), tableNumber(figures.p99ULP),
            "\(figures.nonFinite) of \(figures.points)",
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
