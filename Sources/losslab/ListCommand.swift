import ArgumentParser
import Foundation
import LossLabMeasurement
import LossLabFormats
import LossLabLosses
import LossLabReductions

/// `losslab list`: every loss with its variants, every reduction and summation, every format.
struct ListCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "list",
    abstract: "List the losses and their formula variants, the reductions and the formats.")

  func run() throws {
    print("Losses (--loss NAME --formula VARIANT; the first variant is the default):")
    // Columns as wide as the longest name plus two spaces, so no name is cut.
    let lossWidth = Loss.allCases.map(\.rawValue.count).max()! + 2
    let variantWidth = Loss.allCases.flatMap(\.formulas).map(\.variant.count).max()! + 2
    for loss in Loss.allCases {
      print("  \(loss.rawValue.padding(toLength: lossWidth, withPad: " ", startingAt: 0))\(loss.summary)")
      for formula in loss.formulas {
        let name = formula.variant.padding(toLength: variantWidth, withPad: " ", startingAt: 0)
        print("      \(name)\(formula.formulaText)")
      }
      for parameter in loss.parameters {
        print("      (\(parameter.name): \(parameter.meaning); default \(parameter.defaultValue); --param \(parameter.name)=VALUE)")
      }
    }
    print("\nReductions (--reduction):")
    print("  mean      sum / n, the divisor n in the loss's format (Keras sum_over_batch_size)")
    print("  sum       the sum of the per-example losses")
    print("\nSummations (--summation):")
    for summation in Summation.allCases {
      print("  \(summation.rawValue.padding(toLength: 10, withPad: " ", startingAt: 0))\(summationText(summation))")
    }
    print("\nProfiles (eval --profile, or all): how a framework runs the loss")
    for profile in ExecutionProfile.allCases {
      print("  \(profile.rawValue.padding(toLength: 16, withPad: " ", startingAt: 0))\(profile.summary)")
    }
    print("\nFormats (--format, or all):")
    for format in Format.allCases {
      print("  \(format.rawValue.padding(toLength: 10, withPad: " ", startingAt: 0))\(format.precision)-bit significand, max \(format.greatestFiniteMagnitude), smallest subnormal \(format.leastNonzeroMagnitude)")
    }
  }

  func summationText(_ summation: Summation) -> String {
    switch summation {
    case .recursive: "a plain left-to-right loop in the format (the default)"
    case .pairwise: "NumPy's pairwise scheme: blocks of 128 with 8 accumulators"
    case .kahan: "Kahan's compensated summation"
    case .neumaier: "Neumaier's improved compensated summation"
    case .wide: "accumulate in the wider format (Float for 16-bit formats, Double for Float)"
    case .torch: "PyTorch's CPU sum: its cascade of vector accumulators, 16-bit formats in Float"
    case .eigen: "TensorFlow's CPU reduce_sum: Eigen's packet accumulators, float16 in half, bfloat16 in Float"
    case .xla: "JAX's jnp.sum under XLA:CPU: windows of 32 in a tree, 16-bit formats in Float; mean times 1/n"
    }
  }
}
