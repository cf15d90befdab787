import LossLabMeasurement

/// Where a row's result turns bad along its single swept input: the two neighbouring
/// representable inputs, found by bisection, and the status on each side. `low < high`.
public struct Cliff: Sendable, Hashable {
  /// The swept input.
  public var input: InputName
  /// The last input before the change.
  public var low: Double
  public var lowStatus: CliffStatus
  /// The first input after it.
  public var high: Double
  public var highStatus: CliffStatus

  public init(
    input: InputName, low: Double, lowStatus: CliffStatus, high: Double, highStatus: CliffStatus
  ) {
    self.input = input
    self.low = low
    self.lowStatus = lowStatus
    self.high = high
    self.highStatus = highStatus
  }
}

/// One side of a cliff.
public enum CliffStatus: Sendable, Hashable {
  /// Finite and within `cliff_ulps`.
  case ok
  /// The result's class: NaN, overflow or flush to zero.
  case failed(ErrorClass)
  /// Another class, more than this many ulps off (the case's `cliff_ulps`).
  case pastULPs(Double)
}
