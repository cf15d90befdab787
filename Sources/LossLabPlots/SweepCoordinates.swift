import LossLabOutput
import LossLabRunner

/// A row's position in the experiment: its sweep axes, with the axes that have a single value
/// in the row's case filled in from the spec (so rows of cases that sweep different axes can
/// share a plot).
struct RowCoordinates {
  var axes: [SweepAxis]
  /// The keys the row's own `sweep` names (the rest were filled in from the spec).
  var sweptKeys: [String]

  init(_ row: TableRow, spec: ExperimentSpec) {
    axes = row.axes
    sweptKeys = axes.map(\.key)
    guard let spec = spec.cases.first(where: { $0.name == row.caseName }) else { return }
    var filled: [SweepAxis] = []
    func fill(_ key: String, _ value: SweepValue) {
      filled.append(SweepAxis(key: key, value: value))
    }
    if spec.batchSizes.count == 1 { fill("n", .count(spec.batchSizes[0])) }
    if spec.classCounts.count == 1 { fill("classes", .count(spec.classCounts[0])) }
    if spec.scales.count == 1 { fill("scale", .number(spec.scales[0])) }
    if spec.margins.count == 1 { fill("margin", .number(spec.margins[0])) }
    for axis in filled where !axes.contains(where: { $0.key == axis.key }) {
      axes.append(axis)
    }
  }

  func value(_ key: String) -> SweepValue? { axes.first { $0.key == key }?.value }

  /// The swept keys that take more than one value over these rows, in order of first
  /// appearance.
  static func varyingKeys(_ all: [RowCoordinates]) -> [String] {
    ordered(all.flatMap(\.sweptKeys)).filter { key in
      Set(all.map { $0.value(key) }).count > 1
    }
  }

  /// "key=value" of the given keys that the row has, joined by ", ".
  func label(_ keys: [String]) -> String {
    sweepLabel(keys.compactMap { key in axes.first { $0.key == key } }, separator: ", ")
  }
}

/// The distinct values in order of first appearance.
func ordered<T: Hashable>(_ values: [T]) -> [T] {
  var seen = Set<T>()
  return values.filter { seen.insert($0).inserted }
}

/// Rows grouped by a key, groups in order of first appearance.
func grouped<K: Hashable>(_ rows: [TableRow], by key: (TableRow) -> K) -> [(K, [TableRow])] {
  var order: [K] = []
  var groups: [K: [TableRow]] = [:]
  for row in rows {
    let k = key(row)
    if groups[k] == nil { order.append(k) }
    groups[k, default: []].append(row)
  }
  return order.map { ($0, groups[$0]!) }
}
