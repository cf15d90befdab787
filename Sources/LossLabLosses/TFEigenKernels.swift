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

/// `tf.pow` of element `index` of a contiguous float32 tensor of `count` elements (the exponent a
/// scalar or an element of a tensor of the same shape): `EigenFloat.pow` in whole packets,
/// glibc's `powf` for the last `count % 8` (both with denormals flushed). Other formats take
/// their own `pow` (Keras computes its focal loss in float32, and TensorFlow's 16-bit and
/// double packet pow are not modelled). Checked against tf-pow-float32 and tf-pow-rows-float32.
///
/// **Edge cases** and **Error bound:** `EigenFloat.pow` in packets, glibc's in the tail.
@inlinable
public func tfPow<T: LossReal>(_ x: T, _ y: T, index: Int, count: Int) -> T {
  guard T.isFloat32Encoded else { return T.pow(x, y) }
  let (a, b) = (floatValue(x), floatValue(y))
  let r =
    eigenPacketCovers(index, count: count)
    ? EigenFloat.pow(a, b) : flushedSubnormal(Float.pow(flushedSubnormal(a), flushedSubnormal(b)))
  return fromFloat(r)
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
    inPacket ? packet(v) : flushedSubnormal(scalar(flushedSubnormal(v)))
  }
  return floatKernelApplies(T.self) ? throughFloat(x, apply) : double(x)
}

/// The loss of row `row` (of `rows`) of TF's CPU `SoftmaxCrossEntropyWithLogits` kernel in float32
/// (tensorflow/core/kernels/xent_op.h `XentEigenImpl::Compute`; what
/// `tf.nn.softmax_cross_entropy_with_logits` and Keras' `categorical_crossentropy(from_logits=True)`
/// on TensorFlow run; float16 and bfloat16 logits are cast to float32 first, nn_ops.py), for a
/// row of `logits` and `labels` (C classes each), as the Eigen expressions evaluate it:
/// 1. `m = max_c x_c`; `d_c = x_c - m`;
/// 2. `s = Σ_c exp(d_c)`: a reduction over the class dimension, so within the row the first
///    `8 ⌊C/8⌋` terms take Eigen's packet exp and the last `C % 8` glibc's `expf`, summed in
///    `InnerMostDimReducer`'s order (`eigenTreeReduce`);
/// 3. `L = log s`: `scratch.log().eval()` over the batch vector, so rows before `8 ⌊rows/8⌋`
///    take Eigen's packet log and the last `rows % 8` glibc's `logf`;
/// 4. loss = `Σ_c labels_c (L - d_c)` (each product rounded), summed in the same order.
/// All under TF's flush of denormals (FTZ/DAZ).
///
/// Checked bit for bit against TF 2.21 (tf-xent-float32: batches of 1 to 20 rows of 1 to 40
/// classes).
///
/// **Edge cases:** a row with +inf gives NaN (inf - inf); a label of 0 on a class whose `d` is
/// -inf gives NaN (0 × inf), as TF does. **Error bound:** the sum and log within about 3 float
/// ulps; `L - d_c` cancels for a confident row (d_c ≈ 0, L ≈ 0), where the loss is a tiny
/// number with a large relative error; TF's own.
@inlinable
public func tfSoftmaxCrossEntropyRow(
  logits x: UnsafeBufferPointer<Float>, labels y: UnsafeBufferPointer<Float>, row: Int, rows: Int
) -> Float {
  let (m, logSum) = tfXentShiftedLogSum(x, row: row, rows: rows, packetLog: true)
  let c = x.count
  return eigenTreeReduce(first: 0, count: c, packet: 8, leaf: 1024, { k in
    flushedSubnormal(y[k] * flushedSubnormal(logSum - tfXentShifted(x, k, m)))
  }, fold: foldHalves)
}

/// The loss of row `row` of TF's CPU `SparseSoftmaxCrossEntropyWithLogits` kernel in float32
/// (tensorflow/core/kernels/sparse_xent_op.h `SparseXentEigenImpl::Compute`; float16 logits
/// are cast to float32 first, bfloat16 runs the kernel in bfloat16, not modelled here): `s` as
/// in `tfSoftmaxCrossEntropyRow`, then the loss generator's scalar
/// `numext::log(s) - d_label` (`SparseXentLossGenerator`: glibc's `logf` whatever the row),
/// flushed.
///
/// Checked bit for bit against TF 2.21 (tf-sparse-xent-float32).
///
/// **Edge cases** and **Error bound:** as `tfSoftmaxCrossEntropyRow` (a label outside the row
/// gives NaN in TF; here it is a precondition).
@inlinable
public func tfSparseSoftmaxCrossEntropyRow(
  logits x: UnsafeBufferPointer<Float>, label: Int, row: Int, rows: Int
) -> Float {
  let (m, logSum) = tfXentShiftedLogSum(x, row: row, rows: rows, packetLog: false)
  return flushedSubnormal(logSum - tfXentShifted(x, label, m))
}

/// Steps 1-3 of TF's xent kernels for one row: the row's max `m` (the shifted logits are
/// `tfXentShifted`) and `log s` (Eigen's packet log for rows in whole packets of the batch when
/// `packetLog`, else glibc's `logf`).
@inlinable
func tfXentShiftedLogSum(
  _ x: UnsafeBufferPointer<Float>, row: Int, rows: Int, packetLog: Bool
) -> (max: Float, logSum: Float) {
  var m = -Float.infinity
  for v in x { m = flushedSubnormal(v) > m || v.isNaN ? flushedSubnormal(v) : m }
  let c = x.count
  let s = eigenTreeReduce(first: 0, count: c, packet: 8, leaf: 1024, { k in
    let d = tfXentShifted(x, k, m)
    return eigenPacketCovers(k, count: c) ? EigenFloat.exp(d) : flushedSubnormal(formatExp(d))
  }, fold: foldHalves)
  let logSum = packetLog && eigenPacketCovers(row, count: rows)
    ? EigenFloat.log(s) : flushedSubnormal(formatLog(s))
  return (m, logSum)
}

/// The shifted logit `d_k = x_k - m` as TF's kernel computes it (denormals flushed).
@inlinable @inline(__always)
func tfXentShifted(_ x: UnsafeBufferPointer<Float>, _ k: Int, _ m: Float) -> Float {
  flushedSubnormal(flushedSubnormal(x[k]) - m)
}

