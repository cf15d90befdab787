import Foundation
import Testing

/// Runs `executable`, or else the built `losslab-bench` beside the test bundle (`swift test`
/// builds every product).
func runBench(_ arguments: [String], executable: String? = nil) throws
  -> (status: Int32, output: String)
{
  var directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
  while !FileManager.default.fileExists(atPath: directory.appendingPathComponent("losslab-bench").path),
    directory.path != "/"
  {
    directory.deleteLastPathComponent()
  }
  let process = Process()
  process.executableURL = executable.map { URL(fileURLWithPath: $0) }
    ?? directory.appendingPathComponent("losslab-bench")
  process.arguments = arguments
  let out = Pipe()
  process.standardOutput = out
  try process.run()
  let data = out.fileHandleForReading.readDataToEndOfFile()
  process.waitUntilExit()
  return (process.terminationStatus, String(decoding: data, as: UTF8.self))
}

/// The release bench that `make test` builds (`LOSSLAB_RELEASE_BENCH`).
let releaseBench = ProcessInfo.processInfo.environment["LOSSLAB_RELEASE_BENCH"]

@Test(
  "The reference allocates nothing per example after warm-up beyond MPFR's own (release build)",
  .enabled(if: releaseBench != nil, "needs LOSSLAB_RELEASE_BENCH: run `make test`"))
func referenceAllocatesNothing() throws {
  let (status, output) = try runBench(["--check-allocations"], executable: releaseBench)
  #expect(status == 0, "\(output)")
  let summary = output.split(separator: "\n").first { $0.hasPrefix("LossLab's own allocations per element") }
  #expect(summary != nil, "\(output)")
  // The runner's path (streamingIdeal, at a fixed precision and adaptive) and the arithmetic
  // alone: rows are loaded into one reused row, values live in the arena, sums in place; only
  // MPFR's own exp/log temporaries allocate, as in the C floor.
  let words = summary.map { $0.split(separator: " ") } ?? []
  for label in ["streamingIdeal", "arena"] {
    let value = words.firstIndex(of: Substring(label)).map { Double(words[$0 + 1]) } ?? nil
    #expect(value == 0, "\(label): \(output)")
  }
}

@Test("losslab-bench --quick runs every case and prints the table")
func quickBenchRuns() throws {
  let (status, output) = try runBench(["--quick"])
  #expect(status == 0, "\(output)")
  #expect(output.contains("ref sparse-cce-logits"))
  #expect(output.contains("native bce-logits stable"))
  #expect(!output.contains("DIFFERS"))
}

@Test("losslab-bench --native runs only the native rows")
func nativeBenchRuns() throws {
  let (status, output) = try runBench(["--quick", "--native"])
  #expect(status == 0, "\(output)")
  #expect(output.contains("native bce-logits stable"))
  #expect(!output.contains("ref "))
  #expect(!output.contains("allocations per element"))
}
