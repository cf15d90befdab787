import LossLabExpressions
import LossLabFormats
import LossLabLosses
@testable import LossLabMeasurement
import LossLabReductions
import Testing

/// Built-in formulas written again as spec expressions give the same values in every format
/// and the same certified figures (ideal, bias, every error measure), through the same
/// measurement path the runner uses.
@Suite("Expression twins of built-in losses")
struct ExpressionTwinTests {
  struct Twin: CustomTestStringConvertible, Sendable {
    var builtin: Formula
    var custom: Formula
    var points: [Batch<Double>]
    var testDescription: String { builtin.name }
  }

  static func custom(
    _ name: String, _ formula: String, ideal: String? = nil, parameters: [LossParameter] = [],
    shape: ExpressionShape = .elementwise
  ) -> Formula {
    Formula(custom: try! CustomLoss.compiled(
      name: name, formula: formula, ideal: ideal, parameters: parameters, shape: shape).get())
  }

  /// Element-wise points: targets and predictions near the edges (0, 1, tiny, huge).
  static func pairs(_ ys: [Double], _ ps: [Double]) -> [Batch<Double>] {
    ys.flatMap { y in ps.map { p in Batch(yTrue: [y], yPred: [p]) } }
  }

  static let edges: [Double] = [0, 1e-9, 1e-7, 1e-3, 0.25, 0.5, 1 - 1e-6, 1, 3, 300, 7e4, -2]

  static let twins: [Twin] = [
    Twin(
      builtin: Formula("relative-error")!,
      custom: custom(
        "relative-error-expr", "abs(y - p) / (abs(y) + eps)",
        ideal: "select(y == p, 0, abs(y - p) / abs(y))",
        parameters: [LossParameter("eps", default: "1e-8", "guard")]),
      points: pairs([0, 1e-3, 1, -5], edges)),
    Twin(
      builtin: Formula("bce/keras")!,
      custom: custom(
        "bce-expr", "-(y * log(clip(p, eps, 1 - eps)) + (1 - y) * log(1 - clip(p, eps, 1 - eps)))",
        ideal: "-(select(y == 0, 0, y * log(p)) + select(1 - y == 0, 0, (1 - y) * log1p(-p)))",
        parameters: [LossParameter("eps", default: "1e-7", "clip")]),
      points: pairs([0, 1, 0.3], edges.filter { $0 >= 0 && $0 <= 1 })),
    Twin(
      builtin: Formula("mse")!, custom: custom("mse-expr", "(y - p)^2"),
      points: pairs([0, 1, -300], edges)),
    Twin(
      builtin: Formula("sparse-cce-logits/stable")!,
      custom: custom("scce-expr", "logsumexp(p) - p[label]", shape: .labels),
      points: [
        Batch(yTrue: [], yPred: [1.111, 4.506, 1.685], labels: [2], columns: 3),
        Batch(yTrue: [], yPred: [-2.753, 0.327, 0.038], labels: [1], columns: 3),
        Batch(yTrue: [], yPred: [16, 0], labels: [0], columns: 2),
        Batch(yTrue: [], yPred: [100, -100, 3], labels: [1], columns: 3),
        Batch(yTrue: [], yPred: [30, 0, -4, 5], labels: [0], columns: 4),
      ]),
  ]

  @Test("An expression twin computes the built-in's bits and certified figures", arguments: twins)
  func sameFigures(_ twin: Twin) throws {
    for batch in twin.points {
      let setup = PointSetup(
        formulas: [twin.builtin, twin.custom], formats: Format.allCases, reduction: .mean,
        summations: [.recursive], smoothing: 0.6)
      let outcome = measurePoint(batch, setup)
      #expect(outcome.ideal[0].bitPattern == outcome.ideal[1].bitPattern, "ideal \(batch.yPred)")
      #expect(outcome.bias[0].bitPattern == outcome.bias[1].bitPattern, "bias \(batch.yPred)")
      for (k, format) in Format.allCases.enumerated() {
        let a = outcome.results[0][k], b = outcome.results[1][k]
        #expect(a.endToEnd.value.bitPattern == b.endToEnd.value.bitPattern, "\(format) \(batch.yPred)")
        #expect(a.endToEnd.hasSameFigures(as: b.endToEnd), "\(format) \(batch.yPred)")
        #expect(a.formulaError.hasSameFigures(as: b.formulaError), "\(format) \(batch.yPred)")
        #expect(a.certified == b.certified)
      }
    }
  }

  /// The built-in's ideal is `logSumExpAbove`, `(m - x[label]) + log1p(Σ_{j≠k} exp(x_j - m))`,
  /// which has no cancellation. The expression's ideal is its own formula, `logsumexp(p) -
  /// p[label]`, which cancels: a loss of e^-9995 cannot be told from 0 at 4096 bits, so the
  /// expression's figures come out uncertified where the built-in's are certain. Same values,
  /// different reference quality: a custom loss should give an `ideal:` without cancellation.
  @Test("A custom loss whose ideal cancels is uncertified where the built-in's ideal is certain")
  func cancellingIdeal() {
    let twin = Self.twins[3]
    let setup = PointSetup(
      formulas: [twin.builtin, twin.custom], formats: [.float32], reduction: .mean,
      summations: [.recursive], smoothing: 0.6)
    let batch = Batch<Double>(yTrue: [], yPred: [1e4, 0, -1e4, 5], labels: [0], columns: 4)
    let outcome = measurePoint(batch, setup)
    #expect(outcome.results[0][0].endToEnd.value == outcome.results[1][0].endToEnd.value)
    #expect(outcome.results[0][0].certified)
    #expect(outcome.results[0][0].endToEnd.errorClass == .flushToZero)
    #expect(!outcome.results[1][0].certified)
  }

  @Test("Without an ideal, an expression's bias is a certain 0 (the ideal is the formula)")
  func noIdealNoBias() {
    let focal = Self.custom(
      "focal", "-alpha * (1 - p)^gamma * log(p)",
      parameters: [
        LossParameter("alpha", default: "0.25", "weight"),
        LossParameter("gamma", default: "2", "focus"),
      ])
    let setup = PointSetup(
      formulas: [focal], formats: [.float16, .float32], reduction: .mean,
      summations: [.recursive], smoothing: 0.6)
    for p in [1e-30, 0.1, 0.5, 1 - 1e-9] {
      let outcome = measurePoint(Batch(yTrue: [1], yPred: [p]), setup)
      #expect(outcome.bias[0] == 0)
      #expect(outcome.results[0].allSatisfy { $0.certified })
    }
  }
}
