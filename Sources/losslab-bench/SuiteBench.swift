import Foundation
import LossLabMeasurement
import LossLabRunner

/// The default suite as `make experiments` runs it (every spec in `directory`, full size, in
/// process, nothing written): its wall time with the certified adaptive reference and with a
/// fixed 256 bits, and its largest spec on 1 and 2 threads.
struct SuiteTimes {
  /// The whole suite on 2 threads, adaptive: the run's part of `make experiments`.
  var adaptive: Double
  var fixed256: Double
  var largest: String
  var oneThread: Double
  var twoThreads: Double
}

func suiteTimes(directory: String) throws -> SuiteTimes {
  let files = try FileManager.default.contentsOfDirectory(atPath: directory)
    .filter { $0.hasSuffix(".yaml") }.sorted()
  let specs = try files.map { try SpecParser.load(path: "\(directory)/\($0)") }
  func run(_ spec: ExperimentSpec, _ reference: ReferencePrecision, threads: Int) -> Double {
    var spec = spec
    for i in spec.cases.indices { spec.cases[i].reference = reference }
    let start = now()
    blackHole(ExperimentRunner(threads: threads, quick: false).run(spec).rows.count)
    return now() - start
  }
  var adaptive = 0.0, fixed = 0.0
  var slowest: (ExperimentSpec, Double)? = nil
  for spec in specs {
    let seconds = run(spec, .standard, threads: 2)
    adaptive += seconds
    if seconds > (slowest?.1 ?? -1) { slowest = (spec, seconds) }
    fixed += run(spec, .fixed(256), threads: 2)
  }
  guard let (largest, twoThreads) = slowest else {
    throw SpecError(file: directory, line: 0, "no .yaml specs")
  }
  let oneThread = run(largest, .standard, threads: 1)
  return SuiteTimes(
    adaptive: adaptive, fixed256: fixed, largest: largest.name, oneThread: oneThread,
    twoThreads: twoThreads)
}

func printSuite(_ t: SuiteTimes) {
  func line(_ what: String, _ figure: String, _ goal: String, _ passes: Bool) {
    print(padded(what, 60) + padded(figure, 28) + padded(goal, 16) + (passes ? "PASS" : "MISS"))
  }
  print(padded("the default suite (Experiments/, full size, 2 threads)", 60) + padded("measured", 28) + "goal")
  line(
    "certified adaptive reference against a fixed 256 bits",
    formatted(t.adaptive, 1) + " s / " + formatted(t.fixed256, 1) + " s = "
      + formatted(t.fixed256 / t.adaptive, 2) + "x",
    ">= 2x faster", t.fixed256 / t.adaptive >= 2)
  line(
    "largest spec (\(t.largest)), 2 threads against 1",
    formatted(t.oneThread, 1) + " s / " + formatted(t.twoThreads, 1) + " s = "
      + formatted(t.oneThread / t.twoThreads, 2) + "x",
    ">= 1.8x faster", t.oneThread / t.twoThreads >= 1.8)
  line(
    "the suite's wall time (make experiments adds a build check)",
    formatted(t.adaptive, 1) + " s", "< 180 s", t.adaptive < 180)
}
