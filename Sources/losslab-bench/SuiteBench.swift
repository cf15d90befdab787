import Foundation
import LossLabMeasurement
import LossLabRunner

/// The default suite as `make experiments` runs it (every spec in `directory`, full size, in
/// process, nothing written): its wall time with the certified adaptive reference and its
/// largest spec on 1 and 2 threads; and the exhaustive float16 sweep of `exhaustive` (a spec
/// file) on 2 threads, certified and at a fixed 128 bits (the lowest fixed precision whose
/// float64 figures hold, see `ReferencePrecision.start`).
struct SuiteTimes {
  /// The whole suite on 2 threads, adaptive: the run's part of `make experiments`.
  var adaptive: Double
  var largest: String
  var oneThread: Double
  var twoThreads: Double
  /// The exhaustive sweep: its points (of one formula and format), certified and fixed seconds.
  var exhaustivePoints: Int
  var exhaustiveCertified: Double
  var exhaustiveFixed128: Double
}

func suiteTimes(directory: String, exhaustive: String) throws -> SuiteTimes {
  let files = try FileManager.default.contentsOfDirectory(atPath: directory)
    .filter { $0.hasSuffix(".yaml") }.sorted()
  // The suite as `make experiments` runs it: a spec marked `shards:` (the float16 plane, 975M
  // points) is left out.
  let specs = try files.map { try SpecParser.load(path: "\(directory)/\($0)") }
    .filter { $0.shards == nil }
  func timed(_ spec: ExperimentSpec, _ reference: ReferencePrecision, threads: Int) -> (
    Double, [TableRow]
  ) {
    var spec = spec
    for i in spec.cases.indices { spec.cases[i].reference = reference }
    let start = now()
    let rows = ExperimentRunner(threads: threads, quick: false).run(spec).rows
    return (now() - start, rows)
  }
  func run(_ spec: ExperimentSpec, _ reference: ReferencePrecision, threads: Int) -> Double {
    timed(spec, reference, threads: threads).0
  }
  var adaptive = 0.0
  var slowest: (ExperimentSpec, Double)? = nil
  for spec in specs {
    let seconds = run(spec, .standard, threads: 2)
    adaptive += seconds
    if seconds > (slowest?.1 ?? -1) { slowest = (spec, seconds) }
  }
  guard let (largest, twoThreads) = slowest else {
    throw SpecError(file: directory, line: 0, "no .yaml specs")
  }
  let oneThread = run(largest, .standard, threads: 1)
  let sweep = try SpecParser.load(path: exhaustive)
  let (certified, rows) = timed(sweep, .standard, threads: 2)
  let fixed128 = run(sweep, .fixed(128), threads: 2)
  let first = rows[0]
  let points = rows.filter {
    $0.caseName == first.caseName && $0.formula == first.formula && $0.format == first.format
      && $0.summation == first.summation && $0.reduction == first.reduction
  }.reduce(0) { $0 + $1.statistics.points }
  return SuiteTimes(
    adaptive: adaptive, largest: largest.name, oneThread: oneThread, twoThreads: twoThreads,
    exhaustivePoints: points, exhaustiveCertified: certified, exhaustiveFixed128: fixed128)
}

/// The exhaustive float16 rate the goal doubles (issue 14's measurement on this machine).
let exhaustiveRateBefore = 13_800.0

func printSuite(_ t: SuiteTimes) {
  func line(_ what: String, _ figure: String, _ goal: String, _ passes: Bool) {
    print(padded(what, 60) + padded(figure, 28) + padded(goal, 16) + (passes ? "PASS" : "MISS"))
  }
  print(
    padded("the suite (Experiments/), exhaustive float16 (Bench/)", 60)
      + padded("measured", 28) + "goal")
  let rate = Double(t.exhaustivePoints) / t.exhaustiveCertified
  line(
    "exhaustive float16 bce-logits, \(t.exhaustivePoints) points, 2 threads",
    formatted(rate / 1000, 1) + "k points/s", ">= " + formatted(2 * exhaustiveRateBefore / 1000, 1) + "k/s",
    rate >= 2 * exhaustiveRateBefore)
  let cost = t.exhaustiveCertified / t.exhaustiveFixed128
  line(
    "  the same, certified against a fixed 128 bits",
    formatted(t.exhaustiveCertified, 1) + " s / " + formatted(t.exhaustiveFixed128, 1) + " s = "
      + formatted(cost, 2) + "x", "<= 1.2x", cost <= 1.2)
  line(
    "largest spec (\(t.largest)), 2 threads against 1",
    formatted(t.oneThread, 1) + " s / " + formatted(t.twoThreads, 1) + " s = "
      + formatted(t.oneThread / t.twoThreads, 2) + "x",
    ">= 1.8x faster", t.oneThread / t.twoThreads >= 1.8)
  line(
    "the suite's wall time (make experiments adds a build check)",
    formatted(t.adaptive, 1) + " s", "< 180 s", t.adaptive < 180)
}
