import LossLabFormats

/// Keras KL divergence for one row: y and p clipped to `[ε, 1]`, then `Σ y log(y / p)`
/// (keras/src/losses/losses.py kl_divergence). The clip turns a zero target into ε, so the result
/// carries a bias of about `ε log(ε / p)` per zero class.
@inlinable
public func klDivergenceKeras<T: LossReal>(
  _ y: UnsafeBufferPointer<T>, _ p: UnsafeBufferPointer<T>, epsilon: T
) -> T {
  var sum = T.zero
  for c in 0..<p.count {
    let yc = y[c].clipped(epsilon, T.one)
    sum += yc * T.log(yc / p[c].clipped(epsilon, T.one))
  }
  return sum
}

/// The ideal KL divergence `Σ y (log y - log p)` over the classes with nonzero target.
@inlinable
public func klDivergenceIdeal<T: LossReal>(
  _ y: UnsafeBufferPointer<T>, _ p: UnsafeBufferPointer<T>
) -> T {
  var sum = T.zero
  for c in 0..<p.count where !y[c].isZero { sum += y[c] * (T.log(y[c]) - T.log(p[c])) }
  return sum
}
