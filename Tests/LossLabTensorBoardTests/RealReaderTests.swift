import Foundation
import LossLabOutput
import LossLabRunner
import Testing

@testable import LossLabTensorBoard

@Suite("TensorBoard's own reader reads the export", .serialized)
struct RealReaderTests {
  /// 2026-01-01 00:00 UTC, the files' wall time.
  static let startTime = 1_767_225_600.0

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
        - name: kl
          losses: [kl]
          classes: 2
          points: 20
          eps: [1e-1, 1e-8, 0, 1e-4]
          inputs:
            y_true: {values: [0, 1]}
            y_pred: {sigmoid-normal: {mean: 4, std: 4}}
      """)
    return ExperimentRunner(threads: 1, quick: false).run(spec)
  }

  /// The result exported into a fresh directory and read back by TensorBoard.
  static func readBack(_ name: String) throws -> (ExperimentResult, [String: TensorBoardReader.Run])
  {
    let result = try Self.result()
    let directory = temporaryDirectory(name)
    defer { try? FileManager.default.removeItem(atPath: directory) }
    try TensorBoardExport.write(result, to: directory, startTime: startTime)
    return (result, try TensorBoardReader.read(directory))
  }

  static func temporaryDirectory(_ name: String) -> String {
    FileManager.default.temporaryDirectory.appendingPathComponent("\(name)-\(getpid())").path
  }

  /// Equal as TensorBoard keeps the figure: NaN for NaN, the same infinity, and a finite figure
  /// within float32's rounding (2^-24 relative, so 1e-6).
  static func same(_ read: Double, _ table: Double) -> Bool {
    if table.isNaN { return read.isNaN }
    if table.isInfinite { return read == table }
    return abs(read - table) <= 1e-6 * abs(table)
  }

  @Test("Every scalar of the table comes back at its row's step, NaN and inf as NaN and inf")
  func scalarsMatchTheTable() throws {
    let (result, runs) = try Self.readBack("losslab-tb-scalars")
    #expect(runs.keys.sorted() == ["float16", "float32"])
    let lines = CSVTable.render(result).split(separator: "\n").dropFirst()
    var nan = 0
    var infinite = 0
    var checkedAgainstCSV: Set<String> = []
    for ((row, place), line) in zip(zip(result.rows, SweepCurves.place(result.rows)), lines) {
      let run = try #require(runs[row.format.rawValue])
      let fields = csvFields(line)
      for measure in ScalarMeasure.all {
        let tag = place.stem + "/" + measure.name
        let points = run.scalars[tag] ?? []
        let read = try #require(points.first { $0.step == place.step }, "\(tag) \(place.step)")
        let table = measure.value(row.statistics)
        #expect(Self.same(read.value, table), "\(tag) step \(place.step): \(read.value) \(table)")
        if read.value.isNaN { nan += 1 }
        if read.value.isInfinite { infinite += 1 }
        // The CSV's column of the same name, as printed (4 significant digits, nan, inf).
        if let column = CSVTable.columns.firstIndex(of: measure.name) {
          let csv = try #require(Double(fields[column]))
          let agrees =
            csv.isFinite ? abs(read.value - csv) <= 6e-4 * abs(csv) : Self.same(read.value, csv)
          #expect(agrees, "\(tag) step \(place.step): \(read.value), the CSV \(csv)")
          checkedAgainstCSV.insert(measure.name)
        }
      }
      let nonfinite = try #require(run.scalars[place.stem + "/nonfinite_points"]?.first {
        $0.step == place.step
      })
      let counts = ["nan", "overflow"].map { fields[CSVTable.columns.firstIndex(of: $0)!] }
      #expect(nonfinite.value == counts.map { Double($0)! }.reduce(0, +))
    }
    #expect(checkedAgainstCSV.isSuperset(of: ["max_ulp", "mean_ulp", "p99_ulp", "max_rel_error"]))
    #expect(nan > 0, "kl in float16 at eps 1e-8 and 0 has no finite error: mean_ulp is NaN")
    #expect(infinite > 0, "the naive float16 formula overflows: max_ulp is inf")
    let float16 = try #require(runs["float16"])
    let mean = try #require(float16.scalars["tensorboard-test/kl/kl-keras/mean_ulp"])
    #expect(mean.contains { $0.value.isNaN }, "never 0 for no finite value")
    #expect(!mean.contains { $0.value == 0 })
  }

  @Test("Steps are meaningful and in sweep order: log10 eps (0 one below), log2 n, y_true itself")
  func steps() throws {
    let (_, runs) = try Self.readBack("losslab-tb-steps")
    let run = try #require(runs["float16"])
    let eps = "tensorboard-test/kl/kl-keras"
    #expect(run.scalars[eps + "/max_ulp"]?.map(\.step) == [-9, -8, -4, -1])
    #expect(
      run.texts[eps + "/sweep"]?.map { "\($0.step): \($0.text)" }
        == ["-9: eps = 0", "-8: eps = 1e-8", "-4: eps = 1e-4", "-1: eps = 1e-1"])
    let description = try #require(run.descriptions[eps + "/max_ulp"])
    #expect(description.hasPrefix("Largest ULP error"))
    #expect(
      description.hasSuffix(
        """
        The step is log10 of `eps` (its decade). `eps` = 0 has no log10: it is step -9, one \
        below the smallest.

        | step | eps |
        |---:|---:|
        | -9 | 0 |
        | -8 | 1e-8 |
        | -4 | 1e-4 |
        | -1 | 1e-1 |
        """))

    let sums = "tensorboard-test/sums/identity-standard/kahan/reduction=sum"
    #expect(run.scalars[sums + "/max_ulp"]?.map(\.step) == [4, 8, 12])
    #expect(
      run.descriptions[sums + "/p99_ulp"]?.hasSuffix(
        "The step is log2 of `n`.\n\n| step | n |\n|---:|---:|\n| 4 | 16 |\n| 8 | 256 |\n| 12 | 4096 |")
        == true)
    let logits = "tensorboard-test/logits/bce-logits-stable"
    #expect(run.scalars[logits + "/mean_ulp"]?.map(\.step) == [0, 1])
    #expect(run.descriptions[logits + "/sweep"]?.contains("The step is the value of `y_true`.") == true)
    // Every tag of every run carries the step table.
    for run in runs.values {
      for tag in Set(run.scalars.keys).union(run.histograms.keys).union(run.texts.keys) {
        #expect(run.descriptions[tag]?.contains("| step |") == true, "\(tag)")
      }
    }
  }

  @Test("Wall times are the export's time, a millisecond apart in step order, not the step")
  func wallTimes() throws {
    let (_, runs) = try Self.readBack("losslab-tb-wall-times")
    for run in runs.values {
      for (tag, points) in run.scalars {
        for point in points {
          #expect(point.wallTime > Self.startTime && point.wallTime < Self.startTime + 1, "\(tag)")
          #expect(point.wallTime != Double(point.step))
        }
        #expect(zip(points, points.dropFirst()).allSatisfy { $0.wallTime < $1.wallTime }, "\(tag)")
      }
    }
  }

  @Test("Each row's log2-ULP histogram counts its points; exact results are the bucket -41 to -40")
  func histograms() throws {
    let (result, runs) = try Self.readBack("losslab-tb-histograms")
    var rowsWithExact = 0
    for (row, place) in zip(result.rows, SweepCurves.place(result.rows)) {
      let run = try #require(runs[row.format.rawValue])
      let tag = place.stem + "/log2_ulp"
      let buckets = try #require(
        run.histograms[tag]?.first { $0.step == place.step }?.buckets, "\(tag) \(place.step)")
      #expect(buckets.map { $0[2] }.reduce(0, +) == Double(row.statistics.points))
      let exact = row.statistics.histogram[ULPHistogram.zeroBin] ?? 0
      #expect(buckets.first { $0[0] == -41 && $0[1] == -40 }?[2] ?? 0 == Double(exact), "\(tag)")
      if exact > 0 { rowsWithExact += 1 }
      #expect(run.descriptions[tag]?.contains("**−41 to −40 holds the exact results**") == true)
    }
    #expect(rowsWithExact > 0)
  }

  @Test("Loss curves land in their runs beside the tables, infinite points included")
  func lossCurves() throws {
    let directory = Self.temporaryDirectory("losslab-tb-curves")
    defer { try? FileManager.default.removeItem(atPath: directory) }
    try TensorBoardExport.write(try Self.result(), to: directory, startTime: Self.startTime)
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
      ], to: directory, startTime: Self.startTime)
    let runs = try TensorBoardReader.read(directory)
    func values(_ run: String, _ tag: String) -> [[Double]]? {
      runs[run]?.scalars[tag]?.map { [Double($0.step), $0.value] }
    }
    #expect(values("reference", "running-loss/loss") == [[0, 0.75], [1, 0.5]])
    #expect(values("float16", "running-loss/loss") == [[0, 0.75], [1, 0.5009765625]])
    #expect(values("float16", "running-loss/loss_ema") == [[0, 0.75], [1, .infinity]])
    #expect(
      runs["float16"]?.scalars["tensorboard-test/sums/identity-standard/kahan/reduction=sum/max_ulp"]?
        .count == 3)
  }
}
