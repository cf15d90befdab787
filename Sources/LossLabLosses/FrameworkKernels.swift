import LossLabFormats

/// Whether PyTorch's CPU kernels compute `T` in float32 (`at::opmath_type<T>`): true for the
/// 16-bit formats (and types storing one, `LossReal.encodedFormat`), whose `Wide` is float32;
/// false for Float and Double, which compute in themselves. The check is on types only, so it
/// folds away when a loss specializes.
@inlinable @inline(__always)
func torchComputesInFloat<T: LossReal>(_: T.Type) -> Bool { T.isSixteenBitEncoded }

/// Whether a framework's float kernel (SLEEF's, Eigen's, XLA's) applies to `T`: float32 itself
/// or a 16-bit format (whose `Wide` is float32), by encoding (`LossReal.encodedFormat`), so a
/// type that stores one of them and nothing more runs the same. Folds away when specialized.
@inlinable @inline(__always)
func floatKernelApplies<T: LossReal>(_: T.Type) -> Bool {
  T.isFloat32Encoded || T.isSixteenBitEncoded
}

/// `f` applied as the frameworks apply a float routine to a `T` value: float32 directly;
/// float16 and bfloat16 converted to float (exact) and the result rounded once. Only for
/// `floatKernelApplies(T)`.
@inlinable @inline(__always)
func throughFloat<T: LossReal>(_ x: T, _ f: (Float) -> Float) -> T {
  fromFloat(f(floatValue(x)))
}

/// A `T` value as a float kernel reads it: float32 itself, a 16-bit value converted (exact).
/// Only for `floatKernelApplies(T)`.
@inlinable @inline(__always)
func floatValue<T: LossReal>(_ x: T) -> Float {
  T.isFloat32Encoded ? unsafeBitCast(x, to: Float.self) : unsafeBitCast(x.widened, to: Float.self)
}

/// A float kernel's result as a `T`: float32 itself, rounded once to a 16-bit format. Only for
/// `floatKernelApplies(T)`.
@inlinable @inline(__always)
func fromFloat<T: LossReal>(_ r: Float, as _: T.Type = T.self) -> T {
  T.isFloat32Encoded ? unsafeBitCast(r, to: T.self) : T(narrowing: unsafeBitCast(r, to: T.Wide.self))
}

/// `m = max x` (NaN if any is NaN, not replaced when infinite) and `Σ exp(x - m)`
/// (`LossReal.rowExpSum`: left to right by default; TensorFlow's kernel's under `EigenReal`),
/// each value converted by `compute` first: the first two passes of torch's and TensorFlow's
/// softmax kernels.
@inlinable @inline(__always)
func maxAndShiftedExpSum<T: LossReal, U: LossReal>(
  _ x: UnsafeBufferPointer<T>, _ compute: (T) -> U
) -> (max: U, sum: U) {
  var m = -U.infinity
  for i in x.indices { m = U.larger(m, compute(x[i])) }
  let s = U.rowExpSum(count: x.count) { compute(x[$0]) - m }
  return (m, s)
}

