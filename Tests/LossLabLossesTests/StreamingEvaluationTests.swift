import LossLabFormats
import LossLabLosses
import LossLabReductions
import Testing

/// `evaluate` adds each example's loss to the sum as it is computed when the reduction allows;
/// that must give the bits of reducing the whole `exampleLosses` array, for every formula,
/// reduction and summation.
@Suite("evaluate streams the example losses without changing a bit")
struct StreamingEvaluationTests {
  @Test("evaluate equals reduce(exampleLosses) bit for bit", arguments: Format.allCases)
  func streamingMatchesArray(format: Format) {
    format.visit(StreamingMatchesArray())
  }

  struct StreamingMatchesArray: FormatVisitor {
    func visit<T: MachineFloat>(_: T.Type) {
      // 3000 rows pass Float16's 2048 (recursive sums stall, the count is inexact); the
      // three-column batch has labels and weights; the empty one gives 0. Some predictions are
      // out of range (negative, above 1) so that logs give NaN and exp overflows.
      let batches = [inputs(rows: 3000, columns: 1, T.self), inputs(rows: 700, columns: 3, T.self),
        inputs(rows: 0, columns: 1, T.self)]
      for batch in batches {
        for formula in Formula.allCases {
          // Each loss's defaults (ε = 1e-7 or 1e-8, δ = 1).
          let parameters = LossParameters<T>(
            nearest: formula.parameterValues(given: [:]).map { Double($0)! })
          let values = exampleLosses(formula, on: batch, parameters: parameters)
          for reduction in Reduction.allCases {
            for summation in Summation.allCases {
              let streamed = evaluate(
                formula, on: batch, parameters: parameters, reduction: reduction,
                summation: summation)
              // A torch kernel that reduces its batch itself does not reduce the example losses:
              // left out here (FrameworkVectorTests checks it against torch).
              if summation == .torch, batch.rows > 0, reduction == .mean || reduction == .sum,
                kernelBatchLoss(formula, on: batch, parameters: parameters, reduction: reduction) != nil
              {
                continue
              }
              let reduced = reduce(values, reduction, summation: summation)
              let expected = formula.builtin == .rmse ? T.sqrt(reduced) : reduced
              #expect(
                streamed.encoding == expected.encoding,
                "\(formula) \(reduction) \(summation) on \(batch.rows)×\(batch.columns)")
            }
          }
        }
      }
    }

    func inputs<T: MachineFloat>(rows: Int, columns: Int, _: T.Type) -> Batch<T> {
      var state: UInt64 = 42
      func unit() -> Double {  // SplitMix64, uniform in [0, 1)
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return Double((z ^ (z >> 31)) >> 11) * 0x1p-53
      }
      let n = rows * columns
      let yTrue = (0..<n).map { _ in T(nearest: unit()) }
      let yPred = (0..<n).map { i in T(nearest: i % 97 == 0 ? 30 * unit() - 15 : unit()) }
      return Batch(
        yTrue: yTrue, yPred: yPred, labels: (0..<rows).map { _ in Int(unit() * Double(columns)) },
        weights: (0..<rows).map { _ in T(nearest: 2 * unit()) }, columns: columns)
    }
  }
}
