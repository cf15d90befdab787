import AllocationCounter
import LossLabLosses

/// Heap allocations (malloc, calloc, realloc, aligned) per example, after a warm-up pass.
struct AllocationCount {
  var name: String
  var bits: Int
  /// Allocations per example of the runner's path (`streamingIdeal`), from the difference of
  /// two batch sizes, so that per-call costs (the total's register) cancel.
  var streamingPerElement: Double
  /// Allocations per example of the arena path (`idealExampleLoss` on MPFR rows), whole pass.
  var arenaPerElement: Double
  var mpfrCallsPerElement: Int
}

func countAllocations(_ body: () -> Void) -> Int {
  let before = allocation_count()
  body()
  return Int(allocation_count() - before)
}

func allocationCounts(small: Int = 1000, large: Int = 3000) -> [AllocationCount] {
  var counts: [AllocationCount] = []
  for bits in [128, 256] {
    for c in ReferenceCase.all {
      let smallBatch = c.inputs(small), largeBatch = c.inputs(large)
      var sink = 0.0
      sink += lossLabReference(c.loss, on: smallBatch, bits: bits)  // warm-up
      sink += lossLabReference(c.loss, on: largeBatch, bits: bits)
      let smallCount = countAllocations { sink += lossLabReference(c.loss, on: smallBatch, bits: bits) }
      let largeCount = countAllocations { sink += lossLabReference(c.loss, on: largeBatch, bits: bits) }
      let arena = withArenaReference(c.loss, on: largeBatch, bits: bits) { pass in
        sink += pass()  // warm-up: the arena grows to its high-water mark here
        return countAllocations { sink += pass() }
      }
      blackHole(sink)
      counts.append(
        AllocationCount(
          name: c.name, bits: bits,
          streamingPerElement: Double(largeCount - smallCount) / Double(large - small),
          arenaPerElement: Double(arena) / Double(large),
          mpfrCallsPerElement: c.mpfrCallsPerElement))
    }
  }
  return counts
}

func printAllocations(_ counts: [AllocationCount]) {
  print(
    padded("allocations after warm-up", 46) + padded("format", 10)
      + padded("per element", 13, right: true) + padded("per MPFR call", 15, right: true)
      + "  goal")
  for c in counts {
    for (path, perElement) in [
      ("streamingIdeal", c.streamingPerElement), ("arena (MPFR rows)", c.arenaPerElement),
    ] {
      print(
        padded("\(path): \(c.name)", 46) + padded("\(c.bits) bits", 10)
          + padded(formatted(perElement, 2), 13, right: true)
          + padded(formatted(perElement / Double(c.mpfrCallsPerElement), 3), 15, right: true)
          + "  0 " + (perElement == 0 ? "PASS" : "MISS"))
    }
  }
}
