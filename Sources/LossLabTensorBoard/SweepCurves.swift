import Foundation
import LossLabOutput
import LossLabRunner

/// Turns the rows of a table into TensorBoard curves.
///
/// Rows of one formula (same experiment, case, loss, variant and summation) form one family;
/// formats are runs, not part of the tag, so the family is the same in every format and the
/// runs overlay. One swept axis becomes the step:
/// - `n` when it varies, with step log2(n) (rounded: exact for powers of two; if two n round to
///   the same step, the index as below);
/// - otherwise the varying axis with the most values (the first on ties), with step = the index
///   of its value in ascending numeric order (values that are not numbers, such as
///   `reduction=sum`, after the numbers in table order).
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
      let (axis, steps, description) = stepAxis(members.map { coordinates[$0] })
      for index in members {
        let row = rows[index]
        var levels = [
          row.experiment, row.caseName, row.formula.lossName + "-" + row.formula.variant,
        ]
        if summations[formulaKey(row)]!.count > 1 { levels.append(row.summation.rawValue) }
        let others = coordinates[index].filter { $0.key != axis }
        if !others.isEmpty { levels.append(sweepLabel(others)) }
        let value = coordinates[index].first { $0.key == axis }?.value
        placements[index] = RowPlacement(
          stem: levels.joined(separator: "/"), step: value.flatMap { steps[$0] } ?? 0,
          description: description)
      }
    }
    return placements.map { $0! }
  }

  private static func formulaKey(_ row: TableRow) -> String {
    [row.experiment, row.caseName, row.formula.name].joined(separator: "\u{1F}")
  }

  /// The family's step axis, each of its values' step, and the description of the steps.
  private static func stepAxis(
    _ coordinates: [[SweepAxis]]
  ) -> (axis: String?, steps: [SweepValue: Int64], description: String) {
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
    guard var axis = varying.first else { return (nil, [:], "") }
    for key in varying where values[key]!.count > values[axis]!.count { axis = key }
    if varying.contains("n") { axis = "n" }
    let axisValues = values[axis]!
    if axis == "n" {
      let counts = axisValues.compactMap { value -> Int? in
        if case .count(let n) = value, n > 0 { return n }
        return nil
      }
      let steps = counts.map { Int64(log2(Double($0)).rounded()) }
      if counts.count == axisValues.count, Set(steps).count == steps.count {
        let pairs = zip(axisValues, steps).sorted { $0.1 < $1.1 }
        let text = pairs.map { "step \($0.1) = n \(sweepText($0.0))" }.joined(separator: ", ")
        return (axis, Dictionary(uniqueKeysWithValues: pairs), "step = log2(n), rounded: " + text)
      }
    }
    let numeric = axisValues.filter { $0.number != nil }.sorted { $0.number! < $1.number! }
    let ordered = numeric + axisValues.filter { $0.number == nil }
    let text = ordered.enumerated().map { "step \($0.offset) = \(axis) \(sweepText($0.element))" }
    return (
      axis,
      Dictionary(uniqueKeysWithValues: ordered.enumerated().map { ($0.element, Int64($0.offset)) }),
      text.joined(separator: ", ")
    )
  }
}
