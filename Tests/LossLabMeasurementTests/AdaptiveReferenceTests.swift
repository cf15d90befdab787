import LossLabFormats
import LossLabLosses
import LossLabReference
import LossLabRunner
import Testing

@testable import LossLabMeasurement

/// The certified adaptive reference against fixed high precision, on points chosen to be hard:
/// near-cancellation BCE inputs, probabilities next to 0 and 1, logits at the formats' exp
/// overflow thresholds, and softmax logits whose losses fall below every format's range.
@Suite("Adaptive reference")
struct AdaptiveReferenceTests {
  /// Probabilities next to 0 and 1 (1 - 2^-k, 2^-k and their neighbours), and a seeded sample.
  static func probabilityPoints() -> [Batch<Double>] {
    var values: [Double] = []
    for k in 1...53 {
      let near = Double(sign: .plus, exponent: -k, significand: 1)
      values += [1 - near, (1 - near).nextUp, (1 - near).nextDown, near, near.nextUp]
    }
    var random = SplitMix64(seed: 0x5EED)
    for _ in 0..<300 { values.append(random.nextUnit()) }
    values = values.filter { $0 > 0 && $0 < 1 }
    return values.flatMap { p in [0.0, 1.0].map { Batch(yTrue: [$0], yPred: [p]) } }
  }

  /// Logits at and around where exp overflows or underflows in each format (float16 11.09,
  /// bfloat16 and float32 88.72, float64 709.78, and where e^-x leaves float64's subnormals).
  static func logitPoints() -> [Batch<Double>] {
    var values: [Double] = []
    for threshold in [11.089866488461016, 88.72283905206835, 709.782712893384, 745.1332191019411] {
      var x = threshold
      for _ in 0..<40 { x = x.nextDown }
      for i in 0..<80 {
        values += [x, -x, x + Double(i) / 8, -(x + Double(i) / 8)]
        x = x.nextUp
      }
    }
    values += [0, 1e-300, -1e-300, 1e4, -1e4, 36.7, -36.7]
    return values.flatMap { x in [0.0, 1.0].map { Batch(yTrue: [$0], yPred: [x]) } }
  }

  /// Ten logits with the label's far above the rest: losses e^-d for d up to 800.
  static func softmaxPoints() -> [Batch<Double>] {
    (0..<200).map { i in
      let gap = Double(i) * 4
      var logits = (0..<10).map { Double($0) / 7 }
      logits[3] += gap
      return Batch(yTrue: [], yPred: logits, labels: [3], columns: 10)
    }
  }

  static func setup(_ formulas: [Formula], _ reference: ReferencePrecision, epsilon: String? = nil)
    -> PointSetup
  {
    PointSetup(
      formulas: formulas, formats: Format.allCases, reduction: .mean, summations: [.recursive],
      parameters: epsilon.map { ["eps": $0] } ?? [:], smoothing: 0.6, reference: reference)
  }

  static func sameFigures(_ a: PointOutcome, _ b: PointOutcome, certifiedOnly: Bool) -> Bool {
    for (x, y) in zip(a.results.joined(), b.results.joined()) where x.certified || !certifiedOnly {
      guard x.endToEnd.hasSameFigures(as: y.endToEnd),
        x.formulaError.hasSameFigures(as: y.formulaError),
        x.bound?.bitPattern == y.bound?.bitPattern
      else { return false }
    }
    let certain = a.results.joined().allSatisfy(\.certified) || !certifiedOnly
    return !certain
      || (zip(a.ideal, b.ideal).allSatisfy { $0.bitPattern == $1.bitPattern }
        && zip(a.bias, b.bias).allSatisfy { $0.bitPattern == $1.bitPattern })
  }

  /// (points, uncertified points, points whose certified figures differ from the fixed ones).
  static func compare(_ batches: [Batch<Double>], _ formulas: [Formula], fixed bits: Int)
    -> (Int, Int, [Batch<Double>])
  {
    var uncertified = 0
    var differing: [Batch<Double>] = []
    for batch in batches {
      let adaptive = measurePoint(batch, setup(formulas, .standard))
      let fixed = measurePoint(batch, setup(formulas, .fixed(bits)))
      if !adaptive.results.joined().allSatisfy(\.certified) { uncertified += 1 }
      if !sameFigures(adaptive, fixed, certifiedOnly: true) { differing.append(batch) }
    }
    return (batches.count, uncertified, differing)
  }

  @Test("Certified figures equal those of a fixed 4096-bit reference on 3,000+ hard points")
  func certifiedEqualsFixed4096() {
    let cases: [([Batch<Double>], [Formula])] = [
      (Self.probabilityPoints(), [Formula("bce/naive")!, Formula("bce/keras")!, Formula("bce/torch")!]),
      (Self.logitPoints(), [Formula("bce-logits/naive")!, Formula("bce-logits/stable")!]),
      (Self.softmaxPoints(), [Formula("sparse-cce-logits/naive")!, Formula("sparse-cce-logits/stable")!]),
    ]
    var total = 0
    for (batches, formulas) in cases {
      let (points, uncertified, differing) = Self.compare(batches, formulas, fixed: 4096)
      total += points
      #expect(differing.isEmpty, "\(formulas): \(differing.count) points differ, first \(differing.first.map { "\($0.yTrue) \($0.yPred)" } ?? "")")
      // Every one of these points is certifiable: the formulas' clips and clamps are the ideal's
      // expression where they do nothing, and the figures settle by 4096 bits.
      #expect(uncertified == 0, "\(formulas): \(uncertified) of \(points) points uncertified")
    }
    #expect(total >= 3000)
  }

  @Test("Where a fixed 1024 bits is not enough, the adaptive reference is: e^-720 beside 720")
  func fixed1024Misses() {
    // The ideal BCE from logit x = 720 with y = 0 is 720 + log1p(e^-720): the second term is
    // 2^-1039 of the first, below 1024 bits, but its absolute size (1.9e-313) is a Double.
    let batch = Batch(yTrue: [0.0], yPred: [720.0])
    let formulas: [Formula] = [Formula("bce-logits/stable")!]
    let adaptive = measurePoint(batch, Self.setup(formulas, .standard))
    let fixed1024 = measurePoint(batch, Self.setup(formulas, .fixed(1024)))
    let fixed4096 = measurePoint(batch, Self.setup(formulas, .fixed(4096)))
    let float64 = Format.allCases.firstIndex(of: .float64)!
    #expect(adaptive.results[0][float64].certified)
    #expect(adaptive.referenceBits == 2048)
    #expect(fixed1024.results[0][float64].endToEnd.absoluteError == 0)
    #expect(adaptive.results[0][float64].endToEnd.absoluteError > 1e-313)
    #expect(Self.sameFigures(adaptive, fixed4096, certifiedOnly: false))
  }

  @Test("A point no precision certifies is reported uncertified, with the cap's figures")
  func uncertifiedIsReported() {
    // MAPE with |y| below ε = 1e-1: the formula is 100 |y - p| / ε, and 100 / 0.1 is exactly
    // 1000 in real arithmetic, so the bias 1000 y - 100 is a number of about 60 bits that sits
    // exactly on a tie between two Doubles; ε = 0.1 is not a binary number at any precision, so
    // every ball straddles the tie.
    let batch = Batch(yTrue: [0.08749206625951744], yPred: [0.0])
    let setup = Self.setup([Formula("mape")!], .adaptive(cap: 256), epsilon: "1e-1")
    let outcome = measurePoint(batch, setup)
    #expect(outcome.referenceBits == 256)
    #expect(outcome.results[0].allSatisfy { !$0.certified })
    let fixed = measurePoint(batch, Self.setup([Formula("mape")!], .fixed(256), epsilon: "1e-1"))
    #expect(Self.sameFigures(outcome, fixed, certifiedOnly: false))
  }

  @Test("Each figure is rounded once: 1 against 2^-54 + 2^-74 is the same at 64 and 4096 bits")
  func figuresRoundOnce() {
    // The difference 1 - 2^-54 - 2^-74 rounded first to 64 bits lands on a Double tie.
    let figures = [64, 4096].map { bits in
      MPFRReal.withPrecision(bits) {
        ErrorMeasure(1.0, against: MPFRReal(0x1p-54) + MPFRReal(0x1p-74))
      }
    }
    #expect(figures[0].hasSameFigures(as: figures[1]))
    #expect(figures[0].absoluteError == (1.0).nextDown)
  }

  @Test("An MPFR overflow is never certified: log-cosh at 1e19 (expm1 of 5e18 overflows)")
  func overflowNotCertified() {
    let batch = Batch(yTrue: [0.0], yPred: [1e19])
    let outcome = measurePoint(batch, Self.setup([Formula("log-cosh/naive")!], .adaptive(cap: 256)))
    #expect(outcome.results[0].allSatisfy { !$0.certified })
  }

  @Test("Bits of error between values of opposite signs far apart do not overflow")
  func oppositeSigns() {
    let batch = Batch<Double>(yTrue: [], yPred: [0x1p53, 1, 1, 1, 1, 1, 1, -0x1p53, -3])
    let setup = PointSetup(
      formulas: [Formula("identity")!], formats: [.float64], reduction: .sum, summations: [.recursive],
      smoothing: 0.6)
    #expect(measurePoint(batch, setup).results[0][0].endToEnd.bitsError > 60)
  }

  @Test("A fixed precision is taken as is: every figure counts as certified, at that precision")
  func fixedIsNotCertified() {
    let outcome = measurePoint(
      Batch(yTrue: [1.0], yPred: [0.75]), Self.setup([Formula("bce/naive")!], .fixed(64)))
    #expect(outcome.referenceBits == 64)
    #expect(outcome.results.joined().allSatisfy { $0.certified })
  }

  @Test("The reference's ball holds the 4096-bit value, at 64 and 128 bits, on the hard points")
  func ballsContainTheTruth() {
    let cases: [([Batch<Double>], Loss)] = [
      (Self.probabilityPoints(), .bce), (Self.logitPoints(), .bceLogits),
      (Self.softmaxPoints(), .sparseCCELogits),
    ]
    var checked = 0
    for (batches, loss) in cases {
      let parameters = { LossParameters([MPFRBall(decimal: "1e-7")!], scalars: [1e-7]) }  // bce's ε
      for batch in batches {
        MPFRReal.withPrecision(4096) {
          let truth = streamingIdeal(
            loss.defaultFormula, on: batch, roundedTo: Double.self, parameters: parameters(), reduction: .mean,
            smoothing: 0.6
          ).midpoint
          for bits in [64, 128] {
            MPFRReal.withPrecision(bits) {
              let ball = decided {
                streamingIdeal(
                  loss.defaultFormula, on: batch, roundedTo: Double.self, parameters: parameters(),
                  reduction: .mean, smoothing: 0.6)
              }
              // MPFR compares values of any two precisions exactly.
              guard let (low, high) = ball.bounds else { return }
              #expect(low <= truth && truth <= high, "\(loss) \(batch.yTrue) \(batch.yPred) at \(bits) bits")
              checked += 1
            }
          }
        }
      }
    }
    #expect(checked > 1000)
  }
}
