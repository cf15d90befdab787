import LossLabMeasurement

/// A map row's tally over a run of its points (`map:` in a spec): per cell, how the points'
/// results rounded against the formula as written; per target, where the formula first turns bad
/// on each side of logit 0 (the cliff curves of the plane). Chunks of consecutive points tally
/// apart and append in order, exactly (counts add, maxima and the cliffs' nearest indices are
/// order-free), so a merge of shards gives a single run's map.
public struct MapTally: Sendable, Equatable {
  public let shape: MapShape
  public let logitCount: Int
  public let targetCount: Int
  /// The index of the first logit >= 0: a cliff below is at a smaller index, one above at this
  /// index or a larger one.
  public let zeroIndex: Int
  /// The cell row of `cells[0]`; `cells` holds whole rows of `shape.columns` cells, from there.
  public private(set) var firstRow: Int
  public private(set) var cells: [MapCell]
  /// The target of `cliffs[0]`; `cliffs` holds consecutive targets from there.
  public private(set) var firstTarget: Int
  public private(set) var cliffs: [TargetCliffs]

  /// An empty tally covering targets `targets` (the map's own shape clamped so that every cell
  /// holds at least one value of each input).
  init(_ requested: MapShape, logitCount: Int, targetCount: Int, zeroIndex: Int, targets: ClosedRange<Int>) {
    shape = MapShape(
      columns: min(requested.columns, logitCount), rows: min(requested.rows, targetCount))
    self.logitCount = logitCount
    self.targetCount = targetCount
    self.zeroIndex = zeroIndex
    firstTarget = targets.lowerBound
    cliffs = Array(repeating: TargetCliffs(), count: targets.count)
    firstRow = targets.lowerBound * shape.rows / targetCount
    let lastRow = targets.upperBound * shape.rows / targetCount
    cells = Array(repeating: MapCell(), count: (lastRow - firstRow + 1) * shape.columns)
  }

  init(
    shape: MapShape, logitCount: Int, targetCount: Int, zeroIndex: Int, firstRow: Int,
    cells: [MapCell], firstTarget: Int, cliffs: [TargetCliffs]
  ) {
    self.shape = shape
    self.logitCount = logitCount
    self.targetCount = targetCount
    self.zeroIndex = zeroIndex
    self.firstRow = firstRow
    self.cells = cells
    self.firstTarget = firstTarget
    self.cliffs = cliffs
  }

  /// The cell row and column of a point.
  public func cell(target: Int, logit: Int) -> (row: Int, column: Int) {
    (target * shape.rows / targetCount, logit * shape.columns / logitCount)
  }

  /// The range of targets, and of logits, that a cell row or column holds.
  public func targets(ofRow row: Int) -> Range<Int> { first(row, shape.rows, targetCount) }
  public func logits(ofColumn column: Int) -> Range<Int> { first(column, shape.columns, logitCount) }

  /// The values i with i * cells / count == cell.
  func first(_ cell: Int, _ cells: Int, _ count: Int) -> Range<Int> {
    func start(_ c: Int) -> Int { (c * count + cells - 1) / cells }
    return start(cell)..<start(cell + 1)
  }

  mutating func add(target: Int, logit: Int, _ rounding: ErrorMeasure, bad: Bool) {
    let (row, column) = cell(target: target, logit: logit)
    cells[(row - firstRow) * shape.columns + column].add(rounding, bad: bad)
    if bad { cliffs[target - firstTarget].add(logit, zeroIndex: zeroIndex) }
  }

  /// This tally followed by `later`, which starts where this one ends or within its last row
  /// and target (consecutive chunks of one map).
  mutating func append(_ later: MapTally) {
    precondition(later.firstRow >= firstRow && later.firstTarget >= firstTarget, "chunks append in order")
    let rowOffset = (later.firstRow - firstRow) * shape.columns
    if rowOffset + later.cells.count > cells.count {
      cells += Array(repeating: MapCell(), count: rowOffset + later.cells.count - cells.count)
    }
    for (i, cell) in later.cells.enumerated() { cells[rowOffset + i].merge(cell) }
    let targetOffset = later.firstTarget - firstTarget
    if targetOffset + later.cliffs.count > cliffs.count {
      cliffs += Array(repeating: TargetCliffs(), count: targetOffset + later.cliffs.count - cliffs.count)
    }
    for (i, cliff) in later.cliffs.enumerated() { cliffs[targetOffset + i].merge(cliff) }
  }

  /// Whether it holds every cell row and target of the map (a finished row's tally does).
  public var isWhole: Bool {
    firstRow == 0 && cells.count == shape.rows * shape.columns && firstTarget == 0
      && cliffs.count == targetCount
  }
}

/// One cell of a map.
public struct MapCell: Sendable, Equatable {
  public var points = 0
  /// Points per rounding error class, in `ErrorClass.allCases` order.
  public var classes = [Int](repeating: 0, count: ErrorClass.allCases.count)
  /// The largest finite rounding error in ulps (0 when there is none).
  public var maxULP = 0.0
  /// Points past the cliff threshold (NaN, overflow, or more than cliff_ulps off end to end).
  public var bad = 0

  public init() {}

  public var nonFinite: Int {
    classes[ErrorClass.allCases.firstIndex(of: .nan)!]
      + classes[ErrorClass.allCases.firstIndex(of: .overflow)!]
  }

  mutating func add(_ rounding: ErrorMeasure, bad: Bool) {
    points += 1
    classes[ErrorClass.allCases.firstIndex(of: rounding.errorClass)!] += 1
    if rounding.ulpError.isFinite { maxULP = max(maxULP, rounding.ulpError) }
    if bad { self.bad += 1 }
  }

  mutating func merge(_ other: MapCell) {
    points += other.points
    for i in classes.indices { classes[i] += other.classes[i] }
    maxULP = max(maxULP, other.maxULP)
    bad += other.bad
  }
}

/// Where one target's formula first turns bad on each side of logit 0, as logit indices: the
/// bad logit nearest 0 below it, and the one nearest 0 at or above it (nil: none bad there).
public struct TargetCliffs: Sendable, Equatable {
  public var below: Int? = nil
  public var above: Int? = nil

  public init(below: Int? = nil, above: Int? = nil) {
    self.below = below
    self.above = above
  }

  mutating func add(_ logit: Int, zeroIndex: Int) {
    if logit < zeroIndex {
      below = max(below ?? logit, logit)
    } else {
      above = min(above ?? logit, logit)
    }
  }

  mutating func merge(_ other: TargetCliffs) {
    if let b = other.below { below = max(below ?? b, b) }
    if let a = other.above { above = min(above ?? a, a) }
  }
}
