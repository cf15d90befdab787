import LossLabFormats
import LossLabReductions

/// Kullback-Leibler divergence of a row of predicted log-probabilities `q` from a target
/// distribution `y`: `Σ y (log y - q)` (torch `kl_div`, optax `kl_divergence`).
///
/// A family of its own, not variants of `kl`: `kl` reads probabilities (Keras' `kl_divergence`
/// clips them and takes their log itself), whereas `kl_div(input, target)` and
/// `optax.losses.kl_divergence(log_predictions, targets)` take the log-probabilities as input, so
/// the same number in y_pred means another loss. A family has one ideal, computed from what its
/// inputs mean; this family's is the divergence `Σ_{y > 0} y (log y - q)` with `q` the
/// log-probabilities exactly as given (what rounding them to the format already lost is not
/// the formula's doing), and a spec sweeping `kl` keeps feeding probabilities to `kl` alone.
/// Logits fed as q (not normalized) give a number, but not a divergence.
///
/// The conformance vectors name these `kl/torch` and `kl/optax`
/// (Tests/FrameworkVectors/README.md; their y_pred is `log p` rounded to the dtype, -inf where
/// p = 0).
@usableFromInline
enum KLDivergenceFromLogProbabilities: LossFamily {
  @usableFromInline
  enum Variant: Int, CaseIterable, Sendable { case torch, optax }

  @usableFromInline static let summary =
    "Kullback-Leibler divergence sum y (log y - q) from log-probabilities q"
  @usableFromInline static let shape = LossShape.rows
  @usableFromInline static let parameters: [LossParameter] = []

  @usableFromInline static func formula(_ variant: Variant) -> String {
    switch variant {
    case .torch: "sum xlogy(y, y) - y q, q = log p; 16-bit sums in float"
    case .optax: "sum y ((0 if y = 0 else log y) - q), q = log p; 16-bit sums in float32"
    }
  }

  @usableFromInline static func source(_ variant: Variant) -> String {
    switch variant {
    case .torch:
      "torch 2.15 kl_div(input=log p, target=y): xlogy(y, y) - y * input (aten/src/ATen/native/Loss.cpp kl_div; torch/nn/functional.py:3470-3473, batchmean = sum / rows)"
    case .optax: "optax 0.2.8 optax/losses/_classification.py:528-563 kl_divergence"
    }
  }

  @usableFromInline static func hasBias(_ variant: Variant) -> Bool {
    switch variant {
    case .torch, .optax: false
    }
  }

  /// torch's `kl_div` sums every element of the batch at once (`torch.sum` of the [n, C]
  /// element-wise divergence), and `batchmean` divides that sum by n in the format.
  @inlinable
  static func kernelBatchLoss<T: LossReal>(
    _ variant: Variant, on batch: Batch<T>, parameters: LossParameters<T>, reduction: Reduction
  ) -> T? {
    switch variant {
    case .torch:
      let total = torchSum(count: batch.yPred.count) { klTorchTerm(batch.yTrue[$0], batch.yPred[$0]) }
      return reduction == .mean ? total / T(integer: batch.rows) : total
    case .optax: return nil
    }
  }

  @inlinable
  static func forEachExample<T: LossReal, S: ExampleLossSink<T>>(
    _ variant: Variant, on batch: Batch<T>, parameters: LossParameters<T>, into sink: inout S
  ) -> Int {
    switch variant {
    case .torch: rowwise(batch, &sink) { klDivergenceTorch($0, $1) }
    case .optax: rowwise(batch, &sink) { klDivergenceOptax($0, $1) }
    }
    return batch.rows
  }

  @inlinable
  static func idealExample<T: LossReal>(
    on batch: Batch<T>, row: Int, parameters: LossParameters<T>
  ) -> T {
    withRow(batch.yTrue, row, batch.columns) { y in
      withRow(batch.yPred, row, batch.columns) { q in klDivergenceFromLogIdeal(y, q) }
    }
  }
}

/// PyTorch 2.15 `kl_div(q, y)` for one row: `Σ_c xlogy(y_c, y_c) - y_c q_c`, every element-wise
/// operation rounding in the format (measured against torch on about 80,000 float16 and bfloat16
/// elements: `xlogy` rounds the log to the format before the product, not once in float), the sum
/// over the classes as torch's CPU `sum` adds them (`torchSum`: a float accumulator rounded once
/// for the 16-bit formats). torch sums every element of the batch at once (reduction `sum`;
/// `batchmean` divides that sum by the rows in the format): that is the family's
/// `kernelBatchLoss` under the torch summation.
///
/// **Edge cases:** `xlogy(0, 0) = 0`, but a zero target under `q = -inf` gives `0 - 0 · -inf =
/// NaN` where the divergence ignores the class; a positive target under `q = -inf` gives +inf;
/// NaN for a NaN input. y = exp(q) gives about 0, not exactly.
///
/// **Error bound:** per element the rounded log and the two products; the difference
/// `y log y - y q = y log(y / p)` cancels when p is near y, so a row of a nearly exact prediction
/// loses relative accuracy: an absolute error of a few ulps of `y |q|` per class.
@inlinable
public func klDivergenceTorch<T: LossReal>(
  _ y: UnsafeBufferPointer<T>, _ q: UnsafeBufferPointer<T>
) -> T {
  torchSum(count: q.count) { klTorchTerm(y[$0], q[$0]) }
}

/// `xlogy(y, y) - y q` in the format: torch's `xlogy(x, y)` is NaN for a NaN `y`, 0 for `x = 0`,
/// else `x log y`.
@inlinable @inline(__always)
func klTorchTerm<T: LossReal>(_ y: T, _ q: T) -> T {
  let entropyTerm = y.isNaN ? y : (y.isZero ? T.zero : y * T.log(y))
  return entropyTerm - y * q
}

/// optax 0.2.8 `kl_divergence(q, y)` for one row: `Σ_c y_c ((0 if y_c = 0 else log y_c) - q_c)`,
/// each operation rounding in the format, and `jnp.sum` over the classes (`jaxRowSum`: float16
/// and bfloat16 in float32, rounded once).
///
/// **Edge cases:** a zero target under `q = -inf` gives `0 · inf = NaN` (as torch); a positive
/// target under `q = -inf` gives +inf; NaN for a NaN input.
///
/// **Error bound:** per class the log and the difference `log y - q`, which cancels when p is
/// near y (the same cancellation as torch's), then the product: a few ulps of `y |q|` per class.
@inlinable
public func klDivergenceOptax<T: LossReal>(
  _ y: UnsafeBufferPointer<T>, _ q: UnsafeBufferPointer<T>
) -> T {
  jaxRowSum(q.count) { klOptaxTerm(y[$0], q[$0]) }
}

@inlinable @inline(__always)
func klOptaxTerm<T: LossReal>(_ y: T, _ q: T) -> T {
  y * ((y.isZero ? T.zero : T.log(y)) - q)
}

/// The ideal divergence `Σ y (log y - q)` over the classes with nonzero target, q the
/// log-probabilities as given.
@inlinable
public func klDivergenceFromLogIdeal<T: LossReal>(
  _ y: UnsafeBufferPointer<T>, _ q: UnsafeBufferPointer<T>
) -> T {
  var sum = T.zero
  for c in 0..<q.count where !y[c].isZero { sum += y[c] * (T.log(y[c]) - q[c]) }
  return sum
}
