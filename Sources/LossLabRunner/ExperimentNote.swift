import LossLabFormats
import LossLabLosses

/// A fact about an experiment beside its rows (`LossLabOutput.noteText` writes it).
public enum ExperimentNote: Sendable {
  /// The spec's ε values, as written, that round to 0 in the format.
  case epsilonsRoundToZero(Format, [String])
  /// The spec's ε values, as written, for which 1 + ε rounds to 1 in the format.
  case epsilonsAbsorbedByOne(Format, [String])
  /// Per format, the ε of the sweep with the smallest worst error, over rows that differ only
  /// in ε and format.
  case recommendedEpsilon(RecommendedEpsilon)
}

/// The recommended ε of one group of rows.
public struct RecommendedEpsilon: Sendable {
  public var formula: Formula
  public var caseName: String
  /// The group's other sweep coordinates.
  public var otherAxes: [SweepAxis]
  /// Per format, the best ε as written and its row's max ulp error.
  public var best: [(format: Format, eps: String, maxULP: Double)]
}
