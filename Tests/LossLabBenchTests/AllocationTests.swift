import Foundation
import Testing

/// Runs the built `losslab-bench` (beside the test bundle; `swift test` builds every product).
func runBench(_ arguments: [String]) throws -> (status: Int32, output: String) {
  var directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
  while !FileManager.default.fileExists(atPath: directory.appendingPathComponent("losslab-bench").path),
    directory.path != "/"
  {
    directory.deleteLastPathComponent()
  }
  let process = Process()
  process.executableURL = directory.appendingPathComponent("losslab-bench")
  process.arguments = arguments
  let out = Pipe()
  process.standardOutput = out
  try process.run()
  let data = out.fileHandleForReading.readDataToEndOfFile()
  process.waitUntilExit()
  return (process.terminationStatus, String(decoding: data, as: UTF8.self))
}

@Test("The reference's MPFR arithmetic allocates nothing per example after warm-up")
func arenaPathAllocatesNothing() throws {
  let (status, output) = try runBench(["--check-allocations"])
  #expect(status == 0, "\(output)")
  let summary = output.split(separator: "\n").first { $0.hasPrefix("LossLab's own allocations per element") }
  #expect(summary != nil, "\(output)")
  // The runner's path (streamingIdeal, at a fixed precision and adaptive): rows are loaded into
  // one reused row, values live in the arena, sums in place; only MPFR's own exp/log
  // temporaries allocate, as in the C floor.
  let streaming = summary.flatMap { line in
    line.split(separator: " ").firstIndex(of: "streamingIdeal").map {
      Double(line.split(separator: " ")[$0 + 1].trimmingCharacters(in: .punctuationCharacters))
    }
  } ?? nil
  #expect(streaming == 0, "\(output)")
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
