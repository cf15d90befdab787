import LossLabFormats
import Testing

@testable import LossLabReductions

@Suite("logsumexp and softmax: where the naive forms overflow")
struct LogSumExpTests {
  @Test("Float logsumexp of [1000, 1000]: shifted gives 1000 + log 2, naive gives inf")
  func float1000() {
    let x: [Float] = [1000, 1000]
    // Shifted: log(1 + 1) + 1000. Float(1000 + ln 2) from Double is 1000.6932 (spacing 2^-14
    // there), and the Float computation lands on the same value.
    #expect(shiftedLogSumExp(x) == Float(1000 + 0.693_147_180_559_945_3))
    #expect(naiveLogSumExp(x) == .infinity)
  }

  /// A logit whose exp overflows each format: exp(12) ≈ 162755 > 65504 (Float16),
  /// exp(89) ≈ 4.5e38 > 3.4e38 (bfloat16, Float), exp(710) ≈ 2.2e308 > 1.8e308 (Double).
  static func overflowingLogit(_ format: Format) -> Double {
    switch format {
    case .float16: 12
    case .bfloat16, .float32: 89
    case .float64: 710
    }
  }

  @Test("Two equal overflowing logits: shifted logsumexp is x + log 2, softmax exactly 1/2",
        arguments: Format.allCases)
  func equalOverflowingLogits(format: Format) {
    format.visit(EqualOverflowingLogits(logit: Self.overflowingLogit(format)))
  }

  struct EqualOverflowingLogits: FormatVisitor {
    let logit: Double

    func visit<T: MachineFloat>(_: T.Type) {
      let x = [T(nearest: logit), T(nearest: logit)]
      // log 2 adds one rounding and the sum x + log 2 another: within one ulp of the exact value.
      let exact = logit + 0.693_147_180_559_945_3
      let lse = shiftedLogSumExp(x).doubleValue
      #expect(abs(lse - exact) <= T.format.ulp(at: exact))
      #expect(naiveLogSumExp(x).isInfinite)
      // exp(0) = 1 twice, 1 / 2: exact.
      #expect(stableSoftmax(x).map(\.doubleValue) == [0.5, 0.5])
      let naive = naiveSoftmax(x)
      #expect(naive[0].isNaN && naive[1].isNaN)  // inf / inf
    }
  }

  @Test("logsumexp at the edges: -inf, +inf, NaN and empty")
  func edges() {
    let inf = Float.infinity
    #expect(shiftedLogSumExp([-inf, -inf]) == -inf)  // m → 0, log 0 = -inf
    #expect(shiftedLogSumExp([1, inf]) == inf)  // m → 0, exp(inf) = inf
    #expect(shiftedLogSumExp([1, .nan, 3]).isNaN)
    #expect(shiftedLogSumExp([Float]()) == -inf)
    #expect(naiveLogSumExp([Float]()) == -inf)
  }

  @Test("log-softmax keeps a logit 200 below the rest at -200, where log(softmax) is -inf",
        arguments: Format.allCases)
  func farLogit(format: Format) {
    format.visit(FarLogit())
  }

  struct FarLogit: FormatVisitor {
    // exp(-200) ≈ 1.4e-87 underflows to 0 in every format but Double, and 1 + 1.4e-87 = 1 in
    // Double: so log Σ exp(x - m) = log 1 = 0 and the result is (x - m) - 0, exactly.
    func visit<T: MachineFloat>(_: T.Type) {
      let x = [T.zero, T(integer: -200)]
      #expect(stableLogSoftmax(x).map(\.doubleValue) == [0, -200])
      if T.format != .float64 {
        #expect(T.log(naiveSoftmax(x)[1]) == -T.infinity)
      }
    }
  }

  @Test("exp of the stable log-softmax sums to 1 within a few roundings",
        arguments: Format.allCases)
  func logSoftmaxNormalized(format: Format) {
    format.visit(LogSoftmaxNormalized())
  }

  struct LogSoftmaxNormalized: FormatVisitor {
    func visit<T: MachineFloat>(_: T.Type) {
      let u = T.format.unitRoundoff
      var generator = SplitMix64(seed: 42)
      for n in [2, 3, 10, 100] {
        let x = (0..<n).map { _ in T(nearest: 8 * generator.unit() - 4) }
        let y = stableLogSoftmax(x)
        // Absolute error of each y_i = (x_i - m) - L: x_i - m rounds once (≤ 8u, as
        // |x_i - m| ≤ 8); L = log ŝ, whose terms carry their arguments' error (8u) and exp's
        // rounding (≤ 2u), plus the sum's γ_(n-1) ≈ (n - 1)u and log's own rounding (≤ 6u, as
        // L < 6); the final subtraction rounds (≤ 14u). Together below (40 + n)u. exp turns an
        // absolute error δ in y_i into a relative error of about δ, and the exact terms sum to 1.
        let total = y.reduce(0.0) { $0 + Double.exp($1.doubleValue) }
        let tolerance = Double(40 + n) * u
        #expect(abs(total - 1) <= tolerance, "n = \(n), Σ = \(total)")
      }
    }
  }

  @Test("Softmax of [1, 2, 3, 4] is within a few ulps of e^(i-4) / Σ e^(j-4) in every format",
        arguments: Format.allCases)
  func softmaxSmallLogits(format: Format) {
    format.visit(SoftmaxSmallLogits())
  }

  struct SoftmaxSmallLogits: FormatVisitor {
    func visit<T: MachineFloat>(_: T.Type) {
      // The reference, written out in Double: e^-3, e^-2, e^-1, 1 over their sum.
      let terms = [Double.exp(-3), Double.exp(-2), Double.exp(-1), 1]
      let total = terms[0] + terms[1] + terms[2] + terms[3]
      let x = [1, 2, 3, 4].map { T(integer: $0) }
      let stable = stableSoftmax(x)
      let naive = naiveSoftmax(x)
      // Each entry: exp rounds (≤ 2u with the 16-bit formats' double rounding), the sum of four
      // terms (≤ 3u relative), the division (u): under 8u relative. The Double reference has the
      // same kinds of error at Double's u, which matters only when T is Double.
      let u = T.format.unitRoundoff
      let relative = 8 * u + 8 * 0x1p-53
      for i in 0..<4 {
        let reference = terms[i] / total
        #expect(abs(stable[i].doubleValue - reference) <= relative * reference, "stable, i = \(i)")
        #expect(abs(naive[i].doubleValue - reference) <= relative * reference, "naive, i = \(i)")
      }
    }
  }

  @Test("Softmax and log-softmax of all -inf logits are NaN, as in PyTorch and JAX")
  func allNegativeInfinity() {
    let x: [Float] = [-.infinity, -.infinity]
    let softmax = stableSoftmax(x), logSoftmax = stableLogSoftmax(x)
    #expect(softmax[0].isNaN && softmax[1].isNaN)  // exp(-inf - (-inf)) = exp(NaN)
    #expect(logSoftmax[0].isNaN && logSoftmax[1].isNaN)
  }
}
