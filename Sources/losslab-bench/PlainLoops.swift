#if canImport(Glibc)
import Glibc
#endif

// The losses written directly against Float and Float16, as a performance-minded engineer
// would: one pass, no intermediate array. Their arithmetic is LossLab's, operation for
// operation: per-element formulas as in LossLabLosses, summed left to right from zero (the
// `.recursive` summation `evaluate` uses by default), divided by the count in the format.
// exp, log and log1p are the C library's (what swift-numerics calls); Float16 computes them in
// Float and rounds, as swift-numerics does.

func plainMSE(_ y: UnsafeBufferPointer<Float>, _ p: UnsafeBufferPointer<Float>) -> Float {
  var s: Float = 0
  for i in 0..<p.count {
    let e = y[i] - p[i]
    s = s + e * e
  }
  return p.isEmpty ? 0 : s / Float(p.count)
}

func plainMSE(_ y: UnsafeBufferPointer<Float16>, _ p: UnsafeBufferPointer<Float16>) -> Float16 {
  var s: Float16 = 0
  for i in 0..<p.count {
    let e = y[i] - p[i]
    s = s + e * e
  }
  return p.isEmpty ? 0 : s / Float16(p.count)
}

/// Keras: p clipped to [ε, 1 - ε], then -(y log p + (1 - y) log(1 - p)).
func plainBCEKeras(
  _ y: UnsafeBufferPointer<Float>, _ p: UnsafeBufferPointer<Float>, epsilon: Float
) -> Float {
  let high = 1 - epsilon
  var s: Float = 0
  for i in 0..<p.count {
    var q = p[i]
    q = q < epsilon ? epsilon : q
    q = high < q ? high : q
    s = s + -(y[i] * logf(q) + (1 - y[i]) * logf(1 - q))
  }
  return p.isEmpty ? 0 : s / Float(p.count)
}

func plainBCEKeras(
  _ y: UnsafeBufferPointer<Float16>, _ p: UnsafeBufferPointer<Float16>, epsilon: Float16
) -> Float16 {
  let high = 1 - epsilon
  var s: Float16 = 0
  for i in 0..<p.count {
    var q = p[i]
    q = q < epsilon ? epsilon : q
    q = high < q ? high : q
    let logQ = Float16(logf(Float(q))), logNotQ = Float16(logf(Float(1 - q)))
    s = s + -(y[i] * logQ + (1 - y[i]) * logNotQ)
  }
  return p.isEmpty ? 0 : s / Float16(p.count)
}

/// TensorFlow: max(x, 0) - x y + log1p(exp(-|x|)).
func plainBCELogitsStable(_ y: UnsafeBufferPointer<Float>, _ x: UnsafeBufferPointer<Float>)
  -> Float
{
  var s: Float = 0
  for i in 0..<x.count {
    let xi = x[i]
    let positive = xi < 0 ? 0 : xi
    s = s + (positive - xi * y[i] + log1pf(expf(-xi.magnitude)))
  }
  return x.isEmpty ? 0 : s / Float(x.count)
}

func plainBCELogitsStable(_ y: UnsafeBufferPointer<Float16>, _ x: UnsafeBufferPointer<Float16>)
  -> Float16
{
  var s: Float16 = 0
  for i in 0..<x.count {
    let xi = x[i]
    let positive = xi < 0 ? 0 : xi
    let e = Float16(expf(Float(-xi.magnitude)))
    s = s + (positive - xi * y[i] + Float16(log1pf(Float(e))))
  }
  return x.isEmpty ? 0 : s / Float16(x.count)
}
