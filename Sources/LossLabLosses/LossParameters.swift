import LossLabFormats

/// The values of a loss's parameters, already in the format it runs in, in the order of its
/// family's `parameters`.
///
/// Build them with the format's own rounding of the user's decimal (`1e-7` in Float16 is 2^-23,
/// `1e-8` is 0): that rounding is part of what LossLab measures.
///
/// `scalars` are the same parameters as a framework's host language holds them: a Python float,
/// the decimal rounded once to binary64. A kernel that multiplies a tensor by such a scalar in
/// its own arithmetic (torch's label smoothing: `(1 - ε) · nll` with ε a C++ double, converted
/// to float for a 16-bit tensor's float opmath) reads it there (`scalar(_:)`), not in `T`.
public struct LossParameters<T> {
  public var values: [T]
  /// Each parameter as a binary64 scalar, in the order of `values`.
  public var scalars: [Double]

  /// Required, both: a kernel that reads a scalar must not fall back silently to the value in
  /// `T` (torch's label smoothing is an ulp off in float16 that way).
  @inlinable
  public init(_ values: [T], scalars: [Double]) {
    precondition(values.count == scalars.count, "one scalar per parameter value")
    self.values = values
    self.scalars = scalars
  }

  /// The parameter at `index` as a binary64 scalar.
  @inlinable @inline(__always)
  public func scalar(_ index: Int) -> Double { scalars[index] }

  /// The same parameters with each value converted by `transform` (the scalars as they are).
  @inlinable
  public func map<U>(_ transform: (T) -> U) -> LossParameters<U> {
    LossParameters<U>(values.map(transform), scalars: scalars)
  }

  /// The value of the family's parameter at `index` (families name their indices).
  @inlinable @inline(__always)
  public subscript(_ index: Int) -> T { values[index] }
}

extension LossParameters where T: MachineFloat {
  /// Parameters from their binary64 scalars, each value the scalar rounded to `T` (a decimal
  /// rounded twice, which the runner avoids by rounding the decimal itself: `PointSetup`).
  @inlinable
  public init(nearest scalars: [Double]) {
    self.init(scalars.map { T(nearest: $0) }, scalars: scalars)
  }
}
