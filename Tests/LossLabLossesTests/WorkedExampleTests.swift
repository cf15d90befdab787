import LossLabFormats
import LossLabLosses
import LossLabMeasurement
import LossLabReductions
import Testing

/// The source material's worked examples, in every format.
@Suite("Worked examples of the source material")
struct WorkedExampleTests {
  @Test("MAE(y = [1, 0], p = [2, 3]) = 2 exactly", arguments: Format.allCases)
  func meanAbsoluteError(format: Format) throws {
    let evaluation = try LossQuery(formula: Formula("mae")!, yTrue: ["1", "0"], yPred: ["2", "3"])
      .evaluate(formats: [format])
    #expect(evaluation.referenceValue == 2)
    #expect(evaluation.results[0].value == 2)
    #expect(evaluation.results[0].endToEnd.errorClass == .exact)
  }

  @Test("MSE(y = [1, 0], p = [2, 3]) = 5 exactly", arguments: Format.allCases)
  func meanSquaredError(format: Format) throws {
    let evaluation = try LossQuery(formula: Formula("mse")!, yTrue: ["1", "0"], yPred: ["2", "3"])
      .evaluate(formats: [format])
    #expect(evaluation.referenceValue == 5)
    #expect(evaluation.results[0].value == 5)
  }

  static let categoricalFormulas: [Formula] = [Formula("cce/naive")!, Formula("cce/keras")!]
  static let sparseFormulas: [Formula] = [Formula("sparse-cce/naive")!, Formula("sparse-cce/keras")!]

  /// -log 0.75 = 0.28768207245178092744; each format must land within one unit in the last place
  /// of it (the inputs 0.15, 0.75, 0.1 are themselves rounded, and Keras renormalizes them).
  @Test("CCE(one-hot [0, 1, 0], p = [0.15, 0.75, 0.1]) = -log 0.75",
    arguments: Format.allCases, categoricalFormulas)
  func categoricalCrossEntropy(format: Format, formula: Formula) throws {
    let query = LossQuery(
      formula: formula, yTrue: ["0", "1", "0"], yPred: ["0.15", "0.75", "0.1"], columns: 3)
    try expectNearMinusLogThreeQuarters(query, format: format)
  }

  @Test("Sparse CCE(label 1, p = [0.15, 0.75, 0.1]) = -log 0.75",
    arguments: Format.allCases, sparseFormulas)
  func sparseCategoricalCrossEntropy(format: Format, formula: Formula) throws {
    let query = LossQuery(
      formula: formula, yTrue: [], yPred: ["0.15", "0.75", "0.1"], labels: [1], columns: 3)
    try expectNearMinusLogThreeQuarters(query, format: format)
  }

  @Test("Sparse and one-hot CCE give the same value in every format", arguments: Format.allCases)
  func sparseEqualsOneHot(format: Format) throws {
    let p = ["0.15", "0.75", "0.1"]
    let oneHot = try LossQuery(formula: Formula("cce/keras")!, yTrue: ["0", "1", "0"], yPred: p, columns: 3)
      .evaluate(formats: [format])
    let sparse = try LossQuery(formula: Formula("sparse-cce/keras")!, yTrue: [], yPred: p, labels: [1], columns: 3)
      .evaluate(formats: [format])
    #expect(oneHot.results[0].value == sparse.results[0].value)
  }

  func expectNearMinusLogThreeQuarters(_ query: LossQuery, format: Format) throws {
    let minusLogThreeQuarters = 0.28768207245178092744
    let evaluation = try query.evaluate(formats: [format])
    #expect(abs(evaluation.referenceValue - minusLogThreeQuarters) < 1e-16)
    let value = evaluation.results[0].value
    #expect(abs(value - minusLogThreeQuarters) <= format.ulp(at: minusLogThreeQuarters),
      "\(format): \(value)")
  }
}
