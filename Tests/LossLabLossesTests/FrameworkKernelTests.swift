import Foundation
import LossLabFormats
import LossLabLosses
import LossLabReductions
import Testing

/// One file of Tests/FrameworkVectors/kernels: what a framework's kernel returned (written by
/// generate_kernels.py with the framework itself, never by LossLab). `#` lines are comments;
/// every other line is fields separated by spaces.
struct KernelFile {
  var name: String
  var rows: [[Substring]]

  /// The file `kernels/<name>.txt`, or nil when it is missing.
  init?(_ name: String) {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .deletingLastPathComponent().appendingPathComponent("FrameworkVectors/kernels/\(name).txt")
    guard let text = try? String(contentsOf: url, encoding: .utf8) else { return nil }
    self.name = name
    rows = text.split(separator: "\n").filter { !$0.hasPrefix("#") }.map {
      $0.split(separator: " ")
    }
  }
}

/// A value of `T` from its hexadecimal bit pattern.
func bits<T: MachineFloat>(_ text: Substring, _: T.Type = T.self) -> T {
  T(encoding: UInt64(text, radix: 16)!)
}

/// The inputs of a reduction line, as generate_kernels.py `draw` makes them: SplitMix64 from
/// `seed`, a mantissa of at most the format's precision times a power of two (exact in `T`;
/// `wide` spans 2^±20 in float32, 2^±12 in float16, 2^±40 in bfloat16).
func drawKernelInputs<T: MachineFloat>(_ dist: Substring, _ n: Int, seed: UInt64, _: T.Type) -> [T]
{
  let p = T.format == .float32 ? 24 : T.format == .float16 ? 11 : 8
  var state = seed
  var out: [T] = []
  out.reserveCapacity(n)
  for _ in 0..<n {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    z ^= z >> 31
    let m = Double(z >> UInt64(64 - p))
    let sign: Double = z & 1 == 1 ? -1 : 1
    let r = Int((z >> 1) & 0xFF)
    let v: Double
    switch dist {
    case "u01": v = m * pow(2, Double(-p))
    case "signed": v = sign * m * pow(2, Double(-p + r % 9 - 4))
    case "abs-signed": v = m * pow(2, Double(-p + r % 9 - 4))
    case "neg": v = -(m * pow(2, Double(-p + r % 5)))
    case "wide":
      let span = T.format == .float32 ? 20 : T.format == .float16 ? 12 : 40
      v = sign * m * pow(2, Double(-p + r % (2 * span + 1) - span))
    default: fatalError("unknown distribution \(dist)")
    }
    out.append(T(nearest: v))
  }
  return out
}

/// How many lines of a file disagree with `compute`, with the first few differences.
struct KernelOutcome {
  var checked = 0
  var differing: [String] = []
}

/// Checks a reduction file (`dist n seed result`) against `reduce` over the drawn inputs.
func checkReduction<T: MachineFloat>(
  _ name: String, _: T.Type, _ reduce: ([T]) -> T
) -> KernelOutcome? {
  guard let file = KernelFile(name) else { return nil }
  var outcome = KernelOutcome()
  for row in file.rows {
    let x = drawKernelInputs(row[0], Int(row[1])!, seed: UInt64(row[2])!, T.self)
    let expected: T = bits(row[3])
    let got = reduce(x)
    outcome.checked += 1
    if got.encoding != expected.encoding && !(got.isNaN && expected.isNaN) {
      outcome.differing.append("\(row[0]) n=\(row[1]): \(got.doubleValue) vs \(expected.doubleValue)")
    }
  }
  return outcome
}

/// Checks an element-wise file (`x y [z ...]`): `compute(x)` must give the other columns.
func checkElementwise<T: MachineFloat>(
  _ name: String, _: T.Type, _ compute: (T) -> [T]
) -> KernelOutcome? {
  guard let file = KernelFile(name) else { return nil }
  var outcome = KernelOutcome()
  for row in file.rows {
    let x: T = bits(row[0])
    let got = compute(x)
    outcome.checked += 1
    for (column, value) in zip(row.dropFirst(), got) {
      let expected: T = bits(column)
      if value.encoding != expected.encoding && !(value.isNaN && expected.isNaN) {
        outcome.differing.append("x=\(x.doubleValue) (\(row[0])): \(value.doubleValue) vs \(expected.doubleValue)")
        break
      }
    }
  }
  return outcome
}

/// Checks a file of whole outputs (`dist n seed y[0] ... y[n-1]`) against `compute` over the
/// drawn inputs.
func checkRows<T: MachineFloat>(_ name: String, _: T.Type, _ compute: ([T]) -> [T]) -> KernelOutcome?
{
  guard let file = KernelFile(name) else { return nil }
  var outcome = KernelOutcome()
  for row in file.rows {
    let x = drawKernelInputs(row[0], Int(row[1])!, seed: UInt64(row[2])!, T.self)
    let got = compute(x)
    outcome.checked += 1
    for (i, (value, column)) in zip(got, row.dropFirst(3)).enumerated() {
      let expected: T = bits(column)
      if value.encoding != expected.encoding && !(value.isNaN && expected.isNaN) {
        outcome.differing.append("n=\(row[1]) entry \(i): \(value.doubleValue) vs \(expected.doubleValue)")
        break
      }
    }
  }
  return outcome
}

/// Records a failure for every differing line (the first 5 printed).
func expectExact(_ outcome: KernelOutcome?, _ name: String) {
  guard let outcome else {
    Issue.record("kernels/\(name).txt is missing (make framework-vectors)")
    return
  }
  #expect(outcome.checked > 0, "\(name): no lines")
  #expect(
    outcome.differing.isEmpty,
    "\(name): \(outcome.differing.count) of \(outcome.checked) differ: \(outcome.differing.prefix(5).joined(separator: "; "))"
  )
}

@Suite("Framework kernels: LossLab's models of torch, TensorFlow and XLA kernels, bit for bit")
struct FrameworkKernelTests {
  @Test("torch.sum and torch.mean of contiguous float32, float16 and bfloat16 tensors (cascade_sum)")
  func torchSumAndMean() {
    func run<T: MachineFloat>(_: T.Type, _ dtype: String) {
      expectExact(
        checkReduction("torch-sum-\(dtype)", T.self) { x in
          x.withUnsafeBufferPointer { b in torchSum(count: b.count) { b[$0] } }
        }, "torch-sum-\(dtype)")
      expectExact(
        checkReduction("torch-mean-\(dtype)", T.self) { x in
          x.withUnsafeBufferPointer { b in torchMean(count: b.count) { b[$0] } }
        }, "torch-mean-\(dtype)")
    }
    run(Float.self, "float32")
    run(Float16.self, "float16")
    run(BFloat16.self, "bfloat16")
  }

  @Test("torch's SLEEF element-wise kernels: log1p (float32), exp/log/log1p (float16, bfloat16), log_sigmoid")
  func torchElementwise() {
    expectExact(checkElementwise("torch-log1p-float32", Float.self) { [torchVectorizedLog1p($0)] }, "torch-log1p-float32")
    expectExact(
      checkElementwise("torch-log-sigmoid-float32", Float.self) {
        [torchVectorizedLogSigmoid($0), torchVectorizedExp(-$0.magnitude)]
      }, "torch-log-sigmoid-float32")
    func sixteen<T: MachineFloat>(_: T.Type, _ dtype: String) {
      expectExact(checkElementwise("torch-exp-\(dtype)", T.self) { [torchVectorizedExp($0)] }, "torch-exp-\(dtype)")
      expectExact(checkElementwise("torch-log-\(dtype)", T.self) { [torchVectorizedLog($0)] }, "torch-log-\(dtype)")
      expectExact(checkElementwise("torch-log1p-\(dtype)", T.self) { [torchVectorizedLog1p($0)] }, "torch-log1p-\(dtype)")
      expectExact(
        checkElementwise("torch-log-sigmoid-\(dtype)", T.self) { [torchVectorizedLogSigmoid($0)] },
        "torch-log-sigmoid-\(dtype)")
    }
    sixteen(Float16.self, "float16")
    sixteen(BFloat16.self, "bfloat16")
  }

  @Test("torch sigmoid (vector blocks then scalar tail), log_softmax rows and nll_loss's cascade")
  func torchRows() {
    func run<T: MachineFloat>(_: T.Type, _ dtype: String) {
      expectExact(
        checkRows("torch-sigmoid-\(dtype)", T.self) { x in
          x.indices.map { torchSigmoid(x[$0], index: $0, count: x.count) }
        }, "torch-sigmoid-\(dtype)")
      expectExact(
        checkRows("torch-log-softmax-\(dtype)", T.self) { x in
          x.withUnsafeBufferPointer { b in b.indices.map { torchLogSoftmax(b, $0) } }
        }, "torch-log-softmax-\(dtype)")
      for mean in [false, true] {
        let name = "torch-nll-\(mean ? "mean" : "sum")-\(dtype)"
        expectExact(
          checkReduction(name, T.self) { x in torchNLLReduction(count: x.count, mean: mean) { x[$0] } },
          name)
      }
    }
    run(Float.self, "float32")
    run(Float16.self, "float16")
    run(BFloat16.self, "bfloat16")
  }

  @Test("tf.reduce_sum and tf.reduce_mean of float32, float16 and bfloat16 (Eigen's tree reduction)")
  func tfSumAndMean() {
    func run<T: MachineFloat>(_: T.Type, _ dtype: String) {
      expectExact(
        checkReduction("tf-sum-\(dtype)", T.self) { x in eigenSum(count: x.count) { x[$0] } },
        "tf-sum-\(dtype)")
      expectExact(
        checkReduction("tf-mean-\(dtype)", T.self) { x in eigenMean(count: x.count) { x[$0] } },
        "tf-mean-\(dtype)")
    }
    run(Float.self, "float32")
    run(Float16.self, "float16")
    run(BFloat16.self, "bfloat16")
  }

  @Test("tf.exp, tf.math.log, tf.math.log1p of float32: Eigen's AVX packets, glibc for the last n % 8")
  func tfElementwiseKernels() {
    expectExact(checkElementwise("tf-exp-float32", Float.self) { [EigenFloat.exp($0)] }, "tf-exp-float32")
    expectExact(checkElementwise("tf-log-float32", Float.self) { [EigenFloat.log($0)] }, "tf-log-float32")
    expectExact(checkElementwise("tf-log1p-float32", Float.self) { [EigenFloat.log1p($0)] }, "tf-log1p-float32")
    expectExact(
      checkRows("tf-exp-rows-float32", Float.self) { x in x.indices.map { tfExp(x[$0], index: $0, count: x.count) } },
      "tf-exp-rows-float32")
    expectExact(
      checkRows("tf-log-rows-float32", Float.self) { x in x.indices.map { tfLog(x[$0], index: $0, count: x.count) } },
      "tf-log-rows-float32")
    expectExact(
      checkRows("tf-log1p-rows-float32", Float.self) { x in x.indices.map { tfLog1p(x[$0], index: $0, count: x.count) } },
      "tf-log1p-rows-float32")
  }

  @Test("tf.pow of float32: Eigen's AVX packet generic_pow, glibc's powf for the last n % 8")
  func tfPowKernel() {
    // `x y z` per line, z = tf.pow(x, y) over one tensor of whole packets.
    var whole = KernelOutcome()
    if let file = KernelFile("tf-pow-float32") {
      for row in file.rows {
        let (x, y, z): (Float, Float, Float) = (bits(row[0]), bits(row[1]), bits(row[2]))
        let got = EigenFloat.pow(x, y)
        whole.checked += 1
        if got.bitPattern != z.bitPattern && !(got.isNaN && z.isNaN) {
          whole.differing.append("pow(\(x), \(y)) (\(row[0]) \(row[1])): \(got) vs \(z)")
        }
      }
      expectExact(whole, "tf-pow-float32")
    } else {
      expectExact(nil, "tf-pow-float32")
    }
    // `dist n seed gamma z[0] ... z[n-1]`: a tensor of n drawn values to a scalar power, where the
    // last n % 8 take glibc's powf.
    var rows = KernelOutcome()
    if let file = KernelFile("tf-pow-rows-float32") {
      for row in file.rows {
        let x = drawKernelInputs(row[0], Int(row[1])!, seed: UInt64(row[2])!, Float.self)
        let gamma: Float = bits(row[3])
        rows.checked += 1
        for (i, column) in row.dropFirst(4).enumerated() {
          let got = tfPow(x[i], gamma, index: i, count: x.count), expected: Float = bits(column)
          if got.bitPattern != expected.bitPattern {
            rows.differing.append("n=\(row[1]) gamma \(gamma) entry \(i): \(got) vs \(expected)")
            break
          }
        }
      }
      expectExact(rows, "tf-pow-rows-float32")
    } else {
      expectExact(nil, "tf-pow-rows-float32")
    }
  }

  @Test("TF's float32 softmax cross-entropy kernels (xent_op.h, sparse_xent_op.h), row by row")
  func tfXent() {
    for (name, sparse) in [("tf-xent-float32", false), ("tf-sparse-xent-float32", true)] {
      guard let file = KernelFile(name) else {
        Issue.record("kernels/\(name).txt is missing")
        continue
      }
      var outcome = KernelOutcome()
      for row in file.rows {
        let b = Int(row[0])!, c = Int(row[1])!, seed = UInt64(row[2])!
        let logits = drawKernelInputs("signed", b * c, seed: seed, Float.self)
        let labels = drawKernelInputs("u01", b * c, seed: seed + 1, Float.self)
        outcome.checked += 1
        for r in 0..<b {
          let got = logits.withUnsafeBufferPointer { lp in
            labels.withUnsafeBufferPointer { yp in
              let x = UnsafeBufferPointer(rebasing: lp[(r * c)..<((r + 1) * c)])
              return sparse
                ? tfSparseSoftmaxCrossEntropyRow(logits: x, label: (7 * r + 3) % c, row: r, rows: b)
                : tfSoftmaxCrossEntropyRow(
                  logits: x, labels: UnsafeBufferPointer(rebasing: yp[(r * c)..<((r + 1) * c)]),
                  row: r, rows: b)
            }
          }
          let expected: Float = bits(row[3 + r])
          if got.bitPattern != expected.bitPattern {
            outcome.differing.append("B=\(b) C=\(c) row \(r): \(got) vs \(expected)")
            break
          }
        }
      }
      expectExact(outcome, name)
    }
  }

  @Test("jnp.sum and jnp.mean under XLA:CPU, below 4096 terms (tree of reduce-windows of 32)")
  func jaxSumAndMean() {
    func run<T: MachineFloat>(_: T.Type, _ dtype: String) {
      expectExact(
        checkReduction("jax-sum-\(dtype)", T.self) { x in xlaSum(count: x.count) { x[$0] } },
        "jax-sum-\(dtype)")
      expectExact(
        checkReduction("jax-mean-\(dtype)", T.self) { x in xlaMean(count: x.count) { x[$0] } },
        "jax-mean-\(dtype)")
    }
    run(Float.self, "float32")
    run(Float16.self, "float16")
    run(BFloat16.self, "bfloat16")
  }

  @Test("jnp.exp, jnp.log and jnp.log1p under XLA:CPU (Cephes polynomials, fused, denormals flushed)")
  func jaxElementwise() {
    func run<T: MachineFloat>(_: T.Type, _ dtype: String) {
      expectExact(checkElementwise("jax-exp-\(dtype)", T.self) { [xlaExp($0)] }, "jax-exp-\(dtype)")
      expectExact(checkElementwise("jax-log-\(dtype)", T.self) { [xlaLog($0)] }, "jax-log-\(dtype)")
      expectExact(checkElementwise("jax-log1p-\(dtype)", T.self) { [xlaLog1p($0)] }, "jax-log1p-\(dtype)")
    }
    run(Float.self, "float32")
    run(Float16.self, "float16")
    run(BFloat16.self, "bfloat16")
  }

  @Test("XLAReal, the number type of the JAX profiles, takes jnp.exp, jnp.log, jnp.log1p and jnp.mean")
  func xlaReal() {
    func run<T: MachineFloat>(_: T.Type, _ dtype: String) {
      typealias X = XLAReal<T>
      expectExact(checkElementwise("jax-exp-\(dtype)", X.self) { [X.exp($0)] }, "jax-exp-\(dtype)")
      expectExact(checkElementwise("jax-log-\(dtype)", X.self) { [X.log($0)] }, "jax-log-\(dtype)")
      expectExact(
        checkElementwise("jax-log1p-\(dtype)", X.self) { [X.log(onePlus: $0)] }, "jax-log1p-\(dtype)")
      expectExact(
        checkReduction("jax-mean-\(dtype)", X.self) { x in X.rowMean(count: x.count) { x[$0] } },
        "jax-mean-\(dtype)")
    }
    run(Float.self, "float32")
    run(Float16.self, "float16")
    run(BFloat16.self, "bfloat16")
  }
}
