import LossLabFormats
import Testing

@testable import LossLabReductions

@Suite("RunningMean: Keras's Mean metric and the epoch loss it reports")
struct RunningMeanTests {
  @Test("Batches of 3 at loss 2 and 1 at loss 5 average to 2.75", arguments: Format.allCases)
  func weightedMean(format: Format) {
    format.visit(WeightedMean())
  }

  struct WeightedMean: FormatVisitor {
    // total = 2·3 + 5·1 = 11, count = 4, 11/4 = 2.75: all exact even in bfloat16.
    func visit<T: MachineFloat>(_: T.Type) {
      var mean = RunningMean<T>()
      mean.add(T(integer: 2), weight: 3)
      mean.add(T(integer: 5))
      #expect(mean.total.doubleValue == 11)
      #expect(mean.count.doubleValue == 4)
      #expect(mean.value.doubleValue == 2.75)
    }
  }

  @Test("An empty running mean reads 0, as divide_no_nan does")
  func emptyReadsZero() {
    var mean = RunningMean<Float>()
    #expect(mean.value == 0)
    mean.add(.nan, weight: 0)  // total becomes NaN · 0 = NaN, count stays 0
    #expect(mean.value == 0)
  }

  @Test("Float16 running mean of 0.75 over 3000 unit steps reads 1")
  func float16RunningMeanDrifts() {
    // Between 1024 and 2048 the spacing is 1, so total + 0.75 rounds up a whole 1 each step:
    // total catches up with count, and both stall at 2048 (the step is then below half an ulp).
    var mean = RunningMean<Float16>()
    for _ in 0..<3000 { mean.add(0.75) }
    #expect(mean.total == 2048)
    #expect(mean.count == 2048)
    #expect(mean.value == 1)
  }

  @Test("Float16 running mean of batches of 32 turns NaN at batch 2048")
  func float16RunningMeanOverflows() {
    // 32 · 2047 = 65504, the largest Float16; 65504 + 32 = 65536 rounds to +inf.
    var mean = RunningMean<Float16>()
    for _ in 0..<2047 { mean.add(1, weight: 32) }
    #expect(mean.total == 65504)
    #expect(mean.value == 1)
    mean.add(1, weight: 32)
    #expect(mean.total == .infinity)
    #expect(mean.value.isNaN)
  }

  @Test("Keras's float32 epoch loss: 10⁶ batches of 32 at loss 0.1 read 0.10095835, 1% high")
  func float32EpochLossDrifts() {
    // count = 3.2e7 is exact (multiples of 32 below 2^25), but total does not stay exact: from
    // 2^20 on, Float's spacing is 1/8 and then 1/4, and each 3.2 rounds to 3.25 (+1.6%). The
    // values were computed independently with NumPy float32 (total 3230667.0, count 3.2e7).
    var mean = RunningMean<Float>()
    for _ in 0..<1_000_000 { mean.add(Float(0.1), weight: 32) }
    #expect(mean.count == 32_000_000)
    #expect(mean.total == 3_230_667)
    #expect(mean.value == 0.10095835)
    #expect((mean.value - 0.1) / 0.1 > 0.009)
  }

  @Test("A constant loss reads back exactly however long the epoch, in any format",
        arguments: Format.allCases)
  func constantLossIsExact(format: Format) {
    format.visit(ConstantLoss())
  }

  struct ConstantLoss: FormatVisitor {
    // With value 1, total and count receive identical additions and round identically, so
    // their ratio is exactly 1 even after both have stalled (or before either has).
    func visit<T: MachineFloat>(_: T.Type) {
      var mean = RunningMean<T>()
      for _ in 0..<5000 { mean.add(.one, weight: 8) }
      #expect(mean.value == .one)
    }
  }
}
