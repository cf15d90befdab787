/// Two runs' tables matched row by row: what changed, and whether it got better or worse.
public struct TableComparison: Sendable {
  public enum Status: String, Sendable, Comparable {
    case worse, better, mixed, changed, resampled, added, removed

    var rank: Int {
      switch self {
      case .worse: 0
      case .mixed: 1
      case .removed: 2
      case .better: 3
      case .changed: 4
      case .resampled: 5
      case .added: 6
      }
    }

    public static func < (a: Status, b: Status) -> Bool { a.rank < b.rank }
  }

  /// One row whose figures differ between the runs, or that only one run has.
  public struct Change: Sendable {
    public var key: RowKey
    public var old: RowFigures?
    public var new: RowFigures?
    public var status: Status
    /// The figures that moved past the tolerance, e.g. `max ulp`, `NaN`.
    public var worseFigures: [String]
  }

  public var changes: [Change]
  /// Rows in both runs.
  public var matched: Int
  public var tolerance: Tolerance

  /// Whether anything got worse past the tolerance (a changed row counts if any figure did).
  public var hasRegression: Bool { changes.contains { $0.status == .worse || $0.status == .mixed } }

  public func count(_ status: Status) -> Int { changes.filter { $0.status == status }.count }

  /// Matches `old` and `new` tables by experiment, then rows by key. Tables of experiments only
  /// one side has contribute added or removed rows.
  public init(old: [PrecisionTable], new: [PrecisionTable], tolerance: Tolerance) {
    self.tolerance = tolerance
    var oldRows: [RowKey: RowFigures] = [:], newRows: [RowKey: RowFigures] = [:]
    for table in old { for row in table.rows { oldRows[row.key] = row.figures } }
    for table in new { for row in table.rows { newRows[row.key] = row.figures } }
    var changes: [Change] = []
    var matched = 0
    for key in Set(oldRows.keys).union(newRows.keys).sorted() {
      switch (oldRows[key], newRows[key]) {
      case let (a?, b?):
        matched += 1
        var unseeded = b
        unseeded.seed = a.seed
        if a == unseeded { continue }  // the same figures (a seed column alone is no change)
        if !a.seed.isEmpty, !b.seed.isEmpty, a.seed != b.seed {
          let worse = TableComparison.beyondSamplingNoise(a, b)
          changes.append(Change(
            key: key, old: a, new: b, status: worse.isEmpty ? .resampled : .worse,
            worseFigures: worse))
          continue
        }
        let worse = TableComparison.worseFigures(a, b, tolerance)
        let better = TableComparison.worseFigures(b, a, tolerance)
        let status: Status =
          worse.isEmpty ? (better.isEmpty ? .changed : .better) : (better.isEmpty ? .worse : .mixed)
        changes.append(Change(key: key, old: a, new: b, status: status, worseFigures: worse))
      case let (a?, nil):
        changes.append(Change(key: key, old: a, new: nil, status: .removed, worseFigures: []))
      case let (nil, b?):
        changes.append(Change(key: key, old: nil, new: b, status: .added, worseFigures: []))
      case (nil, nil):
        break
      }
    }
    self.changes = changes.sorted { $0.status != $1.status ? $0.status < $1.status : $0.key < $1.key }
    self.matched = matched
  }

  /// A row drawn with another seed is another sample: its max and percentiles are a new sample's,
  /// so only what sampling cannot explain counts as worse: a class count that grew by more than
  /// four standard deviations of a Poisson count (`b > a + 4 sqrt(a + 1)`), or a reduction
  /// passing its Higham bound (a bound holds for every input).
  static func beyondSamplingNoise(_ a: RowFigures, _ b: RowFigures) -> [String] {
    func grew(_ x: Int, _ y: Int) -> Bool { Double(y) > Double(x) + 4 * (Double(x) + 1).squareRoot() }
    var names: [String] = []
    if let x = a.roundingNonFinite, let y = b.roundingNonFinite, grew(x, y) {
      names.append("rounding NaN+inf")
    }
    if grew(a.nan, b.nan) { names.append("NaN") }
    if grew(a.overflow, b.overflow) { names.append("overflow") }
    if grew(a.flushToZero, b.flushToZero) { names.append("flush to 0") }
    if (b.boundRatio ?? 0) > 1 && (a.boundRatio ?? 0) <= 1 { names.append("bound") }
    return names
  }

  /// The figures that are worse in `b` than in `a` past the tolerance.
  static func worseFigures(_ a: RowFigures, _ b: RowFigures, _ tolerance: Tolerance) -> [String] {
    var names: [String] = []
    if let x = a.roundingMaxULP, let y = b.roundingMaxULP, tolerance.judge(ulp: x, y) > 0 {
      names.append("max rounding ulp")
    }
    if let x = a.roundingP99ULP, let y = b.roundingP99ULP, tolerance.judge(ulp: x, y) > 0 {
      names.append("p99 rounding ulp")
    }
    if let x = a.roundingNonFinite, let y = b.roundingNonFinite, tolerance.judge(count: x, y) > 0 {
      names.append("rounding NaN+inf")
    }
    if tolerance.judge(ulp: a.maxULP, b.maxULP) > 0 { names.append("max ulp") }
    if tolerance.judge(ulp: a.p99ULP, b.p99ULP) > 0 { names.append("p99 ulp") }
    if tolerance.judge(ulp: a.meanULP, b.meanULP) > 0 { names.append("mean ulp") }
    if tolerance.judge(count: a.nan, b.nan) > 0 { names.append("NaN") }
    if tolerance.judge(count: a.overflow, b.overflow) > 0 { names.append("overflow") }
    if tolerance.judge(count: a.flushToZero, b.flushToZero) > 0 { names.append("flush to 0") }
    if (b.boundRatio ?? 0) > 1 && (a.boundRatio ?? 0) <= 1 { names.append("bound") }
    return names
  }
}
