import LossLabFormats
import LossLabLosses

/// A fact about an experiment beside its rows (`LossLabOutput.noteText` writes it).
public enum ExperimentNote: Sendable {
  /// The spec's ε values, as written, that round to 0 in the format.
  case epsilonsRoundToZero(Format, [String])
  /// The spec's ε values, as written, for which 1 + ε rounds to 1 in the format.
  case epsilonsAbsorbedByOne(Format, [String])
  /// Per format, the smallest ε of the sweep that keeps the rounding error small and finite,
  /// over rows that differ only in ε and format.
  case recommendedEpsilon(RecommendedEpsilon)
}

/// The recommended ε of one group of rows.
public struct RecommendedEpsilon: Sendable {
  /// The criterion: every point's rounding error (against the formula as written) finite and
  /// within this many ulps of the format.
  public static let roundingULPs = 8.0

  public var formula: Formula
  /// The profile its rows ran under (a finding speaks of a formula under one profile).
  public var profile: ExecutionProfile
  public var caseName: String
  /// The group's other sweep coordinates.
  public var otherAxes: [SweepAxis]
  /// Per format of the table, in `Format.allCases` order.
  public var choices: [EpsilonChoice]
}

/// The ε recommended in one format, and what it costs.
public struct EpsilonChoice: Sendable {
  public var format: Format
  /// The ε as the spec wrote it: the smallest that meets the criterion or, when none does, the
  /// one with the fewest non-finite points and then the smallest rounding error.
  public var eps: String
  public var meetsCriterion: Bool
  /// Its row's largest rounding error, in ulps.
  public var roundingULP: Double
  /// Its row's points that are NaN or overflow against the formula as written.
  public var nonFinite: Int
  public var points: Int
  /// Its row's largest |bias| against the ideal loss, relative to the ideal.
  public var bias: Double
}
