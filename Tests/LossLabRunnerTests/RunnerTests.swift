import LossLabFormats
import LossLabLosses
import LossLabMeasurement
import Testing

@testable import LossLabRunner

@Suite("Experiment runner")
struct RunnerTests {
  func spec(_ text: String) throws -> ExperimentSpec {
    try SpecParser(file: "Experiments/runner-test.yaml").parse(text)
  }

  static let sample = """
    question: q
    losses: [bce-logits/naive, bce-logits/stable, mse]
    points: 300
    n: [1, 8]
    inputs:
      y_pred: {normal: {mean: 0, std: 6}}
      y_true: {bernoulli-sigmoid: y_pred}
    """

  /// Every figure of every row, as text.
  func render(_ result: ExperimentResult) -> [String] {
    result.rows.map { row in
      let s = row.statistics
      return "\(row.formula) \(row.format) \(row.axes) \(s.points) \(s.maxULP) \(s.endToEnd.sumULP) \(s.maxBits) \(s.endToEnd.sumBits) \(s.rounding.sumULP) \(s.rounding.maxULP) \(s.classCounts.sorted { $0.key.rawValue < $1.key.rawValue }) \(s.p99ULP) \(String(describing: row.worstInput))"
    }
  }

  @Test("Results are identical for 1 and 2 threads")
  func threadCountDoesNotMatter() throws {
    let spec = try spec(RunnerTests.sample)
    let one = render(ExperimentRunner(threads: 1, quick: false).run(spec))
    let two = render(ExperimentRunner(threads: 2, quick: false).run(spec))
    #expect(one == two)
    #expect(one.count == 3 * 4 * 2)
  }

  /// The runner measures a point of 2^20 values or more on all its threads at once, a format
  /// each (measurePoint's `threads`): natives, the first reference attempt overlapped with them,
  /// and the attempts at higher precision. Single float16 logits make many points climb past
  /// 128 bits, so every path is taken.
  @Test("A point measured on 2 threads gives the same figures as on 1, retries included")
  func pointThreads() throws {
    let setup = PointSetup(
      formulas: ["bce-logits/naive", "bce-logits/stable", "bce/keras"].map { Formula($0)! },
      formats: Format.allCases, reduction: .mean, summations: [.recursive, .pairwise],
      smoothing: 0)
    var climbed = 0
    for step in 0..<200 {
      let x = Double(Float16(bitPattern: UInt16(step) &* 311))  // every binade, both signs
      guard x.isFinite else { continue }
      for y in [0.0, 1.0] {
        let batch = Batch(yTrue: [y], yPred: [x], labels: [], columns: 1)
        let one = measurePoint(batch, setup, threads: 1)
        let two = measurePoint(batch, setup, threads: 2)
        let same = String(describing: one) == String(describing: two)
        #expect(same, "x = \(x), y = \(y): the figures differ between 1 and 2 threads")
        if one.referenceBits > 128 { climbed += 1 }
      }
    }
    #expect(climbed > 0, "no point needed more than 128 bits: the retry path was not taken")
  }

  @Test("The seed fixes the points: same seed same figures, another seed other figures")
  func seeds() throws {
    let first = render(ExperimentRunner(threads: 2, quick: false).run(try spec(RunnerTests.sample)))
    let again = render(ExperimentRunner(threads: 2, quick: false).run(try spec(RunnerTests.sample)))
    let other = render(ExperimentRunner(threads: 2, quick: false).run(try spec(RunnerTests.sample + "\nseed: 7\n")))
    #expect(first == again)
    #expect(first != other)
  }

  /// exp(11.0859375) = 65246 is finite in float16 but exp(11.09375) = 65758 rounds past 65504
  /// (at 65520 and above), so 1 + exp(-x) overflows from x = -11.09375 down: the naive form is
  /// +inf there, the last good logit is -11.0859375 (the next float16 up).
  @Test("Bisection finds the float16 overflow of naive BCE from logits at x = -11.09375")
  func cliff() throws {
    let spec = try spec("""
      question: q
      losses: [bce-logits/naive]
      formats: [float16]
      inputs:
        y_true: 1
        y_pred: {grid: {from: 1, to: 100, count: 7, spacing: log, signs: negative}}
      """)
    let row = try #require(ExperimentRunner(threads: 1, quick: false).run(spec).rows.first)
    let overflow = Cliff(
      input: .yPred, low: -11.09375, lowStatus: .failed(.overflow), high: -11.0859375,
      highStatus: .ok)
    #expect(row.cliffs.contains(overflow), "\(row.cliffs)")
  }

  @Test("The error profile follows the swept input: overflow exactly where the grid passes -11.09")
  func profile() throws {
    let spec = try spec("""
      question: q
      losses: [bce-logits/naive]
      formats: [float16]
      inputs:
        y_true: 1
        y_pred: {grid: {from: 1, to: 100, count: 2000, spacing: log, signs: negative}}
      """)
    let row = try #require(ExperimentRunner(threads: 2, quick: false).run(spec).rows.first)
    // 2000 points, every 4th kept: 500, the grid's own order.
    #expect(row.profile.count == 500)
    for point in row.profile {
      let overflows = Double(Float16(point.x)) <= -11.09375
      #expect((point.errorClass == .overflow) == overflows, "x = \(point.x): \(point.errorClass)")
    }
  }

  @Test("The worst input keeps the inputs eval needs to reproduce it")
  func worstInput() throws {
    let spec = try spec("""
      question: q
      losses: [bce/keras]
      formats: [float16]
      inputs:
        y_true: 1
        y_pred: {values: [0.5, 1e-8, 0.25]}
      """)
    let row = try #require(ExperimentRunner(threads: 1, quick: false).run(spec).rows.first)
    guard case .batch(let batch)? = row.worstInput else {
      Issue.record("no typed batch: \(String(describing: row.worstInput))")
      return
    }
    #expect(batch.formula == Formula("bce/keras")!)
    #expect(batch.yTrue == [1] && batch.yPred == [1e-8] && batch.labels.isEmpty)
    #expect(batch.columns == 1 && batch.weights.isEmpty && batch.parameters.isEmpty)
    #expect(batch.reduction == .mean && batch.summation == .recursive && batch.format == .float16)
  }

  @Test("Float16 running mean of ones stalls, found by the runner: reductions of 4096 ones")
  func stall() throws {
    let spec = try spec("""
      question: q
      losses: [identity]
      reduction: sum
      summation: [recursive, pairwise]
      formats: [float16]
      n: 4096
      inputs:
        y_pred: 1
      """)
    let rows = ExperimentRunner(threads: 1, quick: false).run(spec).rows
    // Recursive: 2048 where 4096 is exact, 2048 ulps at ulp(4096) = 4... i.e. |2048 - 4096| / 4.
    #expect(rows[0].statistics.maxULP == 512)
    #expect(rows[1].statistics.maxULP == 0)
    #expect((rows[0].statistics.maxBoundRatio ?? 2) <= 1)
  }
}

@Suite("Loss curves for TensorBoard")
struct LossCurveTests {
  /// At batch 2048 the Float16 count 2048 · 32 = 65536 rounds to +inf, and total / inf = 0.
  @Test("Curves per format and exact; float16's epoch loss drops to 0 at batch 2048, the exact one does not")
  func runningLoss() throws {
    let spec = try SpecParser(file: "Experiments/curves.yaml").parse("""
      question: q
      losses: [identity]
      reduction: [epoch-mean, ema]
      n: 3000
      points: 1
      inputs:
        y_pred: {decay: {from: 2.5, to: 0.1, noise: 0.05}}
      """)
    let curves = LossCurves.curves(spec, quick: false)
    #expect(curves.count == 3 * 5)
    #expect(LossCurves.sampleSteps(3000).first == 1)
    #expect(LossCurves.sampleSteps(3000).last == 3000)
    let steps = curves[0].steps
    func curve(_ series: String, _ format: Format?) throws -> [Double] {
      try #require(curves.first { $0.series == series && $0.format == format }).values
    }
    let float16 = try curve("epoch_loss", .float16), exact = try curve("epoch_loss", nil)
    for (i, step) in steps.enumerated() {
      #expect((float16[i] == 0) == (step >= 2048), "step \(step): \(float16[i])")
      #expect(exact[i] > 0.1)
    }
    // Float64 follows the exact curves closely; the batch losses are the same numbers.
    let float64 = try curve("smoothed", .float64), smooth = try curve("smoothed", nil)
    for i in steps.indices { #expect(abs(float64[i] - smooth[i]) <= 1e-12 * abs(smooth[i])) }
    #expect(try curve("batch_loss", .float64) == curve("batch_loss", nil))
  }
}

@Suite("Shards of a run")
struct ShardUnitTests {
  @Test("I/N parses for 1 ≤ I ≤ N only")
  func parse() {
    #expect(Shard("2/7") == Shard(index: 2, count: 7))
    for bad in ["0/3", "4/3", "1/0", "x", "", "/", "1/", "/3", "1/3/", " 1/3", "-1/3"] {
      #expect(Shard(bad) == nil, "\(bad)")
    }
  }

  @Test("Slurm arrays count from SLURM_ARRAY_TASK_MIN; Kubernetes from 0, with LOSSLAB_SHARD_COUNT")
  func environment() throws {
    #expect(try Shard.fromEnvironment([:]) == nil)
    #expect(try Shard.fromEnvironment(["SLURM_ARRAY_TASK_ID": "12", "SLURM_ARRAY_TASK_MIN": "10", "SLURM_ARRAY_TASK_COUNT": "4"]) == Shard(index: 3, count: 4))
    #expect(try Shard.fromEnvironment(["JOB_COMPLETION_INDEX": "0", "LOSSLAB_SHARD_COUNT": "5"]) == Shard(index: 1, count: 5))
    #expect(throws: ShardError.self) { try Shard.fromEnvironment(["SLURM_ARRAY_TASK_ID": "4", "SLURM_ARRAY_TASK_COUNT": "4"]) }
    #expect(throws: ShardError.self) { try Shard.fromEnvironment(["JOB_COMPLETION_INDEX": "1"]) }
  }

  func plans() throws -> [ExperimentPlan] {
    let runner = ExperimentRunner(threads: 1, quick: true)
    let grid = try SpecParser(file: "grid.yaml").parse("""
      question: q
      losses: [bce-logits/naive, bce-logits/stable]
      inputs:
        y_true: {values: [0, 1]}
        y_pred: {grid: {from: -100, to: 100, count: 2001}}
      """)
    let sampled = try SpecParser(file: "sampled.yaml").parse(RunnerTests.sample)
    return [runner.plan(grid), runner.plan(sampled)]
  }

  @Test("Every chunk goes to exactly one shard, the same way every time, and the estimated costs balance", arguments: [1, 2, 3, 7, 64, 500])
  func assignment(shards: Int) throws {
    let plans = try plans()
    let assignment = ShardAssignment(plans, shards: shards)
    for (e, plan) in plans.enumerated() {
      let all = (1...shards).flatMap { assignment.chunks(Shard(index: $0, count: shards)!, experiment: e) }
      #expect(all.sorted() == Array(0..<plan.chunkCount))
    }
    #expect(ShardAssignment(plans, shards: shards).chunks == assignment.chunks)
    let total = assignment.costs.reduce(0, +)
    let largest = plans.flatMap { plan in (0..<plan.chunkCount).map { plan.cost(ofChunk: $0) } }.max()!
    // Graham's bound for the greedy rule: no shard above the mean by more than one chunk.
    #expect(assignment.costs.max()! <= total / Double(shards) + largest)
  }

  @Test("A partial result gives back every bit of the chunk statistics, NaN, infinities and the histogram's end bins included")
  func exactRoundTrip() throws {
    let runner = ExperimentRunner(threads: 2, quick: true)
    let plan = try plans()[1]
    let chunks = Array(0..<plan.chunkCount)
    var results = runner.measure(plan, chunks: chunks)
    results[0].statistics[0].endToEnd.add(
      ErrorMeasure(
        value: .nan, absoluteError: .infinity, relativeError: .infinity, ulpError: .nan, bitsError: 16,
        errorClass: .nan), point: 3)
    results[0].statistics[0].rounding.histogram[Int.min] = 5
    results[0].statistics[0].maxBoundRatio = -0.0
    let experiment = PartialExperiment(plan, chunks: chunks, results: results)
    let partial = PartialResult(shard: Shard(index: 1, count: 1)!, options: .init(quick: true, seed: nil, precision: nil), experiments: [experiment])
    let decoded = try PartialResult.decode(partial.encoded())
    for (chunk, original) in zip(decoded.experiments[0].results, results) {
      // Every stored property (a field added later included), doubles by their bits.
      #expect(canonical(chunk.result.statistics) == canonical(original.statistics))
      #expect(canonical(chunk.result.statuses) == canonical(original.statuses))
      #expect(canonical(chunk.result.profiles) == canonical(original.profiles))
    }
    // The table from decoded chunks is the table from the chunks themselves.
    let direct = runner.finish(plan, results)
    let viaFile = runner.finish(plan, decoded.experiments[0].results.map(\.result))
    #expect(RunnerTests().render(direct) == RunnerTests().render(viaFile))
  }
}

/// Every stored property of `value`, recursively, as text: doubles as bit patterns, dictionaries
/// in sorted order (their printed order varies from instance to instance).
func canonical(_ value: Any) -> String {
  if let double = value as? Double { return "0x" + String(double.bitPattern, radix: 16) }
  let mirror = Mirror(reflecting: value)
  if mirror.children.isEmpty { return String(reflecting: value) }
  let children = mirror.children.map { ($0.label.map { $0 + ": " } ?? "") + canonical($0.value) }
  let inside = mirror.displayStyle == .dictionary ? children.sorted() : children
  return "\(mirror.subjectType)(" + inside.joined(separator: ", ") + ")"
}
