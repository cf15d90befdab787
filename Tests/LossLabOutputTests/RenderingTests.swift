import LossLabFormats
import LossLabLosses
import Testing

@testable import LossLabOutput
@testable import LossLabRunner

@Suite("Typed values rendered")
struct RenderingTests {
  @Test("Sweep axes write as key=value joined by ';', numbers in their shortest decimal")
  func sweep() {
    let axes = [
      SweepAxis(key: "y_true", value: .number(0.1)),
      SweepAxis(key: "reduction", value: .reduction(.sum)),
      SweepAxis(key: "n", value: .count(1_048_576)),
      SweepAxis(key: "eps", value: .parameter(text: "2^-12", value: 0x1p-12)),
    ]
    #expect(sweepLabel(axes) == "y_true=0.1;reduction=sum;n=1048576;eps=2^-12")
    #expect(sweepLabel(axes, separator: " ") == "y_true=0.1 reduction=sum n=1048576 eps=2^-12")
    #expect(sweepLabel([]) == "")
  }

  @Test("Cliffs write as 'INPUT LOW STATUS -> HIGH STATUS', joined by '; '")
  func cliffs() {
    let cliffs = [
      Cliff(
        input: .yPred, low: -11.09375, lowStatus: .failed(.overflow), high: -11.0859375,
        highStatus: .ok),
      Cliff(
        input: .yPred, low: 7.62109375, lowStatus: .ok, high: 7.625, highStatus: .pastULPs(1000)),
    ]
    #expect(
      cliffText(cliffs)
        == "y_pred -11.09375 overflow -> -11.0859375 ok; y_pred 7.62109375 ok -> 7.625 ulp>1000")
    #expect(cliffText([]) == "")
  }

  @Test("The worst input writes as an eval command that reproduces it")
  func worstInput() throws {
    var batch = WorstBatch(
      formula: Formula("bce/keras")!, labels: [], yTrue: [1], yPred: [1e-8], columns: 1,
      weights: [], parameters: [(name: "eps", text: "1e-4")], reduction: .sum,
      summation: .recursive, format: .float16, profile: .pure)
    #expect(
      worstInputText(.batch(batch))
        == "losslab eval --loss bce --formula keras --y-true=1 --y-pred=1e-08 --eps 1e-4"
        + " --reduction sum --format float16")
    batch.profile = .keras
    #expect(worstInputText(.batch(batch)).hasSuffix(" --profile keras --format float16"))
    let point = WorstInput.point(
      index: 7, axes: [SweepAxis(key: "n", value: .count(4096))], batchSize: 4096, seed: 1)
    #expect(worstInputText(point) == "point 7 of n=4096 (n = 4096, seed 1)")
    #expect(worstInputText(nil) == "")
  }
}
