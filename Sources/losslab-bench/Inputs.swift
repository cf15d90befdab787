import LossLabLosses
import LossLabRunner

/// The bench's inputs come from the runner's SplitMix64 with a fixed seed.
extension SplitMix64 {
  /// Uniform in the open interval (0, 1).
  mutating func unit() -> Double { (Double(next() >> 11) + 0.5) * 0x1p-53 }

  mutating func uniform(_ low: Double, _ high: Double) -> Double { low + (high - low) * unit() }
}

/// The seeded inputs of one benchmark case, in binary64 (the runner's inputs are binary64 too).
enum BenchInputs {
  static let seed: UInt64 = 0x4C6F_7373_4C61_62  // "LossLab"
  static let classes = 10

  /// Soft targets in (0, 1) and probabilities in (0, 1): both BCE terms are computed.
  static func probabilities(_ n: Int, seed: UInt64 = seed) -> Batch<Double> {
    var random = SplitMix64(seed: seed)
    var y: [Double] = [], p: [Double] = []
    for _ in 0..<n {
      y.append(random.unit())
      p.append(random.unit())
    }
    return Batch(yTrue: y, yPred: p)
  }

  /// Soft targets in (0, 1) and logits in (-10, 10).
  static func logits(_ n: Int, seed: UInt64 = seed) -> Batch<Double> {
    var random = SplitMix64(seed: seed)
    var y: [Double] = [], x: [Double] = []
    for _ in 0..<n {
      y.append(random.unit())
      x.append(random.uniform(-10, 10))
    }
    return Batch(yTrue: y, yPred: x)
  }

  /// Regression targets and predictions in (-2, 2).
  static func regression(_ n: Int, seed: UInt64 = seed) -> Batch<Double> {
    var random = SplitMix64(seed: seed)
    var y: [Double] = [], p: [Double] = []
    for _ in 0..<n {
      y.append(random.uniform(-2, 2))
      p.append(random.uniform(-2, 2))
    }
    return Batch(yTrue: y, yPred: p)
  }

  /// `n` rows of 10 logits in (-8, 8) and a class label per row.
  static func classLogits(_ n: Int, seed: UInt64 = seed) -> Batch<Double> {
    var random = SplitMix64(seed: seed)
    var x: [Double] = [], labels: [Int] = []
    for _ in 0..<n {
      for _ in 0..<classes { x.append(random.uniform(-8, 8)) }
      labels.append(Int(random.next() % UInt64(classes)))
    }
    return Batch(yTrue: [], yPred: x, labels: labels, columns: classes)
  }
}
