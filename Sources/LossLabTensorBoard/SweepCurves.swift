import Foundation
import LossLabOutput
import LossLabRunner

/// Turns the rows of a table into TensorBoard curves.
///
/// Rows of one formula (same experiment, case, loss, variant and summation) form one family;
/// formats are runs, not part of the tag, so the family is the same in every format and the
/// runs overlay. One swept axis becomes the step (`StepAxis`: the value itself, its log2 or
/// log10 when those are whole numbers, else its position, always ascending with the value):
/// `n` when it varies, otherwise the numeric axis with the most values (the first on ties), and
/// only when no numeric axis varies a named one (`reduction`, `profile`).
/// The row's other sweep coordinates (`reduction=sum`, `y_true=0`, …) become one more tag level,
/// so each combination of them is its own curve. The summation is a tag level only when the
/// formula was run with more than one.
enum SweepCurves {
  static func place(_ rows: [TableRow]) -> [RowPlacement] {
    let coordinates = rows.map(\.axes)
    var summations: [String: Set<String>] = [:]
    var families: [String: [Int]] = [:]
    var familyOrder: [String] = []
    for (index, row) in rows.enumerated() {
      summations[formulaKey(row), default: []].insert(row.summation.rawValue)
      let family = formulaKey(row) + "\u{1F}" + row.summation.rawValue
      if families[family] == nil { familyOrder.append(family) }
      families[family, default: []].append(index)
    }
    var placements = [RowPlacement?](repeating: nil, count: rows.count)
    for family in familyOrder {
      let members = families[family]!
      let axis = stepAxis(members.map { coordinates[$0] })
      for index in members {
        let row = rows[index]
        var levels = [
          row.experiment, row.caseName, row.formula.lossName + "-" + row.formula.variant,
        ]
        if summations[formulaKey(row)]!.count > 1 { levels.append(row.summation.rawValue) }
        let others = coordinates[index].filter { $0.key != axis?.key }
        if !others.isEmpty { levels.append(sweepLabel(others)) }
        let coordinate = coordinates[index].first { $0.key == axis?.key }
        placements[index] = RowPlacement(
          stem: levels.joined(separator: "/"),
          step: coordinate.flatMap { axis?.step(of: $0.value) } ?? 0,
          coordinate: coordinate, axis: axis)
      }
    }
    return placements.map { $0! }
  }

  private static func formulaKey(_ row: TableRow) -> String {
    [row.experiment, row.caseName, row.formula.name].joined(separator: "\u{1F}")
  }

  /// The family's step axis, or nil when no axis varies.
  private static func stepAxis(_ coordinates: [[SweepAxis]]) -> StepAxis? {
    var keys: [String] = []
    var values: [String: [SweepValue]] = [:]
    for axes in coordinates {
      for axis in axes {
        if values[axis.key] == nil {
          keys.append(axis.key)
          values[axis.key] = []
        }
        if !values[axis.key]!.contains(axis.value) { values[axis.key]!.append(axis.value) }
      }
    }
    let varying = keys.filter { values[$0]!.count > 1 }
    let numeric = varying.filter { values[$0]!.allSatisfy { $0.number != nil } }
    let candidates = numeric.isEmpty ? varying : numeric
    guard var key = candidates.first else { return nil }
    for candidate in candidates where values[candidate]!.count > values[key]!.count {
      key = candidate
    }
    if numeric.contains("n") { key = "n" }
    return StepAxis(key: key, values: values[key]!)
  }
}
