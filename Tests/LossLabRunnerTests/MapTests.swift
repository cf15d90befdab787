import LossLabFormats
import LossLabMeasurement
import Testing

@testable import LossLabRunner

@Suite("2-D maps")
struct MapTests {
  /// Every float16 logit in [-16, -4] and [4, 16] (no cliff lies between -4 and 4) against three targets, as a map and as 1-D
  /// sweeps (one row per target, whose cliffs the bisection of `CliffSearch` finds).
  static let text = """
    question: q
    losses: [bce-logits/naive, bce-logits/stable]
    formats: [float16]
    cases:
      - name: sweeps
        inputs:
          y_true: {sweep: [0, 0.25, 1]}
          y_pred: [{exhaustive: {format: float16, from: -16, to: -4}}, {exhaustive: {format: float16, from: 4, to: 16}}]
      - name: map
        map: {columns: 8, rows: 3}
        inputs:
          y_true: {values: [0, 0.25, 1]}
          y_pred: [{exhaustive: {format: float16, from: -16, to: -4}}, {exhaustive: {format: float16, from: 4, to: 16}}]
    """

  static func isBad(_ status: CliffStatus) -> Bool {
    switch status {
    case .ok: false
    case .failed, .pastULPs: true
    }
  }

  @Test("A map's cliff curves are where the 1-D sweeps' bisection puts the cliffs, target by target")
  func cliffsAgreeWithBisection() throws {
    let spec = try SpecParser(file: "map.yaml").parse(MapTests.text)
    let result = ExperimentRunner(threads: 2, quick: false).run(spec)
    let maps = result.rows.filter { $0.caseName == "map" }
    #expect(maps.count == 2)
    var compared = 0
    for row in maps {
      let map = try #require(row.map)
      #expect(map.tally.isWhole)
      #expect(map.logits.count == 2 * 2049 && map.targets == [0, 0.25, 1])
      #expect(map.tally.cells.map(\.points).reduce(0, +) == row.statistics.points)
      for (target, below, above) in map.cliffValues {
        let sweep = try #require(result.rows.first {
          $0.caseName == "sweeps" && $0.formula == row.formula
            && $0.axes.contains { $0.key == "y_true" && $0.value == .number(target) }
        })
        // Below 0: bad to the left of the cliff nearest 0 (its low side); above 0: bad to the
        // right of the one nearest 0 (its high side).
        let fromBelow = sweep.cliffs.filter { $0.high < 0 && MapTests.isBad($0.lowStatus) && !MapTests.isBad($0.highStatus) }
          .map(\.low).max()
        let fromAbove = sweep.cliffs.filter { $0.low >= 0 && !MapTests.isBad($0.lowStatus) && MapTests.isBad($0.highStatus) }
          .map(\.high).min()
        #expect(below == fromBelow, "\(row.formula.name) y_true=\(target): map \(String(describing: below)), sweep \(sweep.cliffs)")
        #expect(above == fromAbove, "\(row.formula.name) y_true=\(target): map \(String(describing: above)), sweep \(sweep.cliffs)")
        if below != nil || above != nil { compared += 1 }
      }
    }
    // The naive form breaks on both sides for every target: the comparison is not vacuous.
    #expect(compared >= 3)
  }

  @Test("Cells count every point once, by class, and the tallies of any chunking append to the same map")
  func chunkingInvariance() throws {
    let spec = try SpecParser(file: "map.yaml").parse(MapTests.text)
    let runner = ExperimentRunner(threads: 1, quick: false)
    let plan = runner.plan(spec)
    let whole = runner.finish(plan, runner.measure(plan, chunks: Array(plan.items.indices)))
    for row in whole.rows where row.map != nil {
      let cells = row.map!.tally.cells
      #expect(cells.allSatisfy { $0.classes.reduce(0, +) == $0.points })
      #expect(cells.map(\.nonFinite).reduce(0, +) == row.statistics.rounding.nonFiniteValues)
    }
    // The same chunks, measured in another order on two threads, append to the same tallies.
    let threaded = ExperimentRunner(threads: 2, quick: false)
    let again = threaded.finish(plan, threaded.measure(plan, chunks: Array(plan.items.indices)))
    #expect(zip(whole.rows, again.rows).allSatisfy { $0.map?.tally == $1.map?.tally })
  }

  @Test("exhaustive: {format, from, to} lists the format's values in the closed range")
  func exhaustiveRange() throws {
    let targets = try #require(InputGenerator.exhaustive(.float16, range: 0...1).list(quickGridCount: nil))
    #expect(targets.count == 15_361)  // 0, then 0x0001 ... 0x3C00
    #expect(targets.first == 0 && targets.last == 1 && targets[1] == 0x1p-24)
    #expect(zip(targets, targets.dropFirst()).allSatisfy { $0 < $1 })
  }
}
