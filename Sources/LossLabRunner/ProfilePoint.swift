import LossLabMeasurement

/// One point of a row's error profile: the error at one value of the swept input, for plots of
/// error against input. Kept for grid sweeps with one varying input, at most
/// `ProfilePoint.limit` evenly strided points per row, so memory stays bounded by the rows.
public struct ProfilePoint: Sendable, Equatable {
  /// The varying input's value as the spec gives it (before any unit scale).
  public var x: Double
  /// Rounding error (against the formula as written) in ulps of the row's format (+inf for NaN
  /// or overflow).
  public var ulp: Double
  public var errorClass: ErrorClass

  public init(x: Double, ulp: Double, errorClass: ErrorClass) {
    self.x = x
    self.ulp = ulp
    self.errorClass = errorClass
  }

  /// The most points a row's profile keeps.
  public static let limit = 512

  /// Every `stride`-th point goes into the profile.
  static func stride(points: Int) -> Int { max(1, (points + limit - 1) / limit) }
}
