import Foundation
import LossLabFormats
import LossLabLosses
import LossLabMeasurement
import Testing

/// Categorical cross-entropy with label smoothing against a hand computation and the reference.
@Suite("Categorical cross-entropy from logits with label smoothing")
struct SmoothedCrossEntropyTests {
  /// `-Σ (0.9 y + 0.1 / C) (x - logsumexp x)` in Double.
  static func byHand(y: [Double], x: [Double], smoothing: Double = 0.1) -> Double {
    let lse = log(x.map { exp($0) }.reduce(0, +))
    return -zip(y, x).map { ($0 * (1 - smoothing) + smoothing / Double(x.count)) * ($1 - lse) }
      .reduce(0, +)
  }

  @Test("The reference and both variants agree with the hand computation at x = [2, 1, 0.1], label 0 and 2",
    arguments: ["cce-logits-smoothed/torch", "cce-logits-smoothed/transformers"])
  func matchesHandComputation(formula: String) throws {
    for y in [["1", "0", "0"], ["0", "0", "1"]] {
      let evaluation = try LossQuery(
        formula: Formula(formula)!, yTrue: y, yPred: ["2", "1", "0.1"], columns: 3
      ).evaluate(formats: Format.allCases)
      let expected = Self.byHand(y: y.map { Double($0)! }, x: [2, 1, 0.1])
      #expect(abs(evaluation.referenceValue - expected) <= 1e-15 * expected)
      for result in evaluation.results {
        #expect(abs(result.value - expected) <= 4 * result.format.ulp(at: expected),
          "\(result.format) \(y): \(result.value)")
      }
    }
  }

  @Test("label_smoothing = 0 is the plain cross-entropy; 1 is the mean of -log p")
  func extremes() throws {
    let x = ["3", "-1", "0.5", "2"], y = ["0", "0", "0", "1"]
    let zero = try LossQuery(
      formula: Formula("cce-logits-smoothed/torch")!, yTrue: y, yPred: x, columns: 4,
      parameters: ["label_smoothing": "0"]
    ).evaluate(formats: [.float64])
    let plain = try LossQuery(formula: Formula("cce-logits/stable")!, yTrue: y, yPred: x, columns: 4)
      .evaluate(formats: [.float64])
    #expect(abs(zero.referenceValue - plain.referenceValue) <= 1e-16 * plain.referenceValue)
    let one = try LossQuery(
      formula: Formula("cce-logits-smoothed/transformers")!, yTrue: y, yPred: x, columns: 4,
      parameters: ["label_smoothing": "1"]
    ).evaluate(formats: [.float64])
    let expected = Self.byHand(y: [0, 0, 0, 1], x: [3, -1, 0.5, 2], smoothing: 1)
    #expect(abs(one.referenceValue - expected) <= 1e-15 * expected)
    #expect(abs(one.results[0].value - expected) <= 1e-15 * expected)
  }

  @Test("cce-logits-smoothed is in the catalog: rows, label_smoothing = 0.1, variants torch and transformers, no bias")
  func catalog() {
    let loss = Loss(rawValue: "cce-logits-smoothed")!
    #expect(loss.shape == .rows)
    #expect(loss.parameters.map(\.name) == ["label_smoothing"])
    #expect(loss.parameters.map(\.defaultValue) == ["0.1"])
    #expect(loss.formulas.map(\.variant) == ["torch", "transformers"])
    #expect(loss.formulas.map(\.hasBias) == [false, false])
  }
}
