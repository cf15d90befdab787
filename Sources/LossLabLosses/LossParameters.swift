import LossLabFormats

/// The values of a loss's parameters, already in the format it runs in, in the order of its
/// family's `parameters`.
///
/// Build them with the format's own rounding of the user's decimal (`1e-7` in Float16 is 2^-23,
/// `1e-8` is 0): that rounding is part of what LossLab measures.
public struct LossParameters<T> {
  public var values: [T]

  @inlinable
  public init(_ values: [T]) { self.values = values }

  /// The value of the family's parameter at `index` (families name their indices).
  @inlinable @inline(__always)
  public subscript(_ index: Int) -> T { values[index] }
}
