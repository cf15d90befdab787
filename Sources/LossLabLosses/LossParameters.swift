import LossLabFormats

/// The constants a loss formula uses, already in the format it runs in.
///
/// Build them with the format's own rounding of the user's decimal (`1e-7` in Float16 is 2^-23,
/// `1e-8` is 0): that rounding is part of what LossLab measures.
public struct LossParameters<T: LossReal> {
  /// ε of the clipped and guarded formulas (Keras' `backend.epsilon()`, 1e-7 by default).
  public var epsilon: T
  /// δ of the Huber loss.
  public var delta: T

  @inlinable
  public init(epsilon: T, delta: T) {
    self.epsilon = epsilon
    self.delta = delta
  }
}
