import Foundation
import LossLabFormats
import LossLabLosses
import LossLabMeasurement
import LossLabReference
import LossLabRunner
import Testing

/// Error bounds that hold by analysis, asserted over whole formats or large samples. (Each
/// summation within its Higham bound is asserted in LossLabReductionsTests' HighamBoundTests and,
/// on the default suite's data, by the reductions-drift table's bound ratio in the `run` test.)
@Suite("Error bounds of the stable formulas")
struct BoundTests {
  /// Stable BCE from logits, `max(x, 0) - x y + log1p(exp(-|x|))`, for y in {0, 1}: the first
  /// part is exact (0, x or -x), exp and log1p each err by at most about one rounding (log1p's
  /// condition number is below 1) and the final addition adds half an ulp; the log1p term is
  /// never larger than the result. So the result is within about 2.5 ulps; 3 is asserted.
  static let logitBound = 3.0

  /// The worst error (ulps, against the MPFR value of the ideal loss on the same inputs) over
  /// `logits`, for y = 0 and y = 1.
  func worstLogitError<T: MachineFloat>(_ logits: [T]) -> (ulps: Double, at: Double) {
    var worst = (ulps: 0.0, at: 0.0)
    for x in logits {
      for y in [T.zero, T.one] {
        let computed = binaryCrossEntropyLogitsStable(y, x)
        let ulps = MPFRReal.scope {
          ErrorMeasure(
            computed,
            against: binaryCrossEntropyLogitsIdeal(MPFRReal(y.doubleValue), MPFRReal(x.doubleValue))
          ).ulpError
        }
        if !(ulps <= worst.ulps) { worst = (ulps, x.doubleValue) }
      }
    }
    return worst
  }

  @Test("Stable BCE from logits is within 3 ulps at every finite Float16 logit, y in {0, 1}")
  func everyFloat16Logit() {
    let logits = (0..<UInt16(0x7C00)).flatMap { [Float16(bitPattern: $0), -Float16(bitPattern: $0)] }
    #expect(logits.count == 2 * 31744)
    let worst = worstLogitError(logits)
    #expect(worst.ulps <= Self.logitBound, "\(worst.ulps) ulps at x = \(worst.at)")
  }

  @Test("Stable BCE from logits is within 3 ulps at every finite bfloat16 logit, y in {0, 1}")
  func everyBFloat16Logit() {
    let logits = (0..<UInt16(0x7F80)).flatMap {
      [BFloat16(bitPattern: $0), -BFloat16(bitPattern: $0)]
    }
    let worst = worstLogitError(logits)
    #expect(worst.ulps <= Self.logitBound, "\(worst.ulps) ulps at x = \(worst.at)")
  }

  @Test("Stable BCE from logits is within 3 ulps on 100,000 Float logits drawn by bit pattern")
  func sampledFloatLogits() {
    var random = SplitMix64(seed: 1)
    var logits: [Float] = []
    while logits.count < 100_000 {
      let x = Float(bitPattern: UInt32(truncatingIfNeeded: random.next()))
      if x.isFinite { logits.append(x) }
    }
    let worst = worstLogitError(logits)
    #expect(worst.ulps <= Self.logitBound, "\(worst.ulps) ulps at x = \(worst.at)")
  }

  /// Stable sparse softmax cross-entropy `m + log Σ exp(x - m) - x[label]` over n classes: the
  /// shifted differences err by u|x_i - m|, so each exp term by u(1 + |x_i - m|) relatively,
  /// which is at most u(1 + 1/e) absolutely since the term is exp(x_i - m) ≤ 1; the sum (≥ 1)
  /// adds γ_(n-1); the log, the addition of m and the subtraction of x[label] each round once.
  /// To first order |error| ≤ (2n + 4) u (1 + |m| + |x[label]| + log n); twice that is asserted,
  /// which also covers exp and log erring by an ulp rather than half of one.
  struct SoftmaxBound: FormatVisitor {
    let scales: [Double]

    func visit<T: MachineFloat>(_: T.Type) -> (ratio: Double, scale: Double) {
      let n = 10
      let u = T.format.unitRoundoff
      var random = SplitMix64(seed: 12345)
      var worst = (ratio: 0.0, scale: 0.0)
      for scale in scales {
        for point in 0..<300 {
          var logits: [T] = []
          for _ in 0..<n {
            let unit = random.nextUnit()
            logits.append(T(nearest: (unit * 2 - 1) * 3 * scale))
          }
          let label = point % n
          let computed = logits.withUnsafeBufferPointer { sparseCategoricalCrossEntropyLogitsStable(label, $0) }
          let error = MPFRReal.scope { () -> Double in
            let exact = logits.map { MPFRReal($0.doubleValue) }.withUnsafeBufferPointer {
              sparseCategoricalCrossEntropyLogitsStable(label, $0)
            }
            return ErrorMeasure(computed, against: exact).absoluteError
          }
          let m = logits.map(\.doubleValue).max()!
          let bound = 2 * Double(2 * n + 4) * u
            * (1 + abs(m) + abs(logits[label].doubleValue) + log(Double(n)))
          let ratio = error / bound
          if !(ratio <= worst.ratio) { worst = (ratio, scale) }
        }
      }
      return worst
    }
  }

  @Test("Stable softmax cross-entropy stays within its bound as logits scale from 1 to 10^4",
        arguments: Format.allCases)
  func softmaxBound(_ format: Format) {
    let worst = format.visit(SoftmaxBound(scales: [1, 10, 100, 1000, 10000]))
    #expect(worst.ratio <= 1, "\(format): error \(worst.ratio) times the bound at scale \(worst.scale)")
  }
}
