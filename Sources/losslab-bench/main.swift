// losslab-bench: LossLab's speed against floors, side by side, in one run (`make bench`).
//
//   reference   measurePoint's streamingIdeal at 128 and 256 bits (the runner's reference path,
//               balls at a fixed precision) against the same MPFR calls in C on preallocated
//               variables (MPFRFloor); both must give the same double; goal <= 1.3x
//   adaptive    single-example points measured with the certified adaptive reference against
//               a fixed 256 bits (the same points, formats and figures); no goal (the
//               exhaustive sweep's certified/fixed 128 row below holds the reference's cost)
//   Arb         the reference per single-example point (bce-logits, sparse-cce-logits over 10
//               classes), at 128 bits and certified, against Arb's certified balls on the same
//               points (Bench/arb_floor.c, compiled by `make bench` into .build/arb-floor and
//               run as a child; skipped without it); the same doubles first; goal certified
//               <= 2x Arb
//   native      evaluate(...) in Float and Float16 against a plain loop with the same
//               arithmetic (checked bit for bit first); goal <= 1.2x
//   expressions a loss written as an expression against its built-in twin (same bits first):
//               native Float and Float16 (goal <= 10x) and the reference at 128 bits (goal
//               <= 1.5x); the floor column is the built-in
//   allocations malloc/calloc/realloc per example after warm-up beyond the C floor's (MPFR's
//               exp and log allocate by themselves) (AllocationCounter); goal 0
//   suite       the default suite (Experiments/) in process: its largest spec on 2 threads
//               against 1 (goal >= 1.8x) and its wall time (goal < 3 minutes); the exhaustive
//               float16 sweep (Bench/exhaustive-float16.yaml), 2 threads: its rate (goal 2x
//               issue 14's 13.8k points/s) and certified against fixed 128 bits (goal <= 1.2x);
//               not with --quick or --native
//   processes   `losslab run bce-logits` (1 thread) against NumPy + mpmath doing the same work
//               (Bench/bce_logits_mpmath.py, goal >= 10x faster); peak memory of the suite on 2
//               threads and of reductions-drift on 1 and 2 threads (see ProcessBench.swift)
//
// Options: --quick (tiny batches, one run: for tests), --native (only the native section and
// the Float16 against Float table), --reference (only the reference rows against the C
// floor), --expressions (only the expression section), --arb (only the Arb rows),
// --check-allocations (only the allocation counts; exits 1 when the reference
// arithmetic allocates per example beyond what MPFR does in the C floor), --profile LOSS
// (LossLab's reference for one loss at 256 bits, over and over for 5 s: for perf record).
#if canImport(Glibc)
import Glibc
#endif

let usage = "usage: losslab-bench [--quick] [--native] [--reference] [--expressions] [--arb] [--check-allocations] [--profile bce|bce-logits|mse|sparse-cce-logits]"
let argumentList = Array(CommandLine.arguments.dropFirst())
if let index = argumentList.firstIndex(of: "--profile") {
  guard index + 1 < argumentList.count,
    let c = ReferenceCase.all.first(where: { $0.loss.rawValue == argumentList[index + 1] })
  else {
    print("error: --profile needs a loss: bce, bce-logits, mse or sparse-cce-logits")
    exit(2)
  }
  let batch = c.inputs(20_000)
  var sink = 0.0
  let start = now()
  while now() - start < 5 { sink += lossLabReference(c.formula, on: batch, bits: 256) }
  blackHole(sink)
  exit(0)
}
let arguments = Set(argumentList)
let known: Set = ["--quick", "--native", "--reference", "--expressions", "--arb", "--check-allocations", "--help"]
if let unknown = arguments.subtracting(known).first {
  print("error: unknown option '\(unknown)'; \(usage)")
  exit(2)
}
if arguments.contains("--help") {
  print(usage)
  exit(0)
}

if arguments.contains("--check-allocations") {
  let counts = allocationCounts()
  printAllocations(counts)
  let streaming = counts.map(\.streamingOwn).max() ?? 0
  let arena = counts.map(\.arenaOwn).max() ?? 0
  print("LossLab's own allocations per element, at most: streamingIdeal \(streaming) arena \(arena)")
  exit(arena == 0 && streaming == 0 ? 0 : 1)
}

let quick = arguments.contains("--quick")
let plan = quick ? TimingPlan.quick : TimingPlan()
let nativeN = quick ? 500 : 100_000
let referenceN = quick ? 50 : 20_000
let arbPoints = quick ? 20 : 2_000
if arguments.contains("--expressions") {
  printExpressionRows(nativeN: nativeN, referenceN: referenceN, plan: plan)
  exit(0)
}
if arguments.contains("--reference") {
  printTable(referenceRows(n: referenceN, plan: plan))
  exit(0)
}
if arguments.contains("--arb") {
  printArbRows(arbRows(points: arbPoints, bits: 128, plan: plan))
  exit(0)
}
let nativeOnly = arguments.contains("--native")

print(
  "losslab-bench: best of \(plan.runs) runs, each at least \(plan.minimumSeconds) s; "
    + "native n = \(nativeN), reference n = \(referenceN)")
// The whole-process rows first, while this process is small: Linux carries a process's peak
// memory across execve into the programs it spawns (see `runChild`).
let processes = nativeOnly || quick ? nil : processRows(runs: min(plan.runs, 3))
let native = nativeRows(n: nativeN, plan: plan)
let reference = nativeOnly ? [] : referenceRows(n: referenceN, plan: plan)
let adaptive = nativeOnly ? [] : adaptiveRows(points: quick ? 20 : 2_000, plan: plan)
let arb = nativeOnly ? nil : arbRows(points: arbPoints, bits: 128, plan: plan)
print()
printTable(reference + native)
if !nativeOnly {
  print()
  printExpressionRows(nativeN: nativeN, referenceN: referenceN, plan: plan)
  print()
  print("the certified adaptive reference (LossLab column) against a fixed 256 bits (floor column):")
  printTable(adaptive)
  print()
  printArbRows(arb)
}

print()
print(padded("Float16 against Float (LossLab)", 38) + "Float ns/el  Float16 ns/el  ratio")
for pair in stride(from: 0, to: native.count - 1, by: 2) {
  let f32 = native[pair], f16 = native[pair + 1]
  let ns32 = f32.lossLabSeconds / Double(f32.elements) * 1e9
  let ns16 = f16.lossLabSeconds / Double(f16.elements) * 1e9
  print(
    padded(f32.name, 38) + padded(formatted(ns32, 2), 11, right: true)
      + padded(formatted(ns16, 2), 14, right: true)
      + padded(formatted(ns16 / ns32, 2) + "x", 7, right: true))
}

if !nativeOnly {
  print()
  printAllocations(quick ? allocationCounts(small: 100, large: 300) : allocationCounts())
}

if !nativeOnly && !quick {
  print()
  do {
    printSuite(try suiteTimes(directory: "Experiments", exhaustive: "Bench/exhaustive-float16.yaml"))
  } catch {
    print("error: the suite section needs Experiments/ and Bench/ (run from the repository): \(error)")
    exit(2)
  }
}
if let processes {
  print()
  printProcessRows(processes)
}
