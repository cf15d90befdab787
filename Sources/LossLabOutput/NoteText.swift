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
    let formats = recommended.best.map {
      "\($0.format.rawValue) \($0.eps) (max \(String(format: "%.4g", $0.maxULP)) ulp)"
    }
    let rest = sweepLabel(recommended.otherAxes, separator: " ")
    let context = rest.isEmpty ? "" : " at \(rest)"
    return "Recommended eps for \(recommended.formula.name) (\(recommended.caseName)\(context)): "
      + formats.joined(separator: ", ") + "."
  }
}
