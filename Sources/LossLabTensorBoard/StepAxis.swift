import Foundation
import LossLabOutput
import LossLabRunner

/// How a curve's swept values become TensorBoard steps (whole numbers), first rule that fits:
enum StepScale: Sendable, Equatable {
  /// The value itself: every value a whole number below 100 in magnitude (y_true 0 and 1, a
  /// margin of 0 and 10).
  case value
  /// log2 of the value: every value an exact power of two, or 0 (n = 16, 256, 4096: steps 4, 8,
  /// 12).
  case log2
  /// log10 of the value: every value the binary64 nearest a power of ten, or 0 (ε = 1e-12 …
  /// 1e-1: steps −12 … −1; weights 1e-6 … 1e6).
  case log10
  /// Otherwise the value's position in ascending order (0, 1, 2, …; names such as
  /// `reduction=sum` after the numbers, in table order).
  case index
}

/// A curve family's step axis: the swept key, how its values map to steps, and each value's step
/// in ascending order of the value (so steps read the way the sweep does).
///
/// A log scale has no step for 0 (ε = 0 beside ε = 1e-12 … 1e-1): 0 takes the step one below the
/// smallest nonzero value's, and the description says so.
struct StepAxis: Sendable {
  var key: String
  var scale: StepScale
  /// The axis's values in ascending order, each with its step (strictly increasing).
  var steps: [(value: SweepValue, step: Int64)]

  init(key: String, values: [SweepValue]) {
    self.key = key
    let numbers = values.compactMap(\.number)
    guard numbers.count == values.count else {
      // A reduction or a profile: no number line.
      scale = .index
      let ordered = values.filter { $0.number != nil }.sorted { $0.number! < $1.number! }
        + values.filter { $0.number == nil }
      steps = ordered.enumerated().map { ($0.element, Int64($0.offset)) }
      return
    }
    let ordered = values.sorted { $0.number! < $1.number! }
    let (scale, coordinates) = Self.integerCoordinates(ordered.map { $0.number! })
    self.scale = scale
    steps = Array(zip(ordered, coordinates))
  }

  func step(of value: SweepValue) -> Int64? {
    steps.first { $0.value == value }?.step
  }

  /// The first scale of `StepScale` that gives every value (ascending) its own whole-number
  /// step, and the steps.
  private static func integerCoordinates(_ values: [Double]) -> (StepScale, [Int64]) {
    let candidates: [(StepScale, [Int64]?)] = [
      (
        .value,
        values.allSatisfy { $0 == $0.rounded() && abs($0) < 100 } ? values.map { Int64($0) } : nil
      ),
      (.log2, logarithms(values, scale: .log2)),
      (.log10, logarithms(values, scale: .log10)),
    ]
    for case (let scale, let steps?) in candidates
    where zip(steps, steps.dropFirst()).allSatisfy({ $0 < $1 }) {
      return (scale, steps)
    }
    return (.index, values.indices.map { Int64($0) })
  }

  /// Exact logarithms of ascending `values` (0 one below the smallest), or nil when a value is
  /// negative or not an exact power.
  private static func logarithms(_ values: [Double], scale: StepScale) -> [Int64]? {
    let positive = values.filter { $0 > 0 }
    guard !positive.isEmpty, positive.count + 1 >= values.count, values.first! >= 0 else {
      return nil
    }
    var steps: [Int64] = []
    for value in positive {
      switch scale {
      case .log2:
        guard value.isNormal, value.significand == 1 else { return nil }
        steps.append(Int64(value.exponent))
      case .log10:
        let decade = Foundation.log10(value).rounded()
        guard abs(decade) < 400, Double("1e\(Int(decade))") == value else { return nil }
        steps.append(Int64(decade))
      case .value, .index:
        return nil
      }
    }
    return positive.count < values.count ? [steps[0] - 1] + steps : steps
  }

  /// What the steps stand for, as Markdown (TensorBoard renders tag descriptions as Markdown,
  /// tables included): one sentence, then a table of step → value.
  var markdown: String {
    let rule =
      switch scale {
      case .value: "The step is the value of `\(key)`."
      case .log2: "The step is log2 of `\(key)`."
      case .log10: "The step is log10 of `\(key)` (its decade)."
      case .index:
        "The step is the position of `\(key)` among its values: smallest number first, names"
          + " in table order after the numbers."
      }
    var zero = ""
    if scale == .log2 || scale == .log10, let first = steps.first, first.value.number == 0 {
      let log = scale == .log2 ? "log2" : "log10"
      zero = " `\(key)` = 0 has no \(log): it is step \(first.step), one below the smallest."
    }
    let rows = steps.map { "| \($0.step) | \(sweepText($0.value)) |" }
    return ([rule + zero, "", "| step | \(key) |", "|---:|---:|"] + rows).joined(separator: "\n")
  }
}
