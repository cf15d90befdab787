import LossLabFormats
import LossLabReductions

// TensorFlow 2.21's CPU kernels for element-wise exp/log/log1p and its fused softmax
// cross-entropy, as they run on this machine (pip build: Eigen with AVX, 8-lane `Packet8f`, no
// FMA), built on `EigenFloat` (Eigen's packet functions) and `eigenTreeReduce` (Eigen's
// inner-most-dimension reduction). Which element takes the packet path and which the scalar
// functor (glibc) was established by probes (Tests/FrameworkVectors/generate_kernels.py `tf`;
// FrameworkKernelTests): an expression over n contiguous elements evaluates whole packets from
// its start and the last n % 8 elements one by one; a reduction over the inner dimension does
// the same within each row.

/// Whether element `index` of `count` contiguous elements is evaluated in a whole Eigen packet
/// (8 lanes) rather than by the scalar functor.
@inlinable @inline(__always)
public func eigenPacketCovers(_ index: Int, count: Int) -> Bool { index < count / 8 * 8 }

/// `tf.exp` of element `index` of a contiguous tensor of `count` elements: `EigenFloat.exp` in
/// whole packets, glibc's `expf` for the last `count % 8` (both with denormals flushed, as TF's
/// `ScopedFlushDenormal` does); float16 and bfloat16 compute the
/// same in float and round once (`F16_PACKET_FUNCTION`; the scalar `half exp` is
/// `half(expf(float(a)))`). Double (`Packet4d`, `pexp_double`) is not modelled: the format's own
/// `exp`.
///
/// Checked bit for bit against TF 2.21 (tf-exp-float32: 8,016 arguments in whole packets;
/// tf-exp-rows-float32: tensors of 1 to 40 elements).
///
/// **Edge cases** and **Error bound:** `EigenFloat.exp` in packets, glibc's (correctly rounded
/// in practice) in the tail.
@inlinable
public func tfExp<T: LossReal>(_ x: T, index: Int, count: Int) -> T {
  tfElementwise(x, index: index, count: count, EigenFloat.exp, { formatExp($0) }, T.exp)
}

/// `tf.math.log` of element `index` of `count` (as `tfExp`, with `EigenFloat.log` and glibc's
/// `logf`). Checked against tf-log-float32 and tf-log-rows-float32.
@inlinable
public func tfLog<T: LossReal>(_ x: T, index: Int, count: Int) -> T {
  tfElementwise(x, index: index, count: count, EigenFloat.log, { formatLog($0) }) { T.log($0) }
}

/// `tf.math.log1p` of element `index` of `count` (as `tfExp`, with `EigenFloat.log1p` and
/// glibc's `log1pf`). Checked against tf-log1p-float32 and tf-log1p-rows-float32.
@inlinable
public func tfLog1p<T: LossReal>(_ x: T, index: Int, count: Int) -> T {
  tfElementwise(x, index: index, count: count, EigenFloat.log1p, { formatLog1p($0) }) {
    T.log(onePlus: $0)
  }
}

/// The format's own `log` and `log1p` (glibc's for Float): TF's scalar functors.
@inlinable @inline(__always)
func formatLog<U: LossReal>(_ x: U) -> U { U.log(x) }
@inlinable @inline(__always)
func formatLog1p<U: LossReal>(_ x: U) -> U { U.log(onePlus: x) }

/// In float (Float, or through Float for a 16-bit `T`, rounded once): `packet` when the element
/// is in a whole packet, else `scalar` (glibc); Double: `double`, the format's own function
/// (`Packet4d` is not modelled).
@inlinable @inline(__always)
func tfElementwise<T: LossReal>(
  _ x: T, index: Int, count: Int, _ packet: (Float) -> Float, _ scalar: (Float) -> Float,
  _ double: (T) -> T
) -> T {
  let inPacket = eigenPacketCovers(index, count: count)
  @inline(__always) func apply(_ v: Float) -> Float {
    inPacket ? packet(v) : EigenFloat.flushed(scalar(EigenFloat.flushed(v)))
  }
  if T.self == Float.self {
    return unsafeBitCast(apply(unsafeBitCast(x, to: Float.self)), to: T.self)
  }
  if T.Wide.self == Float.self {
    return T(narrowing: unsafeBitCast(apply(unsafeBitCast(x.widened, to: Float.self)), to: T.Wide.self))
  }
  return double(x)
}
