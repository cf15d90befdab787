import Foundation
import LossLabFormats
import LossLabLosses
import LossLabMeasurement
import Testing

/// Binary focal loss from logits against a hand computation in Double and against the reference.
@Suite("Binary focal loss from logits")
struct FocalLossTests {
  /// `α_t (1 - p_t)^γ ce` written out in Double at moderate logits (no cancellation there).
  static func byHand(y: Double, x: Double, alpha: Double = 0.25, gamma: Double = 2) -> Double {
    let p = 1 / (1 + exp(-x))
    let pT = p * y + (1 - p) * (1 - y)
    let ce = y * log1p(exp(-x)) + (1 - y) * log1p(exp(x))
    return (alpha * y + (1 - alpha) * (1 - y)) * pow(1 - pT, gamma) * ce
  }

  static let points: [(y: String, x: String)] = [
    ("1", "0.5"), ("0", "2"), ("0.3", "-1.5"), ("1", "-3"), ("0", "0"),
  ]

  @Test("The reference and both variants in Double agree with the hand computation to 1e-14",
    arguments: ["focal-logits/torchvision", "focal-logits/stable"])
  func matchesHandComputation(formula: String) throws {
    for point in Self.points {
      let evaluation = try LossQuery(
        formula: Formula(formula)!, yTrue: [point.y], yPred: [point.x]
      ).evaluate(formats: [.float64])
      let expected = Self.byHand(y: Double(point.y)!, x: Double(point.x)!)
      #expect(abs(evaluation.referenceValue - expected) <= 1e-14 * expected, "\(point)")
      #expect(abs(evaluation.results[0].value - expected) <= 1e-14 * expected, "\(point)")
    }
  }

  @Test("At x = 0, y = 1 the focal loss is 0.25 * 0.5^2 * log 2 = 0.0433216987849966")
  func atZero() throws {
    let evaluation = try LossQuery(formula: Formula("focal-logits/stable")!, yTrue: ["1"], yPred: ["0"])
      .evaluate(formats: Format.allCases)
    #expect(abs(evaluation.referenceValue - 0.0625 * M_LN2) < 1e-17)
    for result in evaluation.results {
      #expect(result.endToEnd.ulpError <= 2, "\(result.format): \(result.value)")
    }
  }

  @Test("Parameters reach the loss: alpha = 0.5, gamma = 3 at x = 1, y = 0.7")
  func parameters() throws {
    let evaluation = try LossQuery(
      formula: Formula("focal-logits/torchvision")!, yTrue: ["0.7"], yPred: ["1"],
      parameters: ["alpha": "0.5", "gamma": "3"]
    ).evaluate(formats: [.float64])
    let expected = Self.byHand(y: 0.7, x: 1, alpha: 0.5, gamma: 3)
    #expect(abs(evaluation.referenceValue - expected) <= 1e-14 * expected)
    #expect(abs(evaluation.results[0].value - expected) <= 1e-14 * expected)
  }

  /// Where p rounds to 1 the torchvision form's `1 - p_t` is 0 (Float: x > 17), so it returns 0
  /// for a loss of 0.25 e^-60 = 2.2e-27, well inside Float's range; the stable form is within
  /// a few ulps in every format, at every logit.
  @Test("Float torchvision focal loss at x = 20, y = 1 is 0 for an exact 2.2e-27; the stable form is a few ulps off")
  func cancellation() throws {
    let torchvision = try LossQuery(
      formula: Formula("focal-logits/torchvision")!, yTrue: ["1"], yPred: ["20"]
    ).evaluate(formats: [.float32])
    #expect(abs(torchvision.referenceValue - 0.25 * exp(-60.0)) < 1e-3 * 0.25 * exp(-60.0))
    #expect(torchvision.results[0].value == 0)
    for format in Format.allCases {
      for (y, x) in [("1", "20"), ("0", "-20"), ("1", "-50"), ("0", "7"), ("0.25", "3"), ("1", "100")] {
        let stable = try LossQuery(formula: Formula("focal-logits/stable")!, yTrue: [y], yPred: [x])
          .evaluate(formats: [format]).results[0]
        #expect(stable.formulaError.ulpError <= 16, "\(format) y = \(y) x = \(x): \(stable.value)")
      }
    }
  }

  @Test("torch's power rule: 0 -> 1, 1 -> x, 2 -> x*x, 3 -> x*x*x, 0.5 -> sqrt, else pow")
  func torchPower() {
    let x = 0.3
    #expect(torchScalarPower(x, 0) == 1)
    #expect(torchScalarPower(Double.nan, 0) == 1)
    #expect(torchScalarPower(x, 1) == x)
    #expect(torchScalarPower(x, 2) == x * x)
    #expect(torchScalarPower(x, 3) == x * x * x)
    #expect(torchScalarPower(x, 0.5) == x.squareRoot())
    #expect(torchScalarPower(x, -1) == 1 / x)
    #expect(torchScalarPower(x, -2) == 1 / (x * x))
    #expect(torchScalarPower(x, 1.5) == pow(x, 1.5))
  }

  @Test("focal-logits is in the catalog with alpha = 0.25 and gamma = 2, variants torchvision and stable")
  func catalog() {
    let loss = Loss(rawValue: "focal-logits")!
    #expect(loss.parameters.map(\.name) == ["alpha", "gamma"])
    #expect(loss.parameters.map(\.defaultValue) == ["0.25", "2"])
    #expect(loss.formulas.map(\.variant) == ["torchvision", "stable"])
  }
}
