import CFloatEnvironment

/// Runs `body` on this thread with subnormal results flushed to zero and subnormal operands
/// read as zero, then restores the previous floating-point control: how TensorFlow's and XLA's
/// CPU kernels run (`ScopedFlushDenormal`, tensorflow/core/platform/denormal.cc; XLA's CPU
/// client, xla/pjrt/cpu/cpu_client.cc), so that a float32 loss below 2^-126 comes out 0 there.
///
/// The control applies to the hardware's Float and Double arithmetic (x86-64 SSE: MXCSR FTZ and
/// DAZ; AArch64: FPCR.FZ). Float16 and bfloat16 values are computed through Float; a result
/// that is subnormal only in the 16-bit format (normal in Float) is not flushed.
public func withSubnormalsFlushed<R>(_ body: () throws -> R) rethrows -> R {
  let previous = losslab_flush_subnormals()
  defer { losslab_restore_float_control(previous) }
  return try body()
}

/// `x`, or ±0 when `x` is subnormal: the FTZ/DAZ flush that TensorFlow's and XLA's kernel models
/// (`EigenFloat`, `XLAFloat`) apply to their arguments and results themselves, so that they
/// give what the frameworks give whether or not the thread's control is set.
@inlinable @inline(__always)
public func flushedSubnormal(_ x: Float) -> Float {
  x.isSubnormal ? (x.sign == .minus ? -0.0 : 0.0) : x
}
