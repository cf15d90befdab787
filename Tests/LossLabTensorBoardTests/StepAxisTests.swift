import LossLabOutput
import LossLabRunner
import Testing

@testable import LossLabTensorBoard

@Suite("Sweep values become whole-number steps, ascending with the value")
struct StepAxisTests {
  static func parameters(_ texts: [String]) -> [SweepValue] {
    texts.map { .parameter(text: $0, value: Double($0)!) }
  }

  static func steps(_ axis: StepAxis) -> [String] {
    axis.steps.map { "\($0.step)=\(sweepText($0.value))" }
  }

  @Test("A decade sweep of eps steps along log10; eps = 0 is one step below the smallest")
  func decadesWithZero() {
    let axis = StepAxis(key: "eps", values: Self.parameters(["1e-1", "1e-7", "1e-12", "0"]))
    #expect(axis.scale == .log10)
    #expect(Self.steps(axis) == ["-13=0", "-12=1e-12", "-7=1e-7", "-1=1e-1"])
    #expect(axis.markdown.contains("`eps` = 0 has no log10: it is step -13, one below the smallest."))
    #expect(axis.markdown.hasSuffix("| -13 | 0 |\n| -12 | 1e-12 |\n| -7 | 1e-7 |\n| -1 | 1e-1 |"))
  }

  @Test("Powers of two step along log2; whole numbers below 100 are their own step")
  func powersAndSmallIntegers() {
    let n = StepAxis(key: "n", values: [.count(4096), .count(16), .count(256)])
    #expect(n.scale == .log2)
    #expect(Self.steps(n) == ["4=16", "8=256", "12=4096"])
    let yTrue = StepAxis(key: "y_true", values: [.number(1), .number(0)])
    #expect(yTrue.scale == .value)
    #expect(Self.steps(yTrue) == ["0=0", "1=1"])
    let scale = StepAxis(key: "scale", values: [.number(1), .number(10), .number(100)])
    #expect(scale.scale == .log10)
    #expect(Self.steps(scale) == ["0=1", "1=10", "2=100"])
  }

  @Test("Values with no exact integer coordinate step by their rank, smallest first")
  func index() {
    let eps = StepAxis(key: "eps", values: Self.parameters(["1e-7", "1e-4", "0x1p-12", "0x1p-9"]))
    #expect(eps.scale == .index)
    #expect(Self.steps(eps) == ["0=1e-7", "1=1e-4", "2=0x1p-12", "3=0x1p-9"])
    #expect(eps.markdown.hasPrefix("The step is the position of `eps` among its values"))
    let classes = StepAxis(key: "classes", values: [.count(2), .count(10), .count(1000)])
    #expect(classes.scale == .index, "2 is not a power of ten, 10 not a power of two")
    let margins = StepAxis(key: "margin", values: [.number(2.5), .number(-1.5)])
    #expect(Self.steps(margins) == ["0=-1.5", "1=2.5"])
    let reductions = StepAxis(key: "reduction", values: [.reduction(.sum), .reduction(.mean)])
    #expect(Self.steps(reductions) == ["0=sum", "1=mean"], "names keep table order")
  }
}
