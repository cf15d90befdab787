import LossLabLosses
import LossLabReductions

/// One sweep axis of a row: its key as the tables name it (`n`, `eps`, `y_true`) and its value,
/// typed. The output modules write it (`LossLabOutput.sweepText`); nothing reads it back.
public struct SweepAxis: Sendable, Hashable {
  public var key: String
  public var value: SweepValue

  public init(key: String, value: SweepValue) {
    self.key = key
    self.value = value
  }
}

/// The value of a sweep axis.
public enum SweepValue: Sendable, Hashable {
  /// A swept input's value (`y_true`), a unit scale or a margin.
  case number(Double)
  /// Examples per point (`n`) or classes per row.
  case count(Int)
  case reduction(Reduction)
  /// How the framework runs the loss (`profile=torch`).
  case profile(ExecutionProfile)
  /// A loss parameter: the decimal the spec wrote (each format rounds this text itself, so
  /// `1e-7` stays `1e-7`) and its binary64 value.
  case parameter(text: String, value: Double)

  /// Where the value sits on a number line (plots, TensorBoard steps); nil for a reduction or a
  /// profile.
  public var number: Double? {
    switch self {
    case .number(let x): x
    case .count(let n): Double(n)
    case .reduction, .profile: nil
    case .parameter(_, let value): value
    }
  }
}
