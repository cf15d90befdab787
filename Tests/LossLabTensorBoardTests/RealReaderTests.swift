import Foundation
import LossLabOutput
import LossLabRunner
import Testing

@testable import LossLabTensorBoard

@Suite("TensorBoard's own reader reads the export", .serialized)
struct RealReaderTests {
  static func result() throws -> ExperimentResult {
    let spec = try SpecParser(file: "Experiments/tensorboard-test.yaml").parse(
      """
      question: Does TensorBoard read the precision table back?
      formats: [float16, float32]
      cases:
        - name: logits
          losses: [bce-logits/naive, bce-logits/stable]
          points: 50
          inputs:
            y_true: {sweep: [0, 1]}
            y_pred: {grid: {from: 1, to: 100, count: 50, spacing: log, signs: negative}}
        - name: sums
          losses: [identity]
          reduction: [sum, mean]
          summation: [recursive, kahan]
          n: [16, 256, 4096]
          points: 2
          inputs: {y_pred: {uniform: {from: 0, to: 1}}}
      """)
    return ExperimentRunner(threads: 1, quick: false).run(spec)
  }

  static func temporaryDirectory(_ name: String) -> String {
    FileManager.default.temporaryDirectory.appendingPathComponent("\(name)-\(getpid())").path
  }

  @Test("Every finite max_ulp of the CSV comes back from EventAccumulator, at the row's step")
  func maxULPMatchesCSV() throws {
    let result = try Self.result()
    let directory = Self.temporaryDirectory("losslab-tb-reader")
    defer { try? FileManager.default.removeItem(atPath: directory) }
    try TensorBoardExport.write(result, to: directory)
    let runs = try TensorBoardReader.read(directory)
    #expect(runs.keys.sorted() == ["float16", "float32"])

    let lines = CSVTable.render(result).split(separator: "\n").dropFirst()
    let column = try #require(CSVTable.columns.firstIndex(of: "max_ulp"))
    let placements = SweepCurves.place(result.rows)
    var finite = 0
    var nonfinite = 0
    for (index, line) in lines.enumerated() {
      let row = result.rows[index]
      let place = placements[index]
      let run = runs[row.format.rawValue] as? [String: Any]
      let scalars = run?["scalars"] as? [String: [[Double]]] ?? [:]
      let points = scalars[place.stem + "/max_ulp"] ?? []
      let read = points.first { $0[0] == Double(place.step) }?[1]
      guard let csvValue = Double(csvFields(line)[column]), csvValue.isFinite else {
        #expect(read == nil, "\(place.stem): a non-finite max_ulp is left out")
        nonfinite += 1
        continue
      }
      finite += 1
      // simple_value is a float32: it holds the Double to within 2^-24 relative, so 1e-6.
      let exact = row.statistics.maxULP
      let value = try #require(read, "\(place.stem) step \(place.step) missing")
      #expect(abs(value - exact) <= 1e-6 * abs(exact), "\(place.stem) step \(place.step)")
      // The CSV prints 4 significant digits.
      #expect(abs(value - csvValue) <= 6e-4 * abs(value), "\(place.stem) step \(place.step)")
      let nonfinitePoints = scalars[place.stem + "/nonfinite_points"]?.first {
        $0[0] == Double(place.step)
      }
      #expect(
        nonfinitePoints?[1] == Double(row.statistics.count(.nan) + row.statistics.count(.overflow)))
    }
    #expect(finite > 0)
    #expect(nonfinite > 0, "the naive float16 formula overflows: the skip is exercised")
  }

  @Test("Each row's log2-ULP histogram counts exactly its points")
  func histogramsCountThePoints() throws {
    let result = try Self.result()
    let directory = Self.temporaryDirectory("losslab-tb-histograms")
    defer { try? FileManager.default.removeItem(atPath: directory) }
    try TensorBoardExport.write(result, to: directory)
    let runs = try TensorBoardReader.read(directory)
    for (row, place) in zip(result.rows, SweepCurves.place(result.rows)) {
      let run = runs[row.format.rawValue] as? [String: Any]
      let histograms = run?["histograms"] as? [String: [[Any]]] ?? [:]
      let entry = try #require(
        histograms[place.stem + "/log2_ulp"]?.first { ($0[0] as? Double) == Double(place.step) },
        "\(place.stem) step \(place.step)")
      let counts = entry[3] as? [Double] ?? []
      #expect(entry[1] as? Double == Double(row.statistics.points))
      #expect(counts.reduce(0, +) == Double(row.statistics.points))
    }
  }

  @Test("Reductions step along log2 n; the description maps steps to n")
  func reductionSteps() throws {
    let result = try Self.result()
    let directory = Self.temporaryDirectory("losslab-tb-steps")
    defer { try? FileManager.default.removeItem(atPath: directory) }
    try TensorBoardExport.write(result, to: directory)
    let runs = try TensorBoardReader.read(directory)
    let run = try #require(runs["float16"] as? [String: Any])
    let tag = "tensorboard-test/sums/identity-standard/kahan/reduction=sum/max_ulp"
    let scalars = try #require(run["scalars"] as? [String: [[Double]]])
    #expect(scalars[tag]?.map { $0[0] } == [4, 8, 12])
    let descriptions = try #require(run["descriptions"] as? [String: String])
    #expect(
      descriptions[tag]
        == "step = log2(n), rounded: step 4 = n 16, step 8 = n 256, step 12 = n 4096")
    let logits = "tensorboard-test/logits/bce-logits-stable/mean_ulp"
    #expect(descriptions[logits] == "step 0 = y_true 0, step 1 = y_true 1")
  }

  @Test("Loss curves land in their runs beside the tables: formats and the reference")
  func lossCurves() throws {
    let directory = Self.temporaryDirectory("losslab-tb-curves")
    defer { try? FileManager.default.removeItem(atPath: directory) }
    try TensorBoardExport.write(try Self.result(), to: directory)
    try TensorBoardExport.write(
      curves: [
        RunningLossCurve(
          experiment: "running-loss", series: "loss", format: nil, steps: [0, 1],
          values: [0.75, 0.5]),
        RunningLossCurve(
          experiment: "running-loss", series: "loss", format: .float16, steps: [0, 1],
          values: [0.75, 0.5009765625]),
        RunningLossCurve(
          experiment: "running-loss", series: "loss_ema", format: .float16, steps: [0, 1],
          values: [0.75, .infinity]),
      ], to: directory)
    let runs = try TensorBoardReader.read(directory)
    let reference = (runs["reference"] as? [String: Any])?["scalars"] as? [String: [[Double]]]
    let float16 = (runs["float16"] as? [String: Any])?["scalars"] as? [String: [[Double]]]
    #expect(reference?["running-loss/loss"] == [[0, 0.75], [1, 0.5]])
    #expect(float16?["running-loss/loss"] == [[0, 0.75], [1, 0.5009765625]])
    #expect(float16?["running-loss/loss_ema"] == [[0, 0.75]], "the infinite point is left out")
    #expect(
      float16?["tensorboard-test/sums/identity-standard/kahan/reduction=sum/max_ulp"]?.count == 3)
  }
}
