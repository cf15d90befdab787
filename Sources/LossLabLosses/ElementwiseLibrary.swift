/// Whose element-wise functions (`exp`, `log`, `log1p`) a profile's formulas take: the number
/// type a formula is evaluated in on inputs of a format `T` (`ExecutionProfile.elementwise`).
///
/// A variant that mirrors a framework kernel with its own functions (torch's SLEEF, TensorFlow's
/// Eigen packets: `torchVectorizedLog`, `tfExp`) calls them itself, under every profile; this
/// chooses what a formula's `T.exp`, `T.log` and `T.log(onePlus:)` are.
public enum ElementwiseLibrary: String, Sendable {
  /// The format's own (`LossReal`): swift-numerics over the C library (glibc's `expf`, `logf`,
  /// `log1pf` for float32; float16 and bfloat16 through float32, rounded). The formula runs on
  /// `T`.
  case libm
  /// XLA:CPU's own kernels (`XLAFloat`): the formula runs on `XLAReal<T>`.
  case xla
  /// TensorFlow's CPU kernels (`EigenReal`): Eigen's packet functions or glibc's by the
  /// element's place in its tensor, Eigen's sums over the last axis; the formula runs on
  /// `EigenReal<T>`.
  case eigen
}
