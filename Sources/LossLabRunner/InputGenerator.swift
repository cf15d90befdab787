import LossLabFormats
import LossLabTensorFiles

/// Where an input's values come from (the `inputs:` of a spec).
public indirect enum InputGenerator: Sendable, Equatable {
  /// One value.
  case constant(Double)
  /// These values, in order.
  case values([Double])
  /// `count` values from `from` to `to`, evenly spaced (`log`: in log space); `signs` adds the
  /// negatives; `complement` turns each g into 1 - g (to approach 1 from below).
  case grid(from: Double, to: Double, count: Int, log: Bool, signs: Signs, complement: Bool)
  /// Uniform over the reals in [from, to).
  case uniform(from: Double, to: Double)
  /// Normal(mean, std): ML-shaped logits.
  case normal(mean: Double, std: Double)
  /// sigmoid of Normal(mean, std): ML-shaped probabilities.
  case sigmoidNormal(mean: Double, std: Double)
  /// Uniform over the finite bit patterns of a format (weighs tiny magnitudes heavily, as Herbie).
  case bitPatterns(Format)
  /// 0, ±subnormals, the smallest normal, 1 - ulp, 1, the largest finite, of a format.
  case special(Format)
  /// Every finite value of a 16-bit format, ascending, 0 once: 63,487 of float16, 65,279 of
  /// bfloat16 (the parser admits no other format); with `range`, those within it (every float16
  /// target in [0, 1]: 15,361).
  case exhaustive(Format, range: ClosedRange<Double>?)
  /// `first` for the first element of a batch, `then` for the rest.
  case firstThen(first: Double, then: Double)
  /// 0/1 labels drawn as Bernoulli(p) of another input: p itself, or sigmoid of it for logits.
  case bernoulli(of: InputName, logits: Bool)
  /// One-hot rows (dense targets) or class indices (sparse labels) of a random class.
  case randomClass
  /// A noisy loss curve: from `from` decaying to `to`, plus Normal(0, noise) (kept positive).
  case decay(from: Double, to: Double, noise: Double)
  /// A constant swept over these values (one table row group per value).
  case sweep([Double])
  /// Several generators' values, one after the other (grid mode).
  case concatenation([InputGenerator])
  /// The values of a file (`{file: logits.npy}`): one batch, the same in every point.
  case file(Tensor)

  public enum Signs: String, Sendable { case positive, negative, both }

  /// Whether values are drawn at random (which puts the experiment in sample mode).
  public var isRandom: Bool {
    switch self {
    case .uniform, .normal, .sigmoidNormal, .bitPatterns, .bernoulli, .randomClass, .decay: true
    case .concatenation(let parts): parts.contains { $0.isRandom }
    case .constant, .values, .grid, .special, .exhaustive, .firstThen, .sweep, .file: false
    }
  }

  /// The values of a deterministic generator, in order (nil for random ones).
  public func list(quickGridCount: Int?) -> [Double]? {
    switch self {
    case .constant(let value): return [value]
    case .values(let values): return values
    case .sweep(let values): return values
    case .grid(let from, let to, var count, let log, let signs, let complement):
      if let quickGridCount { count = min(count, quickGridCount) }
      var values = (0..<count).map { i -> Double in
        if i == count - 1 && count > 1 { return to }  // exactly the end, not a rounding of it
        let t = count == 1 ? 0 : Double(i) / Double(count - 1)
        return log ? from * pow2(log2(to / from) * t) : from + (to - from) * t
      }
      if complement { values = values.map { 1 - $0 } }
      switch signs {
      case .positive: break
      case .negative: values = values.map { -$0 }
      case .both: values = values.map { -$0 }.reversed() + values
      }
      return values.sorted()
    case .special(let format): return specialValues(format)
    case .exhaustive(let format, let range):
      let values = exhaustiveValues(format)
      return range.map { range in values.filter { range.contains($0) } } ?? values
    case .firstThen(let first, let then): return [first, then]
    case .file(let tensor): return tensor.values
    case .concatenation(let parts):
      var all: [Double] = []
      for part in parts {
        guard let values = part.list(quickGridCount: quickGridCount) else { return nil }
        all += values
      }
      return all.sorted()
    default: return nil
    }
  }

  /// 0, ±subnormals (smallest, a middle one, largest), ±smallest normal, 1 - ulp, 1, ±largest.
  func specialValues(_ format: Format) -> [Double] {
    let tiny = format.leastNonzeroMagnitude, normal = format.leastNormalMagnitude
    let oneMinusUlp = 1 - format.unitRoundoff
    let positive = [
      tiny, tiny * 8, normal - tiny, normal, oneMinusUlp, 1, format.greatestFiniteMagnitude,
    ]
    return (positive.map { -$0 } + [0] + positive).sorted()
  }
}

/// The named inputs of a loss.
public enum InputName: String, CaseIterable, Sendable, Hashable {
  case yTrue = "y_true"
  case yPred = "y_pred"
  case weights
}

@inline(__always) func pow2(_ x: Double) -> Double { exp2(x) }

#if canImport(Glibc)
import Glibc
#endif

/// Every finite value of a 16-bit format, ascending, with 0 once (not -0).
func exhaustiveValues(_ format: Format) -> [Double] {
  func values(below infinity: UInt16, _ value: (UInt16) -> Double) -> [Double] {
    (0..<infinity).flatMap { bits -> [Double] in
      bits == 0 ? [value(bits)] : [value(bits), -value(bits)]
    }.sorted()
  }
  switch format {
  case .float16: return values(below: 0x7C00) { Double(Float16(bitPattern: $0)) }
  case .bfloat16: return values(below: 0x7F80) { BFloat16(bitPattern: $0).doubleValue }
  case .float32, .float64: preconditionFailure("exhaustive inputs are 16-bit (SpecParser checks)")
  }
}
