import Foundation
import LossLabRunner

/// A note of an experiment as its Markdown table lists it.
public func noteText(_ note: ExperimentNote) -> String {
  switch note {
  case .epsilonsRoundToZero(let format, let epsilons):
    return "In \(format.rawValue), eps \(epsilons.joined(separator: ", ")) round to 0."
  case .epsilonsAbsorbedByOne(let format, let epsilons):
    return "In \(format.rawValue), 1 + eps rounds to 1 for eps \(epsilons.joined(separator: ", "))."
  case .recommendedEpsilon(let recommended):
    let rest = sweepLabel(recommended.otherAxes, separator: " ")
    let context = rest.isEmpty ? "" : " at \(rest)"
    return "Recommended eps for \(recommended.formula.name) (\(recommended.caseName)\(context)), "
      + "the smallest whose rounding error stays finite and within "
      + "\(tableNumber(RecommendedEpsilon.roundingULPs)) ulp on every point: "
      + recommended.choices.map(epsilonChoiceText).joined(separator: "; ") + "."
  }
}

/// One format's recommended ε: `float16 1e-3 (rounding 1.5 ulp, bias 0.1%)`, or what comes
/// closest when no ε meets the criterion.
public func epsilonChoiceText(_ choice: EpsilonChoice) -> String {
  let format = choice.format.rawValue
  let bias = "bias \(biasText(choice.bias))"
  guard choice.meetsCriterion else {
    let unsafe = choice.nonFinite > 0 ? "\(choice.nonFinite) of \(choice.points) points NaN or inf, " : ""
    return "\(format): none (closest: \(choice.eps), \(unsafe)rounding \(tableNumber(choice.roundingULP)) ulp, \(bias))"
  }
  return "\(format) \(choice.eps) (rounding \(tableNumber(choice.roundingULP)) ulp, \(bias))"
}

/// A relative bias as a percentage (`0.1%`, `1e-05%`), `inf` when the ideal loss is infinite.
public func biasText(_ relative: Double) -> String {
  relative.isFinite ? "\(tableNumber(relative * 100))%" : "inf"
}
