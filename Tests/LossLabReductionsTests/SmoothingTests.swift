import LossLabFormats
import Testing

@testable import LossLabReductions

@Suite("TensorBoard smoothing: debiased exponential moving average")
struct SmoothingTests {
  @Test("A constant series comes back unchanged", arguments: Format.allCases)
  func constantSeries(format: Format) {
    format.visit(ConstantSeries())
  }

  struct ConstantSeries: FormatVisitor {
    func visit<T: MachineFloat>(_: T.Type) {
      let series = [T](repeating: T(nearest: 0.1), count: 10)
      let smoothed = tensorBoardSmoothed(series, weight: T(nearest: 0.6))
      #expect(smoothed.map(\.encoding) == series.map(\.encoding))
    }
  }

  @Test("[1, 2, 4] with weight 0.5 smooths to [1, 5/3, 3] in Double")
  func threePoints() {
    // k = 1: last = 0.5·1 = 0.5, debias 1 - 0.5 = 0.5 → 1.
    // k = 2: last = 0.25 + 1 = 1.25, debias 0.75 → 5/3.
    // k = 3: last = 0.625 + 2 = 2.625, debias 0.875 → 3.
    // Every intermediate is a short binary fraction, so only 5/3 is rounded, once.
    #expect(tensorBoardSmoothed([1.0, 2, 4], weight: 0.5) == [1, 5.0 / 3, 3])
  }

  @Test("Non-finite values pass through and do not count toward the debiasing")
  func nonFinitePassThrough() {
    let smoothed = tensorBoardSmoothed([1.0, .nan, 3, .infinity], weight: 0.6)
    // Two finite values seen at the third point: (0.6·0.4·1 + 0.4·3) / (1 - 0.6²) = 2.25.
    #expect(smoothed[0] == 1)
    #expect(smoothed[1].isNaN)
    #expect(abs(smoothed[2] - 2.25) <= 4 * 2.25 * Double.ulpOfOne)
    #expect(smoothed[3] == .infinity)
  }

  @Test("Weight 0 leaves a series as it is; weight 1 flattens it to 0")
  func extremeWeights() {
    let series: [Float] = [3, 1, 4, 1, 5]
    #expect(tensorBoardSmoothed(series, weight: 0) == series)
    #expect(tensorBoardSmoothed(series, weight: 1) == [0, 0, 0, 0, 0])
    #expect(tensorBoardSmoothed([Float](), weight: 0.6).isEmpty)
  }

  @Test("Without the constant-series shortcut, Float16 debiasing makes a flat 0.1 wobble")
  func float16Wobble() {
    // Ten copies of 0.1 and one 0.2, so the shortcut does not apply. Float16(0.1) is 0x2E66;
    // the debiased EMA strays one ulp either side. Bit patterns computed independently with
    // NumPy float16, with the same operations in the same order.
    let series = [Float16](repeating: 0.1, count: 10) + [0.2]
    let smoothed = tensorBoardSmoothed(series, weight: Float16(nearest: 0.6))
    let expected: [UInt16] = [
      0x2E66, 0x2E66, 0x2E65, 0x2E67, 0x2E65, 0x2E66, 0x2E66, 0x2E65, 0x2E66, 0x2E66, 0x307C,
    ]
    #expect(smoothed.map(\.bitPattern) == expected)
  }
}
