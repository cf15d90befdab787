#if canImport(Glibc)
import Glibc
#endif
import LossLabFormats
import LossLabLosses
import LossLabReductions

/// The seeded inputs of the native benchmark in one format.
struct NativeInputs<T: MachineFloat> {
  var regression: Batch<T>
  var probabilities: Batch<T>
  var logits: Batch<T>
  var parameters: LossParameters<T>

  init(_ n: Int) {
    regression = BenchInputs.regression(n).map { T(nearest: $0) }
    probabilities = BenchInputs.probabilities(n).map { T(nearest: $0) }
    logits = BenchInputs.logits(n).map { T(nearest: $0) }
    parameters = LossParameters([T(nearest: 1e-7)], scalars: [1e-7])  // bce/keras: eps; mse and bce-logits take none
  }

  func prefix(_ k: Int) -> NativeInputs<T> {
    var copy = self
    for path in [\NativeInputs<T>.regression, \.probabilities, \.logits] {
      let b = self[keyPath: path]
      copy[keyPath: path] = Batch(yTrue: b.yTrue.prefix(k).map { $0 }, yPred: b.yPred.prefix(k).map { $0 })
    }
    return copy
  }
}

/// `f` on the batch's targets and predictions as buffers.
@inline(__always)
func buffers<T, R>(
  _ batch: Batch<T>, _ f: (UnsafeBufferPointer<T>, UnsafeBufferPointer<T>) -> R
) -> R {
  batch.yTrue.withUnsafeBufferPointer { y in batch.yPred.withUnsafeBufferPointer { f(y, $0) } }
}

/// LossLab's `evaluate` (mean, default summation) against the plain loop: first checks they
/// return the same bits (on the whole batch and on its first 2000 elements, whose Float16 mean
/// is not swamped by the count's overflow), then times both.
func nativeRow<T: MachineFloat>(
  _ name: String, _ inputs: NativeInputs<T>, plan: TimingPlan,
  lossLab: @escaping (NativeInputs<T>) -> T, plain: @escaping (NativeInputs<T>) -> T,
  rows: (NativeInputs<T>) -> Int
) -> ResultRow {
  for sample in [inputs, inputs.prefix(2000)] {
    let a = lossLab(sample), b = plain(sample)
    if a.encoding != b.encoding {
      print("error: \(name) in \(T.format): LossLab gives \(a), the plain loop \(b)")
      exit(1)
    }
  }
  // Each repetition takes the inputs through `opaque`: a pure call on loop-invariant arrays
  // would be hoisted out of the timing loop (the optimizer takes array contents as immutable;
  // reading two copies in turn was not enough for the plain MSE loop, which it computed once).
  let (ours, floor) = plan.bestSeconds(
    { lossLab(opaque(inputs)).doubleValue }, { plain(opaque(inputs)).doubleValue })
  return ResultRow(
    name: "native \(name)", format: "\(T.format)", elements: rows(inputs), lossLabSeconds: ours,
    floorSeconds: floor, goal: 1.2, note: "same bits")
}

func nativeRows(n: Int, plan: TimingPlan) -> [ResultRow] {
  let f32 = NativeInputs<Float>(n), f16 = NativeInputs<Float16>(n)
  func eval<T: MachineFloat>(_ formula: Formula, _ batch: Batch<T>, _ p: LossParameters<T>) -> T {
    evaluate(formula, on: batch, parameters: p, reduction: .mean)
  }
  return [
    nativeRow(
      "mse", f32, plan: plan, lossLab: { eval(Formula("mse")!, $0.regression, $0.parameters) },
      plain: { buffers($0.regression, plainMSE) }, rows: { $0.regression.rows }),
    nativeRow(
      "mse", f16, plan: plan, lossLab: { eval(Formula("mse")!, $0.regression, $0.parameters) },
      plain: { buffers($0.regression, plainMSE) }, rows: { $0.regression.rows }),
    nativeRow(
      "bce keras", f32, plan: plan,
      lossLab: { eval(Formula("bce/keras")!, $0.probabilities, $0.parameters) },
      plain: { i in buffers(i.probabilities) { plainBCEKeras($0, $1, epsilon: i.parameters[0]) } },
      rows: { $0.probabilities.rows }),
    nativeRow(
      "bce keras", f16, plan: plan,
      lossLab: { eval(Formula("bce/keras")!, $0.probabilities, $0.parameters) },
      plain: { i in buffers(i.probabilities) { plainBCEKeras($0, $1, epsilon: i.parameters[0]) } },
      rows: { $0.probabilities.rows }),
    nativeRow(
      "bce-logits stable", f32, plan: plan,
      lossLab: { eval(Formula("bce-logits/stable")!, $0.logits, $0.parameters) },
      plain: { buffers($0.logits, plainBCELogitsStable) }, rows: { $0.logits.rows }),
    nativeRow(
      "bce-logits stable", f16, plan: plan,
      lossLab: { eval(Formula("bce-logits/stable")!, $0.logits, $0.parameters) },
      plain: { buffers($0.logits, plainBCELogitsStable) }, rows: { $0.logits.rows }),
  ]
}
