import LossLabFormats
import LossLabLosses
import LossLabMeasurement
import LossLabReductions
import Testing

/// Known failures reproduced by the generic code (nothing here is special-cased in Sources/).
@Suite("Known phenomena")
struct PhenomenaTests {
  @Test("Float16(1e-8) is 0, so relative error with eps = 1e-8 and y = p = 0 is NaN in Float16, 0 in Float")
  func relativeErrorEpsilonVanishes() throws {
    let evaluation = try LossQuery(formula: Formula("relative-error")!, yTrue: ["0"], yPred: ["0"])
      .evaluate(formats: [.float16, .float32])
    #expect(evaluation.referenceValue == 0)
    #expect(evaluation.results[0].value.isNaN)
    #expect(evaluation.results[0].endToEnd.errorClass == .nan)
    #expect(evaluation.results[1].value == 0)
    #expect(evaluation.results[1].endToEnd.errorClass == .exact)
  }

  /// Keras clips p = 1e-8 up to eps = 1e-7. Float16(1e-7) = 2^-23, so the loss is
  /// 23 log 2 = 15.94 there, against -log(Float(1e-7)) = 16.118 in Float.
  @Test("Keras BCE with p = 1e-8, y = 1 is -log(Float16(1e-7)) = 15.94 in Float16, 16.118 in Float")
  func kerasClipCapsTheLoss() throws {
    let evaluation = try LossQuery(formula: Formula("bce/keras")!, yTrue: ["1"], yPred: ["1e-8"])
      .evaluate(formats: [.float16, .float32])
    let float16 = evaluation.results[0].value
    let float32 = evaluation.results[1].value
    #expect(float16 == Double(Float16(23 * 0.69314718055994530942)))
    #expect(abs(float16 - 15.94) < 0.01)
    #expect(abs(float32 - 16.118) < 0.001)
    #expect(float32 == Double(-Float.log(Float(1e-7))))
    // The ideal loss is -log(1e-8) = 18.42; the clip's own bias is log(1e-8/1e-7) = -log 10.
    #expect(abs(evaluation.referenceValue - 18.420680743952367) < 1e-14)
    #expect(abs(evaluation.bias + 2.302585092994046) < 1e-14)
  }

  @Test("Naive BCE from logits at x = -100, y = 1 overflows in Float16; the stable form gives 100")
  func naiveLogitsOverflow() throws {
    let naive = try LossQuery(formula: Formula("bce-logits/naive")!, yTrue: ["1"], yPred: ["-100"])
      .evaluate(formats: [.float16])
    #expect(naive.results[0].value == .infinity)
    #expect(naive.results[0].endToEnd.errorClass == .overflow)
    let stable = try LossQuery(formula: Formula("bce-logits/stable")!, yTrue: ["1"], yPred: ["-100"])
      .evaluate(formats: [.float16])
    #expect(stable.results[0].value == 100)
    #expect(stable.results[0].endToEnd.errorClass == .exact)
  }

  @Test("Squared errors overflow Float16 once |y - p| > 255.9, in millimetres but not metres")
  func unitsDecideOverflow() throws {
    let millimetres = try LossQuery(formula: Formula("mse")!, yTrue: ["0"], yPred: ["300"])
      .evaluate(formats: [.float16])
    #expect(millimetres.results[0].endToEnd.errorClass == .overflow)
    let metres = try LossQuery(formula: Formula("mse")!, yTrue: ["0"], yPred: ["0.3"])
      .evaluate(formats: [.float16])
    #expect(metres.results[0].value.isFinite)
  }

  @Test("PyTorch's clamp at -100 keeps BCE finite at p = 0 where the naive formula is inf")
  func torchClamp() throws {
    let torch = try LossQuery(formula: Formula("bce/torch")!, yTrue: ["1"], yPred: ["0"])
      .evaluate(formats: [.float32])
    #expect(torch.results[0].value == 100)
    let naive = try LossQuery(formula: Formula("bce/naive")!, yTrue: ["1"], yPred: ["0"])
      .evaluate(formats: [.float32])
    #expect(naive.results[0].value == .infinity)
    #expect(naive.referenceValue == .infinity)
    #expect(naive.results[0].endToEnd.errorClass == .exact)
  }

  @Test("Naive BCE at p = 0, y = 0 is NaN (0 · -inf); the ideal loss there is 0")
  func zeroTimesInfinity() throws {
    let naive = try LossQuery(formula: Formula("bce/naive")!, yTrue: ["0"], yPred: ["0"])
      .evaluate(formats: [.float32])
    #expect(naive.referenceValue == 0)
    #expect(naive.results[0].value.isNaN)
  }

  @Test("Naive log-cosh overflows Float16 past |e| = 11.09; the stable form stays finite")
  func logCoshOverflow() throws {
    let naive = try LossQuery(formula: Formula("log-cosh/naive")!, yTrue: ["0"], yPred: ["12"])
      .evaluate(formats: [.float16])
    #expect(naive.results[0].value == .infinity)
    let stable = try LossQuery(formula: Formula("log-cosh/stable")!, yTrue: ["0"], yPred: ["12"])
      .evaluate(formats: [.float16])
    // log cosh 12 = 12 - log 2 + log1p(e^-24) = 11.3069; Float16 spacing there is 2^-7.
    #expect(abs(stable.results[0].value - 11.306852819440055) <= 1.0 / 128)
  }

  /// The stable form is finite but not accurate when the loss is tiny: logsumexp(x) = 12 + 6.4e-6
  /// rounds to 12 in Float16 and the difference with x[label] = 12 cancels to 0, where the loss
  /// is 6.4e-6 (108 subnormal ulps). Its absolute error stays below ulp(12) = 2^-7.
  @Test("Naive softmax cross-entropy is NaN in Float16 for a logit of 12; the stable form is finite")
  func softmaxOverflow() throws {
    let logits = ["12", "0", "-3"]
    let naive = try LossQuery(formula: Formula("sparse-cce-logits/naive")!, yTrue: [], yPred: logits,
      labels: [0], columns: 3).evaluate(formats: [.float16])
    #expect(naive.results[0].value.isNaN)
    let stable = try LossQuery(formula: Formula("sparse-cce-logits/stable")!, yTrue: [], yPred: logits,
      labels: [0], columns: 3).evaluate(formats: [.float16])
    #expect(stable.results[0].value == 0)
    #expect(stable.results[0].endToEnd.errorClass == .flushToZero)
    #expect(stable.results[0].endToEnd.absoluteError <= Format.float16.ulp(at: 12))
  }
}
