import LossLabFormats

// log Σ exp and softmax, naive and max-shifted. Every sum here is a plain left-to-right loop in
// `T` (the class count is small; the order that matters is where the exponent is taken).

/// `log Σ exp(x_i)` as written: every `exp` and the sum in `T`.
///
/// **Edge cases**: overflows to +inf as soon as one `exp(x_i)` does (x > 11.09 in Float16,
/// > 88.72 in Float and bfloat16, > 709.78 in Double), so `[1000, 1000]` gives +inf in Float;
/// underflows to -inf when every `exp(x_i)` rounds to 0. Empty input gives log 0 = -inf. NaN
/// propagates.
@inlinable
public func naiveLogSumExp<T: LossReal>(_ x: UnsafeBufferPointer<T>) -> T {
  var s = T.zero
  for i in x.indices {
    s = s + T.exp(x[i])
  }
  return T.log(s)
}

/// `log Σ exp(x_i - m) + m` with `m = max x`, a non-finite `m` replaced by 0.
///
/// Mirrors `torch.logsumexp` (aten: `maxes.masked_fill_(maxes.abs() == INFINITY, 0)`) and
/// `jax.nn.logsumexp` / `jax.scipy.special.logsumexp` (`select(isfinite(amax), amax, 0)`). Every
/// exponent is ≤ 0, so nothing overflows, and the largest term is exactly 1, so the sum is in
/// [1, n] and its log is finite: `[1000, 1000]` gives `1000 + log 2` in Float.
///
/// **Edge cases**: all -inf (or empty) gives `log 0 + 0 = -inf`; any +inf gives +inf (m is
/// replaced by 0, so exp(+inf) = +inf); NaN propagates (`T.larger` keeps it).
///
/// **Error**: beyond the sum's rounding, `log(s) + m` adds one rounding of the result; when
/// |m| is large the log term is absorbed (1000 + log 2 rounds at Float's ulp(1000) = 2^-14).
@inlinable
public func shiftedLogSumExp<T: LossReal>(_ x: UnsafeBufferPointer<T>) -> T {
  var m = largestElement(x)
  if !m.isFinite { m = T.zero }
  var s = T.zero
  for i in x.indices {
    s = s + T.exp(x[i] - m)
  }
  return T.log(s) + m
}

/// `y_i = exp(x_i) / Σ exp(x_j)` as written, into `output` (same count as `x`).
///
/// **Edge cases**: once any `exp(x_i)` overflows the sum is +inf and those entries are
/// inf / inf = NaN (Float16 logits above 11.09, Float above 88.72); when every `exp` underflows
/// the result is 0 / 0 = NaN.
@inlinable
public func naiveSoftmax<T: LossReal>(
  _ x: UnsafeBufferPointer<T>, into output: UnsafeMutableBufferPointer<T>
) {
  precondition(output.count == x.count, "softmax output must have one entry per logit")
  var s = T.zero
  for i in x.indices {
    let e = T.exp(x[i])
    output[i] = e
    s = s + e
  }
  for i in output.indices {
    output[i] = output[i] / s
  }
}

/// `y_i = exp(x_i - m) / Σ exp(x_j - m)` with `m = max x`, into `output` (same count as `x`).
///
/// Mirrors `jax.nn.softmax` and TensorFlow's softmax (a division by the sum; PyTorch's CPU
/// kernel multiplies by its reciprocal instead, which rounds once more). Every exponent is ≤ 0
/// and the largest term is 1, so the sum is in [1, n]: nothing overflows and no entry is NaN for
/// finite input.
///
/// **Edge cases**: `m` is not replaced when non-finite, as in PyTorch and JAX: all -inf gives
/// -inf - (-inf) = NaN everywhere, and a +inf logit gives NaN everywhere.
@inlinable
public func stableSoftmax<T: LossReal>(
  _ x: UnsafeBufferPointer<T>, into output: UnsafeMutableBufferPointer<T>
) {
  precondition(output.count == x.count, "softmax output must have one entry per logit")
  let m = largestElement(x)
  var s = T.zero
  for i in x.indices {
    let e = T.exp(x[i] - m)
    output[i] = e
    s = s + e
  }
  for i in output.indices {
    output[i] = output[i] / s
  }
}

/// `y_i = (x_i - m) - log Σ exp(x_j - m)` with `m = max x`, into `output` (same count as `x`).
///
/// Mirrors `torch.log_softmax` and `jax.nn.log_softmax` (`shifted - log(sum(exp(shifted)))`
/// with `shifted = x - max`). The log term is in [0, log n], so the result is finite for finite
/// input and a very negative logit gives a very negative log-probability instead of log 0.
///
/// **Edge cases**: as `stableSoftmax`, a non-finite `m` is not replaced: all -inf or any +inf
/// gives NaN everywhere.
@inlinable
public func stableLogSoftmax<T: LossReal>(
  _ x: UnsafeBufferPointer<T>, into output: UnsafeMutableBufferPointer<T>
) {
  precondition(output.count == x.count, "log-softmax output must have one entry per logit")
  let m = largestElement(x)
  var s = T.zero
  for i in x.indices {
    let shifted = x[i] - m
    output[i] = shifted
    s = s + T.exp(shifted)
  }
  let logSum = T.log(s)
  for i in output.indices {
    output[i] = output[i] - logSum
  }
}

/// The largest element, NaN if any is NaN, -inf for an empty buffer.
@inlinable
internal func largestElement<T: LossReal>(_ x: UnsafeBufferPointer<T>) -> T {
  var m = -T.infinity
  for i in x.indices {
    m = T.larger(m, x[i])
  }
  return m
}

// MARK: - Array conveniences

/// `naiveLogSumExp` of an array.
@inlinable
public func naiveLogSumExp<T: LossReal>(_ x: [T]) -> T {
  x.withUnsafeBufferPointer { naiveLogSumExp($0) }
}

/// `shiftedLogSumExp` of an array.
@inlinable
public func shiftedLogSumExp<T: LossReal>(_ x: [T]) -> T {
  x.withUnsafeBufferPointer { shiftedLogSumExp($0) }
}

/// `naiveSoftmax` of an array.
@inlinable
public func naiveSoftmax<T: LossReal>(_ x: [T]) -> [T] {
  // Initialized first: the buffer variants assign, and assigning needs initialized memory
  // whenever T is not a trivial type.
  var output = [T](repeating: T.zero, count: x.count)
  x.withUnsafeBufferPointer { input in
    output.withUnsafeMutableBufferPointer { naiveSoftmax(input, into: $0) }
  }
  return output
}

/// `stableSoftmax` of an array.
@inlinable
public func stableSoftmax<T: LossReal>(_ x: [T]) -> [T] {
  // Initialized first: the buffer variants assign, and assigning needs initialized memory
  // whenever T is not a trivial type.
  var output = [T](repeating: T.zero, count: x.count)
  x.withUnsafeBufferPointer { input in
    output.withUnsafeMutableBufferPointer { stableSoftmax(input, into: $0) }
  }
  return output
}

/// `stableLogSoftmax` of an array.
@inlinable
public func stableLogSoftmax<T: LossReal>(_ x: [T]) -> [T] {
  // Initialized first: the buffer variants assign, and assigning needs initialized memory
  // whenever T is not a trivial type.
  var output = [T](repeating: T.zero, count: x.count)
  x.withUnsafeBufferPointer { input in
    output.withUnsafeMutableBufferPointer { stableLogSoftmax(input, into: $0) }
  }
  return output
}
