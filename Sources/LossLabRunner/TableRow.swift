import LossLabFormats
import LossLabLosses
import LossLabReductions

/// One row of a precision table: a formula in a format at one sweep coordinate, over its points.
public struct TableRow: Sendable {
  public var experiment: String
  public var caseName: String
  public var formula: Formula
  public var format: Format
  public var reduction: Reduction
  public var summation: Summation
  /// The sweep axes that vary in the case, with the row's values.
  public var axes: [SweepAxis]
  /// The loss parameters the spec gives for the row, as written, by name (the loss's defaults
  /// for the rest).
  public var parameters: [String: String] = [:]
  public var statistics: RowStatistics
  /// Where the result turns bad along the swept input, in ascending order, found by
  /// bisection; empty if nowhere.
  public var cliffs: [Cliff]
  /// The worst point (nil when the row has none, e.g. no points).
  public var worstInput: WorstInput?
  /// The seed the row's points were drawn with; nil when they are a deterministic grid.
  public var seed: UInt64? = nil
  /// Error against the swept input, for plots (grid sweeps with one varying input; else empty).
  public var profile: [ProfilePoint] = []
  /// The row's 2-D map of y_pred x y_true (`map:` cases; else nil).
  public var map: MapResult? = nil

  /// How the framework ran the row (its `profile=` axis; `pure` when the case has none).
  public var executionProfile: ExecutionProfile {
    for axis in axes {
      if case .profile(let profile) = axis.value { return profile }
    }
    return .pure
  }

  /// The sweep axes other than the profile (which the tables give a column of its own).
  public var sweepAxes: [SweepAxis] {
    axes.filter {
      if case .profile = $0.value { return false }
      return true
    }
  }
}

/// Everything one experiment produced.
public struct ExperimentResult: Sendable {
  public var spec: ExperimentSpec
  public var rows: [TableRow]
  /// Facts about the constants, e.g. which ε round to 0 in which format.
  public var notes: [ExperimentNote]
}
