import LossLabExpressions
import LossLabFormats
import LossLabReductions
import Testing

// Each expression against the same operations written by hand in Swift, in the operation order
// of the built-in formula it mirrors (Sources/LossLabLosses), over edge inputs in every format:
// the bits must agree exactly (NaN with NaN).

/// An element-wise expression and the same formula written by hand.
protocol ElementwiseTwin: Sendable, CustomStringConvertible {
  var source: String { get }
  /// Names and literal values of the parameters.
  var parameters: [(String, String)] { get }
  var weights: Bool { get }
  func byHand<T: LossReal>(y: T, p: T, w: T, _ k: [T]) -> T
}

extension ElementwiseTwin {
  var parameters: [(String, String)] { [] }
  var weights: Bool { false }
  var description: String { source }
}

/// `relativeError`.
struct RelativeErrorTwin: ElementwiseTwin {
  let source = "abs(y - p) / (abs(y) + eps)"
  var parameters: [(String, String)] { [("eps", "1e-8")] }
  func byHand<T: LossReal>(y: T, p: T, w: T, _ k: [T]) -> T {
    (y - p).magnitude / (y.magnitude + k[0])
  }
}

/// `binaryCrossEntropyKeras`: the naive formula on p clipped to [ε, 1 - ε].
struct KerasBCETwin: ElementwiseTwin {
  let source = "-(y * log(clip(p, eps, 1 - eps)) + (1 - y) * log(1 - clip(p, eps, 1 - eps)))"
  var parameters: [(String, String)] { [("eps", "1e-7")] }
  func byHand<T: LossReal>(y: T, p: T, w: T, _ k: [T]) -> T {
    let c = p.clipped(k[0], T.one - k[0])
    return -(y * T.log(c) + (T.one - y) * T.log(T.one - c))
  }
}

/// `squaredError`: `^2` is `e * e`.
struct SquaredErrorTwin: ElementwiseTwin {
  let source = "(y - p)^2"
  func byHand<T: LossReal>(y: T, p: T, w: T, _ k: [T]) -> T {
    let e = y - p
    return e * e
  }
}

/// `binaryCrossEntropyLogitsStable` without its special case for an infinite logit.
struct StableLogitsBCETwin: ElementwiseTwin {
  let source = "max(p, 0) - p * y + log1p(exp(-abs(p)))"
  func byHand<T: LossReal>(y: T, p: T, w: T, _ k: [T]) -> T {
    T.larger(p, T.zero) - p * y + T.log(onePlus: T.exp(-p.magnitude))
  }
}

/// `binaryCrossEntropyLogitsNaive`: the sigmoid as `1 / (1 + exp(-x))`, then the naive formula.
struct NaiveLogitsBCETwin: ElementwiseTwin {
  let source = "-(y * log(sigmoid(p)) + (1 - y) * log(1 - sigmoid(p)))"
  func byHand<T: LossReal>(y: T, p: T, w: T, _ k: [T]) -> T {
    let s = T.one / (T.one + T.exp(-p))
    return -(y * T.log(s) + (T.one - y) * T.log(T.one - s))
  }
}

/// Focal loss with a parameter exponent (`T.pow`) and a unary minus on a parameter.
struct FocalTwin: ElementwiseTwin {
  let source = "-alpha * (1 - p)^gamma * log(p)"
  var parameters: [(String, String)] { [("alpha", "0.25"), ("gamma", "2")] }
  func byHand<T: LossReal>(y: T, p: T, w: T, _ k: [T]) -> T {
    -k[0] * T.pow(T.one - p, k[1]) * T.log(p)
  }
}

/// The literal exponents' fast paths, `2^-k` folded, `pow` and `tanh`, `log_sigmoid`, `expm1`,
/// `min`, `sqrt` and a weight, in one expression.
struct PowersTwin: ElementwiseTwin {
  let source =
    "w * (p^3 + y^0.5 - p^-1 + y^-2 + p^0 + y^1 + p^1.5 + pow(y, 2) + 2^-3 * tanh(p)"
    + " - log_sigmoid(y) + min(expm1(p), sqrt(y)))"
  var weights: Bool { true }
  func byHand<T: LossReal>(y: T, p: T, w: T, _ k: [T]) -> T {
    let eighth = T.one / T(integer: 8)
    var sum = p * p * p + T.sqrt(y)
    sum = sum - T.one / p
    sum = sum + T.one / (y * y)
    sum = sum + T.one
    sum = sum + y
    sum = sum + T.pow(p, T.one + T.one / T(integer: 2))
    sum = sum + T.pow(y, T(integer: 2))
    sum = sum + eighth * T.tanh(p)
    sum = sum - -T.softplus(-y)
    sum = sum + T.smaller(T.expMinusOne(p), T.sqrt(y))
    return w * sum
  }
}

/// A lazy scalar select on a comparison, each branch computing something the other would not.
struct SelectTwin: ElementwiseTwin {
  let source = "select(abs(y - p) <= delta, 0.5 * (y - p)^2, delta * abs(y - p) - 0.5 * delta^2)"
  var parameters: [(String, String)] { [("delta", "1")] }
  func byHand<T: LossReal>(y: T, p: T, w: T, _ k: [T]) -> T {
    let half = T.one / T(integer: 2)
    let e = (y - p).magnitude
    return e <= k[0] ? half * ((y - p) * (y - p)) : k[0] * e - half * (k[0] * k[0])
  }
}

let elementwiseTwins: [any ElementwiseTwin] = [
  RelativeErrorTwin(), KerasBCETwin(), SquaredErrorTwin(), StableLogitsBCETwin(),
  NaiveLogitsBCETwin(), FocalTwin(), PowersTwin(), SelectTwin(),
]

/// Every (y, p) pair of edge values under three weights: the inputs where the two disagree.
/// Each is evaluated alone and in one batch of them all (`elementwise`: full blocks and a
/// partial one, one weight per `pairs` elements).
struct ElementwiseAgreement: FormatVisitor {
  let twin: any ElementwiseTwin

  func visit<T: MachineFloat>(_: T.Type) -> [String] {
    let k: [T] = twin.parameters.map { rounded($0.1) }
    let names = twin.parameters.map(\.0)
    var evaluate = ExpressionEvaluator<T>(
      program(twin.source, parameters: names, weights: twin.weights),
      constant: rounded, parameters: k)
    let values = edgeValues(T.self), weights = [T.one, T(nearest: 0.5), T(nearest: 3)]
    let pairs = values.count * values.count
    let y = weights.flatMap { _ in values.flatMap { y in values.map { _ in y } } }
    let p = weights.flatMap { _ in values.flatMap { _ in values } }
    var batch = [T](repeating: T.zero, count: p.count)
    y.withUnsafeBufferPointer { y in
      p.withUnsafeBufferPointer { p in
        weights.withUnsafeBufferPointer { w in
          batch.withUnsafeMutableBufferPointer {
            evaluate.elementwise(y: y, p: p, w: w, columns: pairs, into: $0)
          }
        }
      }
    }
    var failures: [String] = []
    for i in p.indices {
      let w = weights[i / pairs]
      let alone = evaluate(y: y[i], p: p[i], w: w)
      let expected = twin.byHand(y: y[i], p: p[i], w: w, k)
      for (got, way) in [(alone, "alone"), (batch[i], "in a batch")]
      where !sameBits(got, expected) {
        let inputs = "y \(y[i].doubleValue) p \(p[i].doubleValue) w \(w.doubleValue) \(way)"
        failures.append("\(inputs): \(got.doubleValue), not \(expected.doubleValue)")
      }
    }
    return failures
  }
}

/// A row expression and the same formula written by hand.
protocol RowTwin: Sendable, CustomStringConvertible {
  var source: String { get }
  var shape: ExpressionShape { get }
  var parameters: [(String, String)] { get }
  func byHand<T: LossReal>(
    y: UnsafeBufferPointer<T>, p: UnsafeBufferPointer<T>, label: Int, _ k: [T]
  ) -> T
}

extension RowTwin {
  var parameters: [(String, String)] { [] }
  var description: String { "\(shape): \(source)" }
}

/// `sparseCategoricalCrossEntropyLogitsStable`.
struct SparseLogitsTwin: RowTwin {
  let source = "logsumexp(p) - p[label]"
  let shape = ExpressionShape.labels
  func byHand<T: LossReal>(
    y: UnsafeBufferPointer<T>, p: UnsafeBufferPointer<T>, label: Int, _ k: [T]
  ) -> T {
    shiftedLogSumExp(p) - p[label]
  }
}

/// `categoricalCrossEntropyLogitsStable`: `-Σ y (x - logsumexp x)`.
struct LogitsCCETwin: RowTwin {
  let source = "-sum(y * log_softmax(p))"
  let shape = ExpressionShape.rows
  func byHand<T: LossReal>(
    y: UnsafeBufferPointer<T>, p: UnsafeBufferPointer<T>, label: Int, _ k: [T]
  ) -> T {
    let logNormalizer = shiftedLogSumExp(p)
    var sum = T.zero
    for c in 0..<p.count { sum += y[c] * (p[c] - logNormalizer) }
    return -sum
  }
}

/// The Dice loss of the module's documentation, with three sums.
struct DiceTwin: RowTwin {
  let source = "1 - (2 * sum(y * p) + s) / (sum(y) + sum(p) + s)"
  let shape = ExpressionShape.rows
  var parameters: [(String, String)] { [("s", "1e-5")] }
  func byHand<T: LossReal>(
    y: UnsafeBufferPointer<T>, p: UnsafeBufferPointer<T>, label: Int, _ k: [T]
  ) -> T {
    var overlap = T.zero
    for c in 0..<p.count { overlap += y[c] * p[c] }
    return T.one - (T(integer: 2) * overlap + k[0]) / (recursiveSum(y) + recursiveSum(p) + k[0])
  }
}

/// The Keras categorical cross-entropy: renormalize, clip, `-Σ y log p`; and the softmax,
/// mean and max reductions next to it.
struct RowFunctionsTwin: RowTwin {
  let source =
    "-sum(y * log(clip(p / sum(p), eps, 1 - eps))) + mean(softmax(p) * y) - max(p)"
  let shape = ExpressionShape.rows
  var parameters: [(String, String)] { [("eps", "1e-7")] }
  var description: String { "rows: Keras CCE, softmax, mean and max" }
  func byHand<T: LossReal>(
    y: UnsafeBufferPointer<T>, p: UnsafeBufferPointer<T>, label: Int, _ k: [T]
  ) -> T {
    let total = recursiveSum(p)
    var sum = T.zero
    for c in 0..<p.count { sum += y[c] * T.log((p[c] / total).clipped(k[0], T.one - k[0])) }
    let softmax = stableSoftmax(Array(p))
    var weighted = T.zero
    for c in 0..<p.count { weighted += softmax[c] * y[c] }
    var largest = -T.infinity
    for c in 0..<p.count { largest = T.larger(largest, p[c]) }
    return -sum + weighted / T(integer: p.count) - largest
  }
}

/// An index into computed rows: a log-softmax (`x - logsumexp x`) and a max with a scalar.
struct ComputedRowIndexTwin: RowTwin {
  let source = "-log_softmax(p)[label] + max(p, 0)[label]"
  let shape = ExpressionShape.labels
  func byHand<T: LossReal>(
    y: UnsafeBufferPointer<T>, p: UnsafeBufferPointer<T>, label: Int, _ k: [T]
  ) -> T {
    -(p[label] - shiftedLogSumExp(p)) + T.larger(p[label], T.zero)
  }
}

let rowTwins: [any RowTwin] = [
  SparseLogitsTwin(), LogitsCCETwin(), DiceTwin(), RowFunctionsTwin(), ComputedRowIndexTwin(),
]

/// Random rows of 1 to 8 classes drawn from the edge values and from ordinary logits and
/// probabilities, every label of each; the same evaluator throughout, so rows of different
/// lengths reuse and reallocate its row registers.
struct RowAgreement: FormatVisitor {
  let twin: any RowTwin
  let seed: UInt64

  func visit<T: MachineFloat>(_: T.Type) -> [String] {
    let k: [T] = twin.parameters.map { rounded($0.1) }
    var evaluate = ExpressionEvaluator<T>(
      program(twin.source, twin.shape, parameters: twin.parameters.map(\.0)),
      constant: rounded, parameters: k)
    var generator = SplitMix64(seed: seed)
    let edges = edgeValues(T.self)
    let ordinary = (0..<40).map { T(nearest: Double($0) / 4 - 5) }
    var failures: [String] = []
    for trial in 0..<400 {
      let n = 1 + Int(generator.next() % 8)
      let pool = trial % 3 == 0 ? edges : ordinary
      let y = (0..<n).map { _ in generator.pick(pool) }
      let p = (0..<n).map { _ in generator.pick(pool) }
      y.withUnsafeBufferPointer { y in
        p.withUnsafeBufferPointer { p in
          for label in 0..<(twin.shape == .labels ? n : 1) {
            let got = evaluate(
              y: twin.shape == .labels ? UnsafeBufferPointer(start: nil, count: 0) : y, p: p,
              label: label)
            let expected = twin.byHand(y: y, p: p, label: label, k)
            if !sameBits(got, expected) {
              let inputs = "y \(y.map(\.doubleValue)) p \(p.map(\.doubleValue)) label \(label)"
              failures.append("\(inputs): \(got.doubleValue), not \(expected.doubleValue)")
            }
          }
        }
      }
    }
    return failures
  }
}

@Suite("An expression gives the bits of the same formula written by hand")
struct BitIdentityTests {
  @Test(
    "Element-wise expressions give their twins' bits on edge inputs, alone and batched",
    arguments: elementwiseTwins, Format.allCases)
  func elementwise(twin: any ElementwiseTwin, format: Format) {
    let failures = format.visit(ElementwiseAgreement(twin: twin))
    #expect(failures.isEmpty, "\(failures.count) disagreements, first: \(failures.prefix(3))")
  }

  @Test(
    "Row expressions agree bit for bit with their hand-written twins on random and edge rows",
    arguments: rowTwins, Format.allCases)
  func rows(twin: any RowTwin, format: Format) {
    let failures = format.visit(RowAgreement(twin: twin, seed: 7))
    #expect(failures.isEmpty, "\(failures.count) disagreements, first: \(failures.prefix(3))")
  }
}
