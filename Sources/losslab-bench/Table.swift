import Foundation

/// One line of the bench's table.
struct ResultRow {
  var name: String
  var format: String
  var elements: Int
  var lossLabSeconds: Double
  var floorSeconds: Double
  /// The largest acceptable LossLab / floor time ratio; nil for a row printed for information.
  var goal: Double?
  var note = ""

  var ratio: Double { lossLabSeconds / floorSeconds }
  var passes: Bool { goal.map { ratio <= $0 } ?? true }
}

func elementsPerSecond(_ elements: Int, _ seconds: Double) -> String {
  let rate = Double(elements) / seconds
  if rate >= 1e6 { return formatted(rate / 1e6, 1) + " M" }
  if rate >= 1e3 { return formatted(rate / 1e3, 1) + " k" }
  return formatted(rate, 0)
}

func formatted(_ x: Double, _ decimals: Int) -> String { String(format: "%.*f", decimals, x) }

func padded(_ text: String, _ width: Int, right: Bool = false) -> String {
  let pad = String(repeating: " ", count: max(0, width - text.count))
  return right ? pad + text : text + pad
}

func printTable(_ rows: [ResultRow]) {
  let header =
    padded("case", 38) + padded("format", 10) + padded("LossLab el/s", 14, right: true)
    + padded("floor el/s", 14, right: true) + padded("ratio", 8, right: true) + "  goal     "
  print(header + "note")
  print(String(repeating: "-", count: header.count + 12))
  for row in rows {
    print(
      padded(row.name, 38) + padded(row.format, 10)
        + padded(elementsPerSecond(row.elements, row.lossLabSeconds), 14, right: true)
        + padded(elementsPerSecond(row.elements, row.floorSeconds), 14, right: true)
        + padded(formatted(row.ratio, 2) + "x", 8, right: true)
        + (row.goal.map { "  <= " + formatted($0, 1) + "x " + (row.passes ? "PASS " : "MISS ") }
          ?? "  (no goal) ")
        + row.note)
  }
}
