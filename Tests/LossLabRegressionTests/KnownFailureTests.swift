import LossLabFormats
import LossLabLosses
import LossLabMeasurement
import LossLabReductions
import LossLabReference
import Testing

/// The framework failures of shared/numerics-card.md ("Known failures in the wild"), one test
/// each: the buggy formula (written here as the framework wrote it, or LossLab's naive variant)
/// fails, LossLab's formula passes. Nothing in Sources/ knows about these cases.
@Suite("Known failures in the wild")
struct KnownFailureTests {
  /// The exact loss of `formula` on one example, in `format`, with the error measures.
  func evaluate(_ formula: Formula, y: String, p: String, eps: String? = nil, _ format: Format)
    throws -> FormatResult
  {
    try LossQuery(formula: formula, yTrue: [y], yPred: [p], parameters: eps.map { ["eps": $0] } ?? [:])
      .evaluate(formats: [format]).results[0]
  }

  @Test("TF PR 41595 / keras 15249: clip then log(p + eps) caps BCE at -log(2e-7) = 15.42, not 16.12")
  func doubleEpsilon() throws {
    // The buggy form: p clipped to [eps, 1 - eps] and then eps added again inside the log.
    func doubleEps(_ y: Float, _ p: Float) -> Float {
      let eps: Float = 1e-7
      let q = min(max(p, eps), 1 - eps)
      return -(y * Float.log(q + eps) + (1 - y) * Float.log(1 - q + eps))
    }
    let buggy = doubleEps(1, 0)
    #expect(abs(buggy - 15.4249) < 1e-3, "\(buggy)")
    // LossLab's Keras variant caps at -log(eps) = 16.118, one rounding from the exact cap.
    // (The ideal loss at p = 0 is +inf; the cap is the exact clipped formula's value.)
    let keras = try evaluate(Formula("bce/keras")!, y: "1", p: "0", .float32)
    #expect(keras.value == Double(-Float.log(Float(1e-7))))
    #expect(abs(keras.value - 16.118095650958320) <= Double(Float(16).ulp))
  }

  @Test("PyTorch PR 8147: eps inside both logs makes BCE negative; the clamp at -100 never does")
  func negativeBCE() throws {
    func epsInsideLogs(_ y: Double, _ p: Double) -> Double {
      let eps = 1e-12
      return -(y * Double.log(p + eps) + (1 - y) * Double.log(1 - p + eps))
    }
    #expect(epsInsideLogs(1, 1) < 0)
    #expect(epsInsideLogs(0, 0) < 0)
    for format in Format.allCases {
      for y in ["0", "1"] {
        for p in ["0", "1e-30", "1e-7", "0.25", "0.5", "0.999", "0.99999999", "1"] {
          let torch = try evaluate(Formula("bce/torch")!, y: y, p: p, format)
          #expect(torch.value >= 0, "\(format) y = \(y) p = \(p): \(torch.value)")
        }
      }
    }
  }

  @Test("keras-core 196: BCE from logits as sigmoid, clip, log is off by 4 in Float16 at x = -20; the stable form is right")
  func sigmoidClipLog() throws {
    // sigmoid(-20) = 2e-9 becomes Float16's eps 1.19e-7 after the clip: loss 15.94, exact 20.
    let x = Float16(-20)
    let s = Float16(1) / (Float16(1) + Float16.exp(-x))
    let buggy = binaryCrossEntropyKeras(Float16(1), s, epsilon: Float16(nearest: 1e-7))
    #expect(abs(Double(buggy) - 20) > 4)
    let stable = try evaluate(Formula("bce-logits/stable")!, y: "1", p: "-20", .float16)
    #expect(stable.endToEnd.ulpError <= 1)
  }

  @Test("optax 896: a -inf logit with label 0 gives 0 * -inf = NaN; LossLab's stable form gives 0")
  func infiniteLogit() throws {
    // TensorFlow's expression, as optax had it.
    func tensorFlowForm(_ y: Float, _ x: Float) -> Float {
      max(x, 0) - x * y + Float.log(onePlus: Float.exp(-x.magnitude))
    }
    #expect(tensorFlowForm(0, -.infinity).isNaN)
    #expect(tensorFlowForm(1, .infinity).isNaN)
    for format in Format.allCases {
      #expect(try evaluate(Formula("bce-logits/stable")!, y: "0", p: "-inf", format).value == 0)
      #expect(try evaluate(Formula("bce-logits/stable")!, y: "1", p: "inf", format).value == 0)
      #expect(try evaluate(Formula("bce-logits/stable")!, y: "0", p: "inf", format).value == .infinity)
      #expect(try evaluate(Formula("bce-logits/stable")!, y: "1", p: "-inf", format).value == .infinity)
    }
  }

  @Test("optax 1020: logsumexp in bfloat16 quantizes the loss; the same formula in Float on the same logits does not")
  func bfloat16Quantization() {
    // Nine logits near 100 and the label's logit stepping through 200 bfloat16 values in
    // [0.5, 2): the loss is about 100 + log 9 - x, and bfloat16 holds it to steps of 0.5.
    let others = (0..<9).map { BFloat16(nearest: 100 + Double($0) / 8) }
    var label = BFloat16(nearest: 0.5)
    var inBFloat16: Set<Double> = [], inFloat: Set<Double> = [], exact: Set<Double> = []
    for _ in 0..<200 {
      let logits = [label] + others
      let b = logits.withUnsafeBufferPointer { sparseCategoricalCrossEntropyLogitsStable(0, $0) }
      let wide = logits.map(\.floatValue)
      let f = wide.withUnsafeBufferPointer { sparseCategoricalCrossEntropyLogitsStable(0, $0) }
      let reference = MPFRReal.scope { () -> (Double, Double) in
        let x = logits.map { MPFRReal($0.doubleValue) }
        let value = x.withUnsafeBufferPointer { sparseCategoricalCrossEntropyLogitsStable(0, $0) }
        return (value.doubleValue, ErrorMeasure(f, against: value).ulpError)
      }
      inBFloat16.insert(b.doubleValue)
      inFloat.insert(Double(f))
      exact.insert(reference.0)
      #expect(reference.1 <= 8, "Float loss \(f) at label logit \(label)")
      label = BFloat16(ordinal: label.ordinal + 1)
    }
    #expect(exact.count == 200)
    #expect(inBFloat16.count <= 6, "\(inBFloat16.sorted())")
    #expect(inFloat.count == 200)
  }

  @Test("PyTorch/XLA PR 2425, ml_dtypes 63: a bfloat16 running sum of ones stalls at 256; a Float accumulator does not")
  func bfloat16Stall() {
    let ones = [BFloat16](repeating: BFloat16.one, count: 1000)
    let stalled = ones.withUnsafeBufferPointer { reduce($0, .sum, summation: .recursive) }
    #expect(stalled.doubleValue == 256)
    let mean = ones.withUnsafeBufferPointer { reduce($0, .mean, summation: .recursive) }
    #expect(abs(mean.doubleValue - 0.256) < 0.002)
    let wide = ones.withUnsafeBufferPointer { reduce($0, .mean, summation: .wide) }
    #expect(wide.doubleValue == 1)
  }

  @Test("pytorch 85791, 111484: a Float16 mean of 40000 losses of 2.3 overflows; a Float accumulator gives 2.3")
  func float16MeanOverflow() {
    let losses = [Float16](repeating: Float16(2.3), count: 40_000)
    // 92000 > 65504: the Float16 pairwise total overflows; the recursive one grows by ever
    // coarser steps (ulp 32 near 65504) and its mean is far off.
    let pairwise = losses.withUnsafeBufferPointer { reduce($0, .mean, summation: .pairwise) }
    #expect(pairwise == .infinity)
    let recursive = losses.withUnsafeBufferPointer { reduce($0, .mean, summation: .recursive) }
    #expect(abs(recursive - Float16(2.3)) > 0.5)
    // The Float total is not exact past 65536 (ulp 2^-7 there, the terms need 2^-8): one
    // Float16 ulp low, but finite and right to 1 ulp.
    let wide = losses.withUnsafeBufferPointer { reduce($0, .mean, summation: .wide) }
    #expect(abs(wide - Float16(2.3)) <= Float16(2.3).ulp)
  }

  @Test("keras 9582: Float16 BCE is NaN at p = 1 with eps = 1e-7 (1 - eps rounds to 1); eps = 1e-3 is finite")
  func float16Epsilon() throws {
    #expect(Float16(1) - Float16(nearest: 1e-7) == 1)
    let small = try evaluate(Formula("bce/keras")!, y: "1", p: "1", .float16)
    #expect(small.value.isNaN)
    // Finite, at the cap -log(Float16(1 - 1e-3)) = 0.000977 the clip imposes (exact: 0.0010005).
    let raised = try evaluate(Formula("bce/keras")!, y: "1", p: "1", eps: "1e-3", .float16)
    #expect(raised.value.isFinite)
    #expect(abs(raised.value - 0.0010005) < 0.03 * 0.0010005)
    // From logits there is no eps to choose: a large logit gives a loss of exp(-x), finite.
    #expect(try evaluate(Formula("bce-logits/stable")!, y: "1", p: "30", .float16).value.isFinite)
  }

  // MARK: - Focal loss

  /// mmcv's CUDA kernel (mmcv/ops/csrc/common/cuda/sigmoid_focal_loss_cuda_kernel.cuh) with
  /// T = half: p = sigmoid(x) rounded to half; `log(max(1 - p, (T)FLT_MIN))` for the negative
  /// term; both terms masked by 0/1 flags.
  func mmcvSigmoidFocalLoss(isTarget: Bool, _ x: Float16, gamma: Float16 = 2, alpha: Float16 = 0.25)
    -> Float16
  {
    let flagP: Float16 = isTarget ? 1 : 0, flagN: Float16 = isTarget ? 0 : 1
    let p = Float16(1 / (1 + Float.exp(-Float(x))))
    let floor = Float16(Float.leastNormalMagnitude)  // FLT_MIN as half: 0
    let termP = Float16.pow(1 - p, gamma) * Float16.log(max(p, floor))
    let termN = Float16.pow(p, gamma) * Float16.log(max(1 - p, floor))
    var output: Float16 = 0
    output += -flagP * alpha * termP
    output += -flagN * (1 - alpha) * termN
    return output
  }

  @Test("mmcv 1488: mmcv's half focal kernel is NaN at logit 9.3906 (1 - p = 0, FLT_MIN is 0 in half, 0 * log 0); torchvision's formula gives 0, the exact loss rounded")
  func mmcvHalfFocal() throws {
    // sigmoid(9.390625) = 1 - 8.35e-5 rounds to 1 in half (spacing below 1 is 4.9e-4), so
    // 1 - p = 0; (T)FLT_MIN = half(1.18e-38) = 0, so log(max(0, 0)) = -inf; for the target class
    // flag_n = 0 and -0 * 0.75 * -inf is NaN. (The non-target class gets +inf.)
    let x = Float16(9.3906)
    #expect(x == 9.390625)
    #expect(mmcvSigmoidFocalLoss(isTarget: true, x).isNaN)
    #expect(mmcvSigmoidFocalLoss(isTarget: false, x) == .infinity)
    // torchvision's formula has no log(1 - p): with y = 1, ce = 8.35e-5 times (1 - p_t)^2 = 0
    // gives 0, which is the exact loss 0.25 * (8.35e-5)^3 = 1.45e-13 rounded to Float16. So the
    // failure does not reproduce with torchvision's formula; it is mmcv's kernel.
    for formula in ["focal-logits/torchvision", "focal-logits/stable"] {
      let half = try evaluate(Formula(formula)!, y: "1", p: "9.3906", .float16)
      #expect(half.value == 0, "\(formula)")
      #expect(half.endToEnd.ulpError < 1, "\(formula)")
    }
    // y = 0 (the non-target class): 0.75 * 9.39 = 7.04, finite in both.
    #expect(try evaluate(Formula("focal-logits/torchvision")!, y: "0", p: "9.3906", .float16).value.isFinite)
    // In Float the stable form keeps the loss, 1.45e-13, to a few ulps.
    let float = try evaluate(Formula("focal-logits/stable")!, y: "1", p: "9.3906", .float32)
    #expect(abs(float.value - 1.4556e-13) < 0.001e-13)
    #expect(float.endToEnd.ulpError <= 8)
  }

  @Test("kornia 918, optax 1267: the focal-loss NaN at logits +-100 is in the gradient; the loss value is finite and right in every format")
  func focalGradientNaN() throws {
    // kornia 918 (gamma = 0.5, logits [-100, -100, 100, 100], targets [0, 1, 0, 1]) and optax
    // 1267 (gamma = 0.0, logit 1000) report NaN *gradients*: autograd multiplies
    // d(u^gamma)/du = gamma * u^(gamma - 1), infinite at u = 1 - p_t = 0 for gamma < 1, by
    // du/dx = -+p(1 - p), which is 0 where p rounds to 1 or 0: inf * 0 = NaN. For gamma = 0.0
    // the factor is 0 * 0^-1 = 0 * inf = NaN.
    let p = Float(1) / (1 + Float.exp(-100))
    #expect(p == 1)
    let chain = Float(0.5) * Float.pow(1 - p, -0.5) * (p * (1 - p))
    #expect(chain.isNaN)
    #expect((Float(0) * Float.pow(0, -1)).isNaN)
    // LossLab measures values, and the value does not fail: both forms give 0, 0.25 * 100,
    // 0.75 * 100 and 0 at those points (exact: about 0.25 e^-150, 25, 75, 0.25 e^-150).
    let expected: [(y: String, x: String, value: Double)] = [
      ("0", "-100", 0), ("1", "-100", 25), ("0", "100", 75), ("1", "100", 0),
    ]
    for format in Format.allCases {
      for point in expected {
        for formula in ["focal-logits/torchvision", "focal-logits/stable"] {
          let result = try LossQuery(
            formula: Formula(formula)!, yTrue: [point.y], yPred: [point.x],
            parameters: ["gamma": "0.5"]
          ).evaluate(formats: [format]).results[0]
          // Exact to below 1e-60 (Double keeps 0.25 e^-150 = 1.8e-66 where the others hold 0).
          #expect(abs(result.value - point.value) < 1e-60, "\(formula) \(format) \(point)")
        }
      }
    }
    // optax 1267's own point: gamma = 0 at logit 1000, label 1: the value is 0 (exact
    // 0.25 log1p(e^-1000)), in Float.
    let optax = try LossQuery(
      formula: Formula("focal-logits/torchvision")!, yTrue: ["1"], yPred: ["1000"],
      parameters: ["gamma": "0"]
    ).evaluate(formats: [.float32]).results[0]
    #expect(optax.value == 0)
  }

  // MARK: - Dice

  @Test("smp 463: a float16 Dice over 262,144 ones has inf sums and a NaN loss; in Float it is 0, as exact")
  func float16DiceOverflow() throws {
    // torch.sum accumulates float16 in float and rounds the total: 262,144 is above 65504, so
    // smp 0.6.0's output_sum and target_sum (MONAI 1.6.1's tp, sum p and sum y) are inf, the
    // intersection inf and fp = inf - inf = NaN, so the loss is NaN (the issue saw the inf
    // intersection; the real smp and MONAI in torch 2.15 return nan, 0 and 0 here). The exact
    // loss is 0 (a perfect prediction).
    let ones = [String](repeating: "1", count: 262_144)
    for formula in ["dice/smp", "dice/monai"] {
      let evaluation = try LossQuery(
        formula: Formula(formula)!, yTrue: ones, yPred: ones, columns: ones.count
      ).evaluate(formats: [.float16, .bfloat16, .float32])
      #expect(evaluation.referenceValue == 0)
      #expect(evaluation.results[0].value.isNaN, "\(formula)")
      // bfloat16 and Float hold 2^18 exactly: fp = fn = 0 and the score is 1 (bfloat16 rounds
    // 2^18 + 1 to 2^18 in both numerator and denominator).
      #expect(evaluation.results[1].value == 0, "\(formula)")
      #expect(evaluation.results[2].value == 0, "\(formula)")
    }
    // A sum kept in Float16 itself would not overflow: it stalls at 2048 (and the sum of twos at
    // 4096), which here happens to give the right loss, (2 * 2048 + 1) / (4096 + 1) = 1.
    let halfOnes = [Float16](repeating: 1, count: 262_144)
    let stalled = halfOnes.withUnsafeBufferPointer { recursiveSum($0) }
    #expect(stalled == 2048)
  }

  // MARK: - Label smoothing

  @Test("transformers 10674: before PR 10815 the float16 sum of -log p over a 32,128-word vocabulary is inf (about 6e5), so the loss is inf; the float sum is finite; torch's class-index label smoothing is inf too")
  func float16LabelSmoothing() throws {
    // T5's vocabulary; logits spread over [-10, 10] and the label's logit at 12.
    let vocabulary = 32_128, label = 7
    let logits = (0..<vocabulary).map { j in j == label ? 12 : Double((j * 7919) % 2001) / 100 - 10 }
    let x = logits.map { Float16($0) }
    // transformers before PR 10815, in float16: log_probs = -log_softmax(x) (PyTorch keeps the
    // exponential sum in float), then log_probs.sum(-1) in float16: float accumulator, rounded.
    let m = x.max()!
    let logSum = Float16(Float.log(x.map { Float(Float16.exp($0 - m)) }.reduce(0, +)))
    let logProbs = x.map { -(($0 - m) - logSum) }
    let total = logProbs.map { Float($0) }.reduce(0, +)
    #expect(total > 65504)
    let smoothed = Float16(total)
    #expect(smoothed == .infinity)
    let epsilon = Float16(0.1)
    let buggy = (1 - epsilon) * logProbs[label] + epsilon * smoothed / Float16(vocabulary)
    #expect(buggy == .infinity)
    // (The NaN of the title comes later, from inf in the evaluation's arithmetic; the
    // loss itself is inf.) The current LabelSmoother sums in float: finite in float16.
    let y = (0..<vocabulary).map { $0 == label ? "1" : "0" }
    let p = logits.map { String($0) }
    let fixed = try LossQuery(
      formula: Formula("cce-logits-smoothed/transformers")!, yTrue: y, yPred: p,
      columns: vocabulary
    ).evaluate(formats: [.float16, .float32])
    for result in fixed.results {
      #expect(result.value.isFinite, "\(result.format)")
      #expect(result.endToEnd.relativeError < 0.01, "\(result.format): \(result.value) against \(fixed.referenceValue)")
    }
    // PyTorch's own label smoothing with class indices has the same sum in float16:
    // `-log_softmax(x).sum(1)` (LossNLL.cpp cross_entropy_loss_label_smoothing) is a float16
    // tensor. torch 2.15 returns inf for these logits in float16 (and 6.5903 in float32).
    let torch = try LossQuery(
      formula: Formula("cce-logits-smoothed/torch")!, yTrue: y, yPred: p, columns: vocabulary
    ).evaluate(formats: [.float16, .float32])
    #expect(torch.results[0].value == .infinity)
    #expect(torch.results[1].value.isFinite)
    #expect(torch.results[1].endToEnd.relativeError < 0.01)
  }
}
