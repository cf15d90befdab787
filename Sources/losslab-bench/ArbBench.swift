import Foundation
import LossLabLosses
import LossLabMeasurement
import LossLabReductions
import LossLabReference

#if canImport(Glibc)
import Glibc
#endif

/// The Arb floor that `make bench` compiles (Bench/arb_floor.c), kept out of the Swift package
/// so that building and testing LossLab need no FLINT.
let arbFloor = ".build/arb-floor"

/// One row of the Arb comparison: LossLab's reference per single-example point at a fixed
/// precision and certified (the runner's default), against Arb's certified ball on the same
/// points; seconds per point.
struct ArbRow {
  var name: String
  var bits: Int
  var points: Int
  var fixedSeconds: Double
  var certifiedSeconds: Double
  var arbSeconds: Double
  /// "same doubles", or where the three differ; empty when the row did not run.
  var note: String
  var goal = 2.0

  var ratio: Double { certifiedSeconds / arbSeconds }
  var passes: Bool { ratio <= goal && !note.hasPrefix("DIFFERS") }
}

/// The reference cases that Bench/arb_floor.c computes, by the loss's name.
let arbCases = ReferenceCase.all.filter {
  ["bce-logits", "sparse-cce-logits"].contains($0.loss.rawValue)
}

/// Each row of `all` as a batch of its own: the runner's single-example points.
func singleExamplePoints(_ all: Batch<Double>) -> [Batch<Double>] {
  (0..<all.rows).map { r in
    let range = r * all.columns..<(r + 1) * all.columns
    return Batch(
      yTrue: all.yTrue.isEmpty ? [] : Array(all.yTrue[range]), yPred: Array(all.yPred[range]),
      labels: all.labels.isEmpty ? [] : [all.labels[r]], columns: all.columns)
  }
}

/// The points as arb-floor reads them: "N C", then per point "y x" or "label x1 ... xC", in hex.
func arbPointsText(_ all: Batch<Double>) -> String {
  var lines = ["\(all.rows) \(all.columns)"]
  for r in 0..<all.rows {
    let first = all.labels.isEmpty ? String(format: "%a", all.yTrue[r]) : "\(all.labels[r])"
    let x = all.yPred[r * all.columns..<(r + 1) * all.columns].map { String(format: "%a", $0) }
    lines.append(([first] + x).joined(separator: " "))
  }
  return lines.joined(separator: "\n") + "\n"
}

/// What one arb-floor run printed: a double per point, how many points needed more bits or
/// stayed uncertain, and the best seconds per point when it was asked to time.
struct ArbOutput {
  var values: [Double] = []
  var retried = 0
  var uncertified = 0
  var secondsPerPoint: Double?

  init?(_ text: String, points: Int) {
    for line in text.split(separator: "\n") {
      let words = line.split(separator: " ")
      switch (words.count, words.first) {
      case (1, let value?): values.append(Double(String(value)) ?? .nan)
      case (2, "retried"): retried = Int(words[1]) ?? 0
      case (2, "uncertified"): uncertified = Int(words[1]) ?? 0
      case (2, "seconds-per-point"): secondsPerPoint = Double(words[1])
      default: return nil
      }
    }
    if values.count != points { return nil }
  }
}

/// Runs `arguments` (the program first, no shell) with its standard output into a temporary
/// file, and returns what it wrote; nil when it cannot be started or exits with a failure.
func childOutput(_ arguments: [String]) -> String? {
  let path = FileManager.default.temporaryDirectory.appendingPathComponent(
    "losslab-bench-out-\(getpid())"
  ).path
  defer { unlink(path) }
  guard runChild(arguments, output: path, keepErrors: true)?.status == 0 else { return nil }
  return try? String(contentsOfFile: path, encoding: .utf8)
}

/// LossLab's reference of every point, one `measurePoint` each with no formats (the ideal
/// alone), as a pass of the runner computes it: the memo of exp and log forgotten first, so
/// that a repeated pass computes as the first did.
func lossLabPoints(_ formula: Formula, _ points: [Batch<Double>], _ reference: ReferencePrecision)
  -> [Double]
{
  MPFRReal.forgetRememberedFunctions()
  let setup = PointSetup(
    formulas: [formula], formats: [], reduction: .mean, summations: [.recursive],
    smoothing: defaultSmoothing, reference: reference)
  return points.map { measurePoint($0, setup).ideal[0] }
}

/// Seconds per call of `body`, called once to see how long it takes and then repeated for at
/// least `minimum` seconds.
func secondsPerCall(atLeast minimum: Double, _ body: () -> [Double]) -> Double {
  var start = now()
  blackHole(body())
  let reps = max(1, Int((minimum / max(now() - start, 1e-9)).rounded(.up)))
  start = now()
  for _ in 0..<reps { blackHole(body()) }
  return (now() - start) / Double(reps)
}

/// The Arb rows at `bits`, or nil without the Arb floor. Results are compared point by point
/// first; then LossLab fixed, LossLab certified and Arb (its own timing, in a child) are timed
/// in turn, best of `plan.runs` rounds. A case whose child fails is a row of NaNs saying so.
func arbRows(points: Int, bits: Int, plan: TimingPlan) -> [ArbRow]? {
  guard FileManager.default.isExecutableFile(atPath: arbFloor) else { return nil }
  let file = FileManager.default.temporaryDirectory.appendingPathComponent(
    "losslab-bench-points-\(getpid())"
  ).path
  defer { unlink(file) }
  var rows: [ArbRow] = []
  for c in arbCases {
    func row(_ fixed: Double, _ certified: Double, _ arb: Double, _ note: String) -> ArbRow {
      ArbRow(
        name: "ref/Arb \(c.name)", bits: bits, points: points, fixedSeconds: fixed,
        certifiedSeconds: certified, arbSeconds: arb, note: note)
    }
    let failed = row(
      .nan, .nan, .nan, "FAILED: \(arbFloor) \(c.loss.rawValue) \(bits) on \(points) points")
    func arb(_ seconds: Double) -> ArbOutput? {
      let runs = seconds > 0 ? "1" : "0"
      return childOutput([arbFloor, c.loss.rawValue, "\(bits)", file, "\(seconds)", runs])
        .flatMap { ArbOutput($0, points: points) }
    }
    let all = c.inputs(points)
    guard (try? arbPointsText(all).write(toFile: file, atomically: false, encoding: .utf8)) != nil,
      let arbResult = arb(0)
    else {
      rows.append(failed)
      continue
    }
    let batches = singleExamplePoints(all)
    let fixed = lossLabPoints(c.formula, batches, .fixed(bits))
    let certified = lossLabPoints(c.formula, batches, .standard)
    let differing = (0..<points).filter {
      fixed[$0].bitPattern != arbResult.values[$0].bitPattern
        || certified[$0].bitPattern != arbResult.values[$0].bitPattern
    }
    var note = "same doubles"
    if let first = differing.first {
      note =
        "DIFFERS at \(differing.count) of \(points) points, first \(first): fixed \(fixed[first]), "
        + "certified \(certified[first]), Arb \(arbResult.values[first])"
    }
    if arbResult.retried > 0 || arbResult.uncertified > 0 {
      note += "; Arb retried \(arbResult.retried), uncertified \(arbResult.uncertified)"
    }
    var best = (fixed: Double.infinity, certified: Double.infinity, arb: Double.infinity)
    var timed = true
    for _ in 0..<max(plan.runs, 1) {
      let fixedPass = secondsPerCall(atLeast: plan.minimumSeconds) {
        lossLabPoints(c.formula, batches, .fixed(bits))
      }
      let certifiedPass = secondsPerCall(atLeast: plan.minimumSeconds) {
        lossLabPoints(c.formula, batches, .standard)
      }
      // The child times itself (its start-up and reading the points are not counted).
      guard let arbPoint = arb(max(plan.minimumSeconds, 1e-6))?.secondsPerPoint else {
        timed = false
        break
      }
      best.fixed = min(best.fixed, fixedPass / Double(points))
      best.certified = min(best.certified, certifiedPass / Double(points))
      best.arb = min(best.arb, arbPoint)
    }
    rows.append(timed ? row(best.fixed, best.certified, best.arb, note) : failed)
  }
  return rows
}

/// The Arb rows in the table's style, microseconds per point; a line saying why when absent.
func printArbRows(_ rows: [ArbRow]?) {
  let header =
    padded("case", 40) + padded("format", 10) + padded("fixed µs/pt", 12, right: true)
    + padded("certified µs/pt", 16, right: true) + padded("Arb µs/pt", 10, right: true)
    + padded("cert/Arb", 9, right: true) + "  goal     "
  print("the reference per single-example point, fixed and certified, against Arb's balls:")
  print(header + "note")
  print(String(repeating: "-", count: header.count + 12))
  guard let rows else {
    print(padded("ref/Arb", 40) + "(no \(arbFloor): make bench)")
    return
  }
  for row in rows {
    print(
      padded(row.name, 40) + padded("\(row.bits) bits", 10)
        + padded(formatted(row.fixedSeconds * 1e6, 2), 12, right: true)
        + padded(formatted(row.certifiedSeconds * 1e6, 2), 16, right: true)
        + padded(formatted(row.arbSeconds * 1e6, 2), 10, right: true)
        + padded(formatted(row.ratio, 1) + "x", 9, right: true)
        + "  <= " + formatted(row.goal, 1) + "x " + (row.passes ? "PASS " : "MISS ")
        + row.note)
  }
}
