import Foundation
import LossLabFormats
import LossLabLosses
import LossLabMeasurement
import Testing

/// `losslab eval --profile` against what the frameworks returned (Tests/FrameworkVectors): the
/// measurement path itself (LossQuery.evaluate → measurePoint under a profile), on the groups
/// whose framework model FrameworkVectorTests finds bit-exact.
@Suite("Execution profiles reproduce the frameworks through eval's measurement")
struct ExecutionProfileTests {
  /// framework, setting, LossLab name, and the profile that models it.
  static let groups: [(String, String, String, ExecutionProfile)] = [
    ("torch", "eager", "mse/standard", .torch),
    ("torch", "eager", "mae/standard", .torch),
    ("torch", "eager", "bce-logits/torch", .torch),
    ("torch", "eager", "bce/torch-log1p", .torch),
    ("optax", "nojit", "mse/standard", .optax),
    // XLA's log1p (XLAReal) and jnp.mean over the 3 columns (XLAReal.rowMean).
    ("keras-jax", "default", "log-cosh/stable", .kerasJAX),
    ("keras-jax", "default", "mse/standard", .kerasJAX),
    ("keras-tensorflow", "default", "huber/standard", .keras),
  ]

  @Test("torch, optax and Keras (TensorFlow and JAX) vectors in float16 and bfloat16, bit for bit", arguments: groups)
  func profileReproducesFramework(
    framework: String, setting: String, losslab: String, profile: ExecutionProfile
  ) throws {
    let vectors = FrameworkVector.all.filter {
      $0.framework == framework && $0.setting == setting && $0.losslab == losslab
        && $0.dtype.isSixteenBit
    }
    #expect(vectors.count >= 10, "\(framework) \(setting) \(losslab)")
    let formula = try #require(vectorFormula(losslab))
    for vector in vectors {
      // Reduction none: each row alone, as a batch of one.
      let batches: [(Range<Int>, Double)] =
        vector.reduction == nil
        ? (0..<vector.rows).map { ($0..<$0 + 1, vector.output[$0]) }
        : [(0..<vector.rows, vector.output[0])]
      for (rows, expected) in batches {
        let c = vector.columns
        let slice = { (values: [Double]) in
          values.isEmpty ? [] : values[rows.lowerBound * c..<rows.upperBound * c].map { $0.hexString }
        }
        let query = LossQuery(
          formula: formula, reduction: vector.reduction ?? .mean, yTrue: slice(vector.yTrue),
          yPred: slice(vector.yPred), columns: c,
          parameters: vector.parameters.filter { name, _ in formula.parameters.contains { $0.name == name } })
        let result = try query.evaluate(
          formats: [vector.dtype], reference: .fixed(64), profiles: [profile]
        ).results[0]
        #expect(result.outputFormat == vector.outputFormat, "\(vector.origin)")
        #expect(
          result.value == expected || (result.value.isNaN && expected.isNaN),
          "\(vector.origin) rows \(rows): \(result.value.hexString) against \(expected.hexString)")
      }
    }
  }

  @Test("Keras and autocast compute 16-bit inputs in float32 and return float32; torch, optax, tf and pure stay in the format")
  func outputFormats() {
    for profile in ExecutionProfile.allCases {
      for format in Format.allCases {
        let widened = [.keras, .kerasJAX, .torchAutocast].contains(profile) && format.isSixteenBit
        #expect(profile.outputFormat(format) == (widened ? .float32 : format))
      }
    }
  }
}
