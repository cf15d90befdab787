import Foundation
import LossLabMeasurement
import LossLabRunner

/// The rows measured on the `losslab` command itself (next to this program: `make bench` builds
/// both) and on a Python yardstick: whole processes, start-up included.
///
///   bce-logits      `losslab run bce-logits` on 1 thread against Bench/bce_logits_mpmath.py
///                   (NumPy and mpmath doing the same work, from the virtualenv `make bench`
///                   sets up); goal >= 10x faster
///   peak memory     the default suite on 2 threads (goal <= 300 MB), and reductions-drift on 1
///                   and on 2 threads (goal: 2 threads within 10% of 1, under 300 MB)
struct ProcessRows {
  var bceLogits: (losslab: ChildRun, python: ChildRun)?
  var suitePeak: ChildRun?
  var driftOneThread: ChildRun?
  var driftTwoThreads: ChildRun?
}

let benchPython = ".build/bench-venv/bin/python"

func processRows(runs: Int) -> ProcessRows {
  let directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().path
  let losslab = directory + "/losslab"
  let out = FileManager.default.temporaryDirectory.appendingPathComponent(
    "losslab-bench-\(getpid())"
  ).path
  defer { try? FileManager.default.removeItem(atPath: out) }
  func run(_ names: [String], threads: Int) -> [String] {
    [losslab, "run"] + names + ["--quiet", "--csv-only", "--threads", "\(threads)", "--out", out]
  }
  var rows = ProcessRows()
  if FileManager.default.isExecutableFile(atPath: benchPython) {
    rows.bceLogits = bestChildRuns(
      run(["bce-logits"], threads: 1), [benchPython, "Bench/bce_logits_mpmath.py"], runs: runs
    ).map { (losslab: $0.0, python: $0.1) }
  }
  rows.suitePeak = runChild(run([], threads: 2))
  rows.driftOneThread = runChild(run(["reductions-drift"], threads: 1))
  rows.driftTwoThreads = runChild(run(["reductions-drift"], threads: 2))
  return rows
}

func printProcessRows(_ rows: ProcessRows) {
  func line(_ what: String, _ figure: String, _ goal: String, _ passes: Bool?) {
    let verdict = passes.map { $0 ? "PASS" : "MISS" } ?? "not run"
    print(padded(what, 60) + padded(figure, 28) + padded(goal, 16) + verdict)
  }
  print(padded("whole processes (losslab next to this program)", 60) + padded("measured", 28) + "goal")
  if let (losslab, python) = rows.bceLogits {
    let ratio = python.seconds / losslab.seconds
    line(
      "losslab run bce-logits, 1 thread, against NumPy + mpmath",
      formatted(python.seconds, 2) + " s / " + formatted(losslab.seconds, 2) + " s = "
        + formatted(ratio, 1) + "x", ">= 10x faster", ratio >= 10)
  } else {
    line("losslab run bce-logits against NumPy + mpmath", "(no \(benchPython): make bench)", ">= 10x faster", nil)
  }
  func megabytes(_ run: ChildRun?) -> String {
    guard let run, run.status == 0 else { return "failed" }
    return formatted(run.peakMegabytes, 0) + " MB"
  }
  line(
    "peak memory, the default suite on 2 threads", megabytes(rows.suitePeak), "<= 300 MB",
    rows.suitePeak.map { $0.status == 0 && $0.peakMegabytes <= 300 })
  var driftPasses: Bool? = nil
  if let one = rows.driftOneThread, let two = rows.driftTwoThreads {
    driftPasses =
      one.status == 0 && two.status == 0 && two.peakMegabytes <= 300
      && two.peakMegabytes <= 1.1 * one.peakMegabytes
  }
  line(
    "peak memory, reductions-drift on 1 / 2 threads",
    megabytes(rows.driftOneThread) + " / " + megabytes(rows.driftTwoThreads),
    "<= 300 MB, flat", driftPasses)
}
