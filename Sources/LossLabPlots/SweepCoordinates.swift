import LossLabRunner

/// A row's position in the experiment: its sweep's `key=value` pairs, with the axes that have a
/// single value in the row's case filled in from the spec (so rows of cases that sweep
/// different axes can share a plot).
struct RowCoordinates {
  var pairs: [(key: String, value: String)]
  /// The keys the row's own `sweep` names (the rest were filled in from the spec).
  var sweptKeys: [String]

  init(_ row: TableRow, spec: ExperimentSpec) {
    pairs = row.axes.map { ($0.key, $0.value) }
    sweptKeys = pairs.map(\.key)
    guard let spec = spec.cases.first(where: { $0.name == row.caseName }) else { return }
    var filled: [(String, String)] = []
    if spec.batchSizes.count == 1 { filled.append(("n", String(spec.batchSizes[0]))) }
    if spec.classCounts.count == 1 { filled.append(("classes", String(spec.classCounts[0]))) }
    if spec.scales.count == 1 { filled.append(("scale", shortNumber(spec.scales[0]))) }
    if spec.margins.count == 1 { filled.append(("margin", shortNumber(spec.margins[0]))) }
    for (key, value) in filled where !pairs.contains(where: { $0.key == key }) {
      pairs.append((key, value))
    }
  }

  func value(_ key: String) -> String? { pairs.first { $0.key == key }?.value }

  /// The swept keys that take more than one value over these rows, in order of first
  /// appearance.
  static func varyingKeys(_ all: [RowCoordinates]) -> [String] {
    ordered(all.flatMap(\.sweptKeys)).filter { key in
      Set(all.map { $0.value(key) ?? "" }).count > 1
    }
  }

  /// "key=value" of the given keys that the row has, joined by ", ".
  func label(_ keys: [String]) -> String {
    keys.compactMap { key in value(key).map { "\(key)=\($0)" } }.joined(separator: ", ")
  }
}

extension TableRow {
  /// "loss/variant", as the tables write it.
  var formulaName: String { formula.name }
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
