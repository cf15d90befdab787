import LossLabFormats
import LossLabLosses
import LossLabMeasurement
import Testing

/// Soft Dice loss against hand computation and the reference.
@Suite("Soft Dice loss")
struct DiceLossTests {
  /// y = [1, 0, 1, 1], p = [0.9, 0.2, 0.6, 0.7]: Σ p y = 2.2, Σ (p + y) = 5.4, Σ |p - y| = 1, so
  /// MONAI's loss with smooth 1 is 1 - 5.4 / 6.4 = 0.15625, the reference's (and 1/5.4 with
  /// smooth 0); smp's counts the smoothing twice: tp = (5.4 - 1) / 2 = 2.2 and the loss is
  /// 1 - 3.2 / 3.7 = 1 / 7.4 (1/5.4 with smooth 0, where the two agree).
  @Test("Dice(y = [1, 0, 1, 1], p = [0.9, 0.2, 0.6, 0.7]) with smooth 1 is 0.15625 in MONAI, 1/7.4 in smp; 1/5.4 in both with smooth 0",
    arguments: [("dice/monai", 0.15625), ("dice/smp", 1 / 7.4)])
  func worked(formula: String, expected: Double) throws {
    let y = ["1", "0", "1", "1"], p = ["0.9", "0.2", "0.6", "0.7"]
    let one = try LossQuery(formula: Formula(formula)!, yTrue: y, yPred: p, columns: 4)
      .evaluate(formats: Format.allCases)
    #expect(abs(one.referenceValue - 0.15625) < 1e-16)
    for result in one.results {
      #expect(abs(result.value - expected) <= 4 * result.format.ulp(at: 1), "\(result.format)")
    }
    let zero = try LossQuery(
      formula: Formula(formula)!, yTrue: y, yPred: p, columns: 4, parameters: ["smooth": "0"]
    ).evaluate(formats: [.float64])
    #expect(abs(zero.referenceValue - 1 / 5.4) < 1e-16)
    #expect(abs(zero.results[0].value - 1 / 5.4) < 1e-15)
  }

  /// The reference has no cancellation: a near-perfect prediction's loss, 1e-9 / (2 + 1e-9 + 1),
  /// is resolved where `1 - f` in Double keeps only a few digits.
  @Test("A near-perfect row's Dice loss is 1e-9 / 3: exact in the reference, a few digits in Double")
  func nearPerfect() throws {
    let evaluation = try LossQuery(
      formula: Formula("dice/monai")!, yTrue: ["1", "0"], yPred: ["1", "1e-9"], columns: 2
    ).evaluate(formats: [.float64])
    let exact = 1e-9 / (2 + 1e-9 + 1)
    #expect(abs(evaluation.referenceValue - exact) < 1e-15 * exact)
    #expect(abs(evaluation.results[0].value - exact) < 1e-6 * exact)
  }

  /// smp masks a row without a positive target (losses/dice.py:134-135): its loss is 0 whatever
  /// the prediction, where the Dice loss (and MONAI) is Σp / (Σp + s).
  @Test("smp gives an all-zero target 0 (its mask); MONAI gives 1.5 / 2.5 = 0.6")
  func emptyTarget() throws {
    let y = ["0", "0"], p = ["0.5", "1"]
    let smp = try LossQuery(formula: Formula("dice/smp")!, yTrue: y, yPred: p, columns: 2)
      .evaluate(formats: Format.allCases)
    #expect(abs(smp.referenceValue - 0.6) < 1e-16)
    for result in smp.results { #expect(result.value == 0, "\(result.format)") }
    let monai = try LossQuery(formula: Formula("dice/monai")!, yTrue: y, yPred: p, columns: 2)
      .evaluate(formats: [.float64])
    #expect(abs(monai.results[0].value - 0.6) < 1e-15)
  }

  @Test("dice is in the catalog: rows, smooth = 1 and eps = 1e-7, variants smp and monai; smp has a bias (its clamp)")
  func catalog() {
    let loss = Loss(rawValue: "dice")!
    #expect(loss.shape == .rows)
    #expect(loss.parameters.map(\.name) == ["smooth", "eps"])
    #expect(loss.parameters.map(\.defaultValue) == ["1", "1e-7"])
    #expect(loss.formulas.map(\.variant) == ["smp", "monai"])
    #expect(loss.formulas.map(\.hasBias) == [true, false])
  }
}
