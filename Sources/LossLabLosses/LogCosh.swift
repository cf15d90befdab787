import LossLabFormats

/// `log(cosh(p - y))`: quadratic near 0, `|e| - log 2` far from it (Keras `log_cosh`; optax
/// `log_cosh` as `logaddexp(e, -e) - log 2`).
@usableFromInline
enum LogCosh: LossFamily {
  @usableFromInline
  enum Variant: Int, CaseIterable, Sendable { case stable, naive }

  @usableFromInline static let summary = "log(cosh(p - y))"
  @usableFromInline static let shape = LossShape.elementwise(targets: .values)
  @usableFromInline static let parameters: [LossParameter] = []

  @usableFromInline static func formula(_ variant: Variant) -> String {
    switch variant {
    case .stable: "e + softplus(-2e) - log 2"
    case .naive: "log((exp(e) + exp(-e)) / 2)"
    }
  }

  @usableFromInline static func source(_ variant: Variant) -> String {
    switch variant {
    case .stable: "keras/src/losses/losses.py log_cosh"
    case .naive: "the definition, as a hand-written loss computes it"
    }
  }

  @usableFromInline static func hasBias(_ variant: Variant) -> Bool {
    switch variant {
    case .stable, .naive: false
    }
  }

  @inlinable
  static func forEachExample<T: LossReal, S: ExampleLossSink<T>>(
    _ variant: Variant, on batch: Batch<T>, parameters: LossParameters<T>, into sink: inout S
  ) -> Int {
    switch variant {
    case .stable: elementwise(batch, &sink, logCoshStable)
    case .naive: elementwise(batch, &sink, logCoshNaive)
    }
    return batch.rows
  }

  @inlinable
  static func idealExample<T: LossReal>(
    on batch: Batch<T>, row: Int, parameters: LossParameters<T>
  ) -> T {
    averagedIdeal(batch, row, logCoshIdeal)
  }
}

/// `log(cosh(e))` straight from the definition.
///
/// **Edge cases:** `exp(|e|)` overflows Float16 past 11.09 and Float past 88.72, giving +inf
/// where the loss is about `|e| - log 2`; e = 0 gives exactly 0; NaN for NaN.
@inlinable @inline(__always)
public func logCoshNaive<T: LossReal>(_ y: T, _ p: T) -> T {
  let e = p - y
  return T.log((T.exp(e) + T.exp(-e)) / T(integer: 2))
}

/// Keras' `log_cosh`: `e + softplus(-2e) - log 2`.
///
/// **Edge cases:** finite for every finite e; e = ±inf gives NaN (inf - inf) where the loss is
/// +inf.
///
/// **Error bound:** for tiny |e| the result (about e²/2) is the difference of numbers near
/// log 2, so its relative error grows as |e| shrinks: an absolute error of a few ulp(log 2).
@inlinable @inline(__always)
public func logCoshStable<T: LossReal>(_ y: T, _ p: T) -> T {
  let e = p - y
  let two = T(integer: 2)
  return e + T.softplus(-two * e) - T.log(two)
}

/// The ideal `log cosh e`, as `log1p(a²/2)` with `a = expm1(|e|/2) - expm1(-|e|/2)` (since
/// `cosh e - 1 = 2 sinh²(e/2)`): no cancellation for tiny e, no overflow in MPFR for large e.
@inlinable
public func logCoshIdeal<T: LossReal>(_ y: T, _ p: T) -> T {
  let h = (p - y).magnitude / T(integer: 2)
  let a = T.expMinusOne(h) - T.expMinusOne(-h)
  return T.log(onePlus: a * a / T(integer: 2))
}
