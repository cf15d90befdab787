#if canImport(Glibc)
import Glibc
#endif
import LossLabFormats
import LossLabLosses
import LossLabMeasurement
import LossLabExpressions

/// A loss written as an expression and the built-in it reproduces bit for bit
/// (Tests/LossLabMeasurementTests/ExpressionTwinTests.swift checks that in every format).
struct ExpressionTwin {
  var name: String
  var builtin: Formula
  var expression: Formula
  /// The inputs the pair runs on (binary64, as the runner's points).
  var inputs: (Int) -> Batch<Double>

  static var all: [ExpressionTwin] {
    [
      ExpressionTwin(
        name: "mse", builtin: Formula("mse")!,
        expression: compiled("mse-expr", "(y - p)^2", shape: .elementwise),
        inputs: { BenchInputs.regression($0) }),
      ExpressionTwin(
        name: "bce keras", builtin: Formula("bce/keras")!,
        expression: compiled(
          "bce-expr",
          "-(y * log(clip(p, eps, 1 - eps)) + (1 - y) * log(1 - clip(p, eps, 1 - eps)))",
          ideal: "-(select(y == 0, 0, y * log(p)) + select(1 - y == 0, 0, (1 - y) * log1p(-p)))",
          parameters: [LossParameter("eps", default: "1e-7", "clip")], shape: .elementwise),
        inputs: { BenchInputs.probabilities($0) }),
      ExpressionTwin(
        name: "sparse-cce-logits (10 classes)", builtin: Formula("sparse-cce-logits/stable")!,
        expression: compiled("scce-expr", "logsumexp(p) - p[label]", shape: .labels),
        inputs: { BenchInputs.classLogits($0) }),
    ]
  }

  static func compiled(
    _ name: String, _ formula: String, ideal: String? = nil, parameters: [LossParameter] = [],
    shape: ExpressionShape
  ) -> Formula {
    switch CustomLoss.compiled(
      name: name, formula: formula, ideal: ideal, parameters: parameters, shape: shape)
    {
    case .success(let custom): return Formula(custom: custom)
    case .failure(let failure): fatalError("bench expression \(name): \(failure.error.message)")
    }
  }
}

/// Per twin: the expression against its built-in twin in Float and Float16 (`evaluate`, mean;
/// goal 10x) and in the reference (`measurePoint` at 128 bits, the ideal alone; goal 1.5x).
/// Each pair is first checked to give the same bits.
func expressionRows(nativeN: Int, referenceN: Int, plan: TimingPlan) -> [ResultRow] {
  var rows: [ResultRow] = []
  for twin in ExpressionTwin.all {
    rows.append(expressionNativeRow(twin, Float.self, n: nativeN, plan: plan))
    rows.append(expressionNativeRow(twin, Float16.self, n: nativeN, plan: plan))
    let batch = twin.inputs(referenceN)
    let ours = lossLabReference(twin.expression, on: batch, bits: 128)
    let builtin = lossLabReference(twin.builtin, on: batch, bits: 128)
    let (expression, floor) = plan.bestSeconds(
      { lossLabReference(twin.expression, on: batch, bits: 128) },
      { lossLabReference(twin.builtin, on: batch, bits: 128) })
    rows.append(ResultRow(
      name: "expr ref \(twin.name)", format: "128 bits", elements: batch.rows,
      lossLabSeconds: expression, floorSeconds: floor, goal: 1.5,
      note: ours.bitPattern == builtin.bitPattern ? "same double" : "DIFFERS \(ours) vs \(builtin)"))
  }
  return rows
}

/// The expression section with its heading.
func printExpressionRows(nativeN: Int, referenceN: Int, plan: TimingPlan) {
  print("a loss written as an expression (LossLab column) against its built-in twin (floor column):")
  printTable(expressionRows(nativeN: nativeN, referenceN: referenceN, plan: plan))
}

func expressionNativeRow<T: MachineFloat>(
  _ twin: ExpressionTwin, _: T.Type, n: Int, plan: TimingPlan
) -> ResultRow {
  let batch = twin.inputs(n).map { T(nearest: $0) }
  let copies = [batch, batch.map { $0 }]
  func run(_ formula: Formula, _ batch: Batch<T>) -> T {
    let parameters = LossParameters<T>(
      nearest: formula.parameterValues(given: [:]).map { Double($0)! })
    return evaluate(formula, on: batch, parameters: parameters, reduction: .mean)
  }
  let a = run(twin.expression, batch), b = run(twin.builtin, batch)
  if a.encoding != b.encoding {
    print("error: expression \(twin.name) in \(T.format): \(a), the built-in \(b)")
    exit(1)
  }
  var flipA = 0, flipB = 0
  let (expression, builtin) = plan.bestSeconds(
    { flipA &+= 1; return run(twin.expression, copies[flipA & 1]).doubleValue },
    { flipB &+= 1; return run(twin.builtin, copies[flipB & 1]).doubleValue })
  return ResultRow(
    name: "expr \(twin.name)", format: "\(T.format)", elements: batch.rows,
    lossLabSeconds: expression, floorSeconds: builtin, goal: 10, note: "same bits")
}
