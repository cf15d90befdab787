import AllocationCounter
import LossLabLosses
import LossLabMeasurement

/// Heap allocations (malloc, calloc, realloc, aligned) per example, after warm-up, each from the
/// difference of two batch sizes so that per-call costs (the total's register) cancel.
///
/// MPFR allocates by itself inside some functions (exp and log at these precisions take GMP
/// temporaries), so the C floor's count is the baseline: LossLab's own allocations are what it
/// makes beyond the floor.
struct AllocationCount {
  var name: String
  var bits: Int
  /// The runner's path (`streamingIdeal`), at this fixed precision; and with the certified
  /// adaptive reference, in the rows of the precision it settles at (128 bits for these batches).
  var streaming: Double
  var adaptive: Double?
  /// The reference arithmetic alone (`idealExampleLoss` on rows already in MPFR).
  var arena: Double
  /// The C floor: the same MPFR calls on preallocated variables.
  var floor: Double
  var mpfrCallsPerElement: Int

  var streamingOwn: Double { max(streaming, adaptive ?? 0) - floor }
  /// The arena path makes no mpfr_set_d calls, so it may allocate less than the floor.
  var arenaOwn: Double { max(0, arena - floor) }
}

func countAllocations(_ body: () -> Void) -> Int {
  let before = allocation_count()
  body()
  return Int(allocation_count() - before)
}

/// Allocations per example of `pass`, from batches of `small` and `large` examples.
func perElement(small: Int, large: Int, _ pass: (Int) -> Void) -> Double {
  pass(small)  // warm-up
  pass(large)
  let a = countAllocations { pass(small) }, b = countAllocations { pass(large) }
  return Double(b - a) / Double(large - small)
}

func allocationCounts(small: Int = 1000, large: Int = 3000) -> [AllocationCount] {
  var counts: [AllocationCount] = []
  for bits in [128, 256] {
    for c in ReferenceCase.all {
      let batches = [small: c.inputs(small), large: c.inputs(large)]
      var sink = 0.0
      let streaming = perElement(small: small, large: large) {
        sink += lossLabReference(c.formula, on: batches[$0]!, bits: bits)
      }
      let adaptive =
        bits != ReferencePrecision.standard.start ? nil
        : perElement(small: small, large: large) {
          sink += lossLabReference(c.formula, on: batches[$0]!, bits: bits, adaptive: true)
        }
      let floor = perElement(small: small, large: large) { sink += c.floor(batches[$0]!, bits) }
      let arena = perElement(small: small, large: large) { n in
        withArenaReference(c.loss, on: batches[n]!, bits: bits) { pass in sink += pass() }
      }
      blackHole(sink)
      counts.append(
        AllocationCount(
          name: c.name, bits: bits, streaming: streaming, adaptive: adaptive, arena: arena,
          floor: floor, mpfrCallsPerElement: c.mpfrCallsPerElement))
    }
  }
  return counts
}

func printAllocations(_ counts: [AllocationCount]) {
  print(
    padded("allocations per element, after warm-up", 40) + padded("format", 10)
      + padded("streaming", 10, right: true) + padded("adaptive", 9, right: true)
      + padded("arena", 8, right: true)
      + padded("C floor", 9, right: true) + padded("LossLab's own", 15, right: true)
      + padded("per MPFR call", 15, right: true) + "  goal 0")
  for c in counts {
    print(
      padded(c.name, 40) + padded("\(c.bits) bits", 10)
        + padded(formatted(c.streaming, 2), 10, right: true)
        + padded(c.adaptive.map { formatted($0, 2) } ?? "-", 9, right: true)
        + padded(formatted(c.arena, 2), 8, right: true)
        + padded(formatted(c.floor, 2), 9, right: true)
        + padded(formatted(c.streamingOwn, 2), 15, right: true)
        + padded(formatted(c.streamingOwn / Double(c.mpfrCallsPerElement), 3), 15, right: true)
        + "  " + (c.streamingOwn <= 0 ? "PASS" : "MISS")
        + (c.arenaOwn > 0 ? " (arena path: \(formatted(c.arenaOwn, 2)) beyond the floor)" : ""))
  }
  print(
    "streaming = streamingIdeal (the runner's path) at the precision shown; adaptive = the same"
      + " with the certified adaptive\nreference; arena = idealExampleLoss on rows already in MPFR;"
      + " LossLab's own = the larger of streaming and adaptive\n- C floor (MPFR's exp/log allocate"
      + " GMP temporaries by themselves).")
}
