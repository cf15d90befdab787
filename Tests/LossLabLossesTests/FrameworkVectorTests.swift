import Foundation
import LossLabFormats
import LossLabLosses
import LossLabReductions
import Testing

/// Conformance vectors: inputs and outputs that the real frameworks produced
/// (Tests/FrameworkVectors/*.jsonl, written by `make framework-vectors`; see its README), read
/// here and recomputed by LossLab. The files are the frameworks' data, never LossLab's.
struct FrameworkVector {
  var framework: String
  var setting: String
  var api: String
  var losslab: String
  var dtype: Format
  /// `nil` for `none` (one output per row), else `mean` or `sum`.
  var reduction: Reduction?
  var columns: Int
  var parameters: [String: String]
  var yTrue: [Double]
  var yPred: [Double]
  var labels: [Int]
  var outputFormat: Format
  var output: [Double]
  /// Where it came from, for messages: FILE:LINE.
  var origin: String

  var rows: Int { yPred.count / columns }

  /// Every vector of every file in Tests/FrameworkVectors, in file and line order.
  static let all: [FrameworkVector] = {
    let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .deletingLastPathComponent().appendingPathComponent("FrameworkVectors")
    let files = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
    return files.filter { $0.hasSuffix(".jsonl") }.sorted().flatMap { file in
      let text = try! String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
      return text.split(separator: "\n").enumerated().map { index, line in
        FrameworkVector(json: String(line), origin: "\(file):\(index + 1)")
      }
    }
  }()

  init(json: String, origin: String) {
    let object = try! JSONSerialization.jsonObject(with: Data(json.utf8)) as! [String: Any]
    func hex(_ key: String) -> [Double] {
      ((object[key] as? [String]) ?? []).map { hexDouble($0) }
    }
    framework = object["framework"] as! String
    setting = object["setting"] as! String
    api = object["api"] as! String
    losslab = object["losslab"] as! String
    dtype = Format(rawValue: object["dtype"] as! String)!
    let reductionName = object["reduction"] as! String
    reduction = reductionName == "none" ? nil : Reduction(rawValue: reductionName)!
    columns = object["columns"] as? Int ?? 1
    parameters = (object["parameters"] as? [String: Any] ?? [:]).mapValues { "\($0)" }
    yTrue = hex("y_true")
    yPred = hex("y_pred")
    labels = object["labels"] as? [Int] ?? []
    outputFormat = Format(rawValue: object["output_dtype"] as! String)!
    output = hex("output")
    self.origin = origin
  }
}

extension Double {
  /// The value as C's `%a` writes it (exact).
  var hexString: String { String(format: "%a", self) }
}

/// A hex float ("0x1.8p+0", "-0x0.0p+0", "inf", "-inf", "nan") as a Double, exactly.
func hexDouble(_ text: String) -> Double { Double(text)! }

/// The LossLab formula a vector of `framework` names. Some vector names are aliases: the
/// generator named torch's `binary_cross_entropy` `bce/torch-log1p` while LossLab's `bce/torch`
/// still computed `log(1 - p)`; `bce/torch` now computes torch 2.15's `log1p(-p)` form.
/// `kl/torch` and `kl/optax` read log-probabilities, so they are the family `kl-log` (`kl` reads
/// probabilities). Keras' `log_cosh` takes its backend's softplus: on TensorFlow that is
/// `log-cosh/tf` (`log-cosh/stable` is JAX's).
func vectorFormula(_ name: String, framework: String = "") -> Formula? {
  let aliases = [
    "bce/torch-log1p": "bce/torch", "kl/torch": "kl-log/torch", "kl/optax": "kl-log/optax",
  ]
  if framework == "keras-tensorflow" && name == "log-cosh/stable" { return Formula("log-cosh/tf") }
  return Formula(aliases[name] ?? name)
}

/// What LossLab gave on one vector, against the framework.
struct VectorOutcome {
  /// Whether every output matched bit for bit (any NaN matches any NaN).
  var exact: Bool
  /// The largest distance in ulps of the output format over the outputs; `nil` when a
  /// mismatch involves a NaN or an infinity.
  var maxULPs: Int64?
  /// The outputs that differ: LossLab's value against the framework's, as hex.
  var differences: [String] = []
}

/// Recomputes `vector` as the framework runs it: the exact inputs in the format the output has
/// (Keras and torch autocast compute in float32 whatever the input), the loss's defaults for
/// parameters the vector does not give, a 16-bit sum or mean with a float accumulator rounded
/// once (`.wide`), a float32 one left to right, and reduction `none` as each row's own loss.
struct RecomputeVector: FormatVisitor {
  let vector: FrameworkVector
  let formula: Formula

  func visit<T: MachineFloat>(_: T.Type) -> VectorOutcome {
    let (batch, parameters) = vector.inputs(for: formula, T.self)
    let summation: Summation = T.format.bitWidth == 16 ? .wide : .recursive
    let computed: [T]
    if vector.logSoftmaxBeforeAutocast {
      // The rows' losses in the input format, each exact in float32, reduced there.
      let rows = vector.dtype.visit(RowLosses(vector: vector, formula: formula)).map {
        T(nearest: $0)
      }
      computed = vector.reduction.map { [reduce(rows, $0, summation: .recursive)] } ?? rows
    } else if let reduction = vector.reduction {
      computed = [
        evaluate(formula, on: batch, parameters: parameters, reduction: reduction,
          summation: summation)
      ]
    } else {
      // Each row's own loss, not a mean of one (a sum starting at +0 would lose a -0).
      computed = exampleLosses(formula, on: batch, parameters: parameters)
    }
    precondition(computed.count == vector.output.count, "\(vector.origin): output count")
    var outcome = VectorOutcome(exact: true, maxULPs: 0)
    for (mine, theirs) in zip(computed, vector.output.map { T(nearest: $0) }) {
      if mine.isNaN && theirs.isNaN { continue }
      if mine.encoding == theirs.encoding { continue }
      outcome.exact = false
      outcome.differences.append(
        "\(Double(mine.doubleValue).hexString) vs \(theirs.doubleValue.hexString)")
      if mine.isFinite && theirs.isFinite, let worst = outcome.maxULPs {
        outcome.maxULPs = max(worst, abs(mine.ordinal - theirs.ordinal))
      } else {
        outcome.maxULPs = nil
      }
    }
    return outcome
  }
}

extension FrameworkVector {
  /// The vector's inputs in `T` (exact) and its parameters rounded to `T` (the loss's defaults
  /// where the vector gives none). A loss over rows of targets given class indices (torch
  /// cross_entropy with label smoothing) reads them one-hot.
  func inputs<T: MachineFloat>(for formula: Formula, _: T.Type) -> (Batch<T>, LossParameters<T>) {
    let parameters = LossParameters(
      formula.parameterValues(given: parameters).map { T(nearest: Double($0)!) })
    let oneHot = labels.flatMap { label in (0..<columns).map { $0 == label ? 1.0 : 0.0 } }
    let targets = yTrue.isEmpty && formula.shape == .rows ? oneHot : yTrue
    let batch = Batch<T>(
      yTrue: targets.map { T(nearest: $0) }, yPred: yPred.map { T(nearest: $0) }, labels: labels,
      columns: columns)
    return (batch, parameters)
  }
}

/// Each row's loss of a vector in the format `T`, as Doubles (exact).
struct RowLosses: FormatVisitor {
  let vector: FrameworkVector
  let formula: Formula

  func visit<T: MachineFloat>(_: T.Type) -> [Double] {
    let (batch, parameters) = vector.inputs(for: formula, T.self)
    return exampleLosses(formula, on: batch, parameters: parameters).map(\.doubleValue)
  }
}

extension FrameworkVector {
  /// `nll_loss(log_softmax(x))` under `torch.autocast` on the CPU: `log_softmax` is not on
  /// autocast's CPU float32 list (nll_loss is; PyTorch docs/source/amp.md), so the
  /// log-probabilities are computed and rounded in the input format and only the loss's
  /// reduction runs in float32.
  var logSoftmaxBeforeAutocast: Bool {
    setting == "autocast" && api.hasPrefix("torch.nn.functional.nll_loss(torch.nn.functional.log_softmax")
  }
}

/// One row of the agreement table: framework, setting, input dtype and LossLab name.
struct VectorGroup: Hashable, Comparable, CustomStringConvertible {
  var framework, setting, dtype, losslab: String
  var description: String { "\(framework) \(setting) \(dtype) \(losslab)" }
  static func < (a: Self, b: Self) -> Bool { a.description < b.description }
}

/// A group that LossLab does not reproduce bit for bit: why (from the framework's source), how
/// many vectors differ and by how much (ulps of the output format; `nil`: a NaN or an infinity
/// against a number).
struct KnownResidual {
  var cause: String
  var mismatches: Int
  var maxULPs: Int64?

  init(_ cause: String, mismatches: Int, maxULPs: Int64?) {
    self.cause = cause
    self.mismatches = mismatches
    self.maxULPs = maxULPs
  }
}

// Causes, from the frameworks' sources.
/// torch in float32 (eager, or autocast, which runs these losses in float32).
let torchFloat32 = """
  torch's vectorized float32 CPU kernels take exp, log and log1p from SLEEF \
  (torch/include/ATen/cpu/vec/vec256/vec256_float.h:277, 419, 428: Sleef_expf8_u10, Sleef_logf8_u10, \
  Sleef_log1pf8_u10, 1-ulp bounds), \
  not glibc's correctly rounded-in-practice expf/logf; and its float32 sum and mean add in a \
  multi-accumulator cascade (aten/src/ATen/native/cpu/SumKernel.cpp), not left to right
  """
/// torch eager nll_loss on 16-bit log-probabilities, mean or sum.
let torchNLLCascade = """
  nll_loss sums 16-bit losses in the 16-bit type itself, in a cascade of 8 levels of 16 \
  (aten/src/ATen/native/LossNLL.cpp nll_loss_out_frame: scalar_t loss_partial_sums), and divides \
  in it: no float accumulator
  """
/// torch eager cross_entropy with probability targets, 16-bit, mean or sum.
let torchNegatedSum = """
  cross_entropy with probability targets reduces -(log_softmax(x) * y).sum() over the whole batch \
  and negates the sum (aten/src/ATen/native/LossNLL.cpp cross_entropy_loss_prob_target): a batch \
  of zero losses sums to +0 and returns -0 (0 ulps, the sign of zero)
  """
/// TF's fused xent kernels in float32 (Keras always, tf.nn for float32 and upcast bfloat16).
let tfEigenFloat32 = """
  TF's xent kernels (tensorflow/core/kernels/xent_op.h, sparse_xent_op.h) take exp and log from \
  Eigen's vectorized pexp/plog, not glibc's (a tiny loss log(1 + 2^-18) shows it most), and \
  Keras' and tf.reduce_sum's float32 reductions add in Eigen's tree order, not left to right
  """
/// tf.reduce_mean / tf.reduce_sum of a float16 loss.
let tfHalfReduction = """
  tf.reduce_sum and tf.reduce_mean of float16 on the CPU do not add in a float accumulator \
  rounded once (Eigen's float16 reduction; its exact order is not traced here)
  """
/// torch.mean over a float32 batch (MONAI's DiceLoss, reduction mean).
let torchMeanLanes = """
  torch.mean adds a float32 batch in 8-lane blocks (aten/src/ATen/native/cpu/SumKernel.cpp), not \
  left to right; every row's value matches (checked against MONAI 1.6.1: f.mean() gives the vector, \
  a left-to-right sum of the same rows is 1 ulp off)
  """
/// Keras binary_focal_crossentropy, all in float32 on either backend.
let kerasFocal = """
  subnormal results flushed to zero by the backend's CPU kernels (TensorFlow's ScopedFlushDenormal, \
  XLA:CPU likewise): at y = 1, p = 1 - 2^-23, gamma = 5 the loss 2^-140 comes out 0 (the 1536-ulp \
  difference, in float32's subnormal ulps); the other differences, 1-2 ulps, from the backends' own \
  pow/log and Eigen's or XLA's float32 sum order (not traced further)
  """
/// torch's float32 sum (eager, or autocast, which runs huber_loss in float32): the elements match.
let torchFloat32Sum = """
  torch's float32 sum and mean add in the multi-accumulator cascade of \
  aten/src/ATen/native/cpu/SumKernel.cpp (LossLabReductions.torchSum), not left to right as \
  this test reduces a float32 batch; every element matches (torch.sum of torch's own \
  reduction='none' losses gives the vector, a left-to-right float32 sum does not)
  """
/// torch kl_div, reduction sum or batchmean, every dtype.
let torchKLBatchSum = """
  kl_div sums all n·C element losses at once (torch/nn/functional.py:3464-3473: reduction \
  'sum', then batchmean divides by n): float32 in SumKernel.cpp's cascade, 16-bit in a float \
  accumulator rounded once and divided in the format; LossLab sums each row, rounds it to the \
  format and then reduces the rows. The elements match (all 288 float32 elements of these \
  vectors and about 80,000 random 16-bit ones), and torch.sum of torch's own elements gives the vector
  """
/// jnp.mean in float32 (optax, either setting).
let xlaMeanReciprocal = """
  jnp.mean's division by the count becomes a multiplication by the float32 reciprocal 1/n in \
  XLA (HLO: multiply by constant 1/n; 1/12 is inexact): sum · float32(1/n) reproduces the \
  vector and jnp.mean on 300 random float32 arrays of 3 and 12 terms, sum / n misses a third \
  of them; the 16-bit means round to the format afterwards and agree
  """
/// Keras on JAX, kl_divergence, and optax's kl_divergence without jit: XLA's float32 log.
let xlaLog = """
  XLA's float32 log on the CPU is its own approximation, not the C library's correctly rounded \
  logf: on 100,000 random arguments jnp.log is an ulp off in 9% of cases; the vector is \
  reproduced with jnp.log's values of the same tensor in place of logf's (every mismatch here)
  """
/// Keras on JAX, log_cosh, and optax's log_cosh: XLA's float32 log1p.
let xlaLog1p = """
  XLA's float32 log1p on the CPU is its own approximation (an ulp off for 24% of 100,000 random \
  arguments); with jnp.log1p's values in the softplus every 'none' mismatch is reproduced. For \
  tiny e the loss is a difference of numbers near log 2, so one ulp of log1p is up to 2^20 ulps \
  of the result
  """
/// optax under jax.jit: log_cosh's sum.
let xlaLog1pJit = xlaLog1p + """
  ; under jax.jit the sum of 16 is fused with the loss and adds in an order not traced (1 vector)
  """
/// optax's kl_divergence under jax.jit, float32.
let xlaJitKL = """
  under jax.jit XLA fuses the loss into its sums (one kLoop fusion): each row sum contracts the \
  product into an FMA, s = fma(y, log y - q, s), which with XLA's own log (xlaLog) reproduces \
  every 'none' mismatch; jnp.mean/jnp.sum of the rows becomes one reduction over all n·C \
  products (HLO reduce dimensions={0,1}, then × 1/n), whose order is not traced (4 vectors)
  """
/// optax's kl_divergence under jax.jit, bfloat16.
let xlaJitProduct = """
  under jax.jit XLA fuses the product y · (log y - q) into the float32 row sum without rounding \
  it to bfloat16 (HLO: the multiply stays f32 before the reduce; without jit it is rounded): the \
  products of two bfloat16 values are exact in float32, and summing them unrounded reproduces \
  all 4
  """
/// Keras on TensorFlow, kl_divergence.
let tfEigenLog = """
  TensorFlow's float32 log is Eigen's vectorized plog on whole packets of 8 floats (an ulp off \
  for about one argument in seven), the C library's logf only on the tail of a tensor; and \
  ops.sum over the classes and over the batch is tf.reduce_sum, in Eigen's tree order: every \
  mismatch is reproduced with tf.math.log on the [n, C] tensor and tf.reduce_sum
  """
/// Keras on TensorFlow: the batch reduction of an element-wise loss.
let tfReduceSum = """
  Keras' reduction on TensorFlow is ops.sum = tf.reduce_sum, which adds a float32 batch in \
  Eigen's tree order, not left to right: tf.reduce_sum of the per-example losses (each of which \
  matches) reproduces the vector
  """
/// Every group of a variant this change did not touch.
let untraced = """
  not traced: a variant outside the torch and TF cross-entropy work that added this test; \
  pinned so that any change shows
  """

/// Every group that does not reach bit-exactness, by name. Each is pinned (count and largest
/// difference), so a change that fixes or worsens one fails here and must update this list.
let knownResiduals: [String: KnownResidual] = [
  "keras-jax default bfloat16 focal/keras": KnownResidual(kerasFocal, mismatches: 2, maxULPs: 1536),
  "keras-jax default float16 focal/keras": KnownResidual(kerasFocal, mismatches: 2, maxULPs: 1536),
  "keras-jax default float32 focal/keras": KnownResidual(kerasFocal, mismatches: 20, maxULPs: 1536),
  "keras-jax mixed_bfloat16 bfloat16 focal/keras": KnownResidual(kerasFocal, mismatches: 1, maxULPs: 1536),
  "keras-jax mixed_bfloat16 float16 focal/keras": KnownResidual(kerasFocal, mismatches: 1, maxULPs: 1536),
  "keras-jax mixed_bfloat16 float32 focal/keras": KnownResidual(kerasFocal, mismatches: 6, maxULPs: 1536),
  "keras-jax mixed_float16 bfloat16 focal/keras": KnownResidual(kerasFocal, mismatches: 1, maxULPs: 1536),
  "keras-jax mixed_float16 float16 focal/keras": KnownResidual(kerasFocal, mismatches: 1, maxULPs: 1536),
  "keras-jax mixed_float16 float32 focal/keras": KnownResidual(kerasFocal, mismatches: 6, maxULPs: 1536),
  "keras-tensorflow default bfloat16 focal/keras": KnownResidual(kerasFocal, mismatches: 9, maxULPs: 1536),
  "keras-tensorflow default float16 focal/keras": KnownResidual(kerasFocal, mismatches: 14, maxULPs: 1536),
  "keras-tensorflow default float32 focal/keras": KnownResidual(kerasFocal, mismatches: 7, maxULPs: 1536),
  "keras-tensorflow mixed_bfloat16 bfloat16 focal/keras": KnownResidual(kerasFocal, mismatches: 4, maxULPs: 1536),
  "keras-tensorflow mixed_bfloat16 float16 focal/keras": KnownResidual(kerasFocal, mismatches: 5, maxULPs: 1536),
  "keras-tensorflow mixed_bfloat16 float32 focal/keras": KnownResidual(kerasFocal, mismatches: 3, maxULPs: 1536),
  "keras-tensorflow mixed_float16 bfloat16 focal/keras": KnownResidual(kerasFocal, mismatches: 4, maxULPs: 1536),
  "keras-tensorflow mixed_float16 float16 focal/keras": KnownResidual(kerasFocal, mismatches: 5, maxULPs: 1536),
  "keras-tensorflow mixed_float16 float32 focal/keras": KnownResidual(kerasFocal, mismatches: 3, maxULPs: 1536),
  "keras-jax default bfloat16 cce-logits/stable": KnownResidual(untraced, mismatches: 12, maxULPs: 880803838),
  "keras-jax default bfloat16 cce/keras": KnownResidual(untraced, mismatches: 3, maxULPs: 8),
  "keras-jax default bfloat16 kl/keras": KnownResidual(xlaLog, mismatches: 3, maxULPs: 2),
  "keras-jax default bfloat16 log-cosh/stable": KnownResidual(xlaLog1p, mismatches: 1, maxULPs: 32),
  "keras-jax default bfloat16 mae/standard": KnownResidual(untraced, mismatches: 6, maxULPs: 1),
  "keras-jax default bfloat16 mse/standard": KnownResidual(untraced, mismatches: 6, maxULPs: 1),
  "keras-jax default bfloat16 msle/keras": KnownResidual(untraced, mismatches: 1, maxULPs: 2),
  "keras-jax default bfloat16 sparse-cce/keras": KnownResidual(untraced, mismatches: 3, maxULPs: 8),
  "keras-jax default float16 cce-logits/stable": KnownResidual(untraced, mismatches: 8, maxULPs: 4194299),
  "keras-jax default float16 cce/keras": KnownResidual(untraced, mismatches: 3, maxULPs: 1),
  "keras-jax default float16 kl/keras": KnownResidual(xlaLog, mismatches: 4, maxULPs: 2),
  "keras-jax default float16 log-cosh/stable": KnownResidual(xlaLog1p, mismatches: 1, maxULPs: 32),
  "keras-jax default float16 mae/standard": KnownResidual(untraced, mismatches: 2, maxULPs: 1),
  "keras-jax default float16 mse/standard": KnownResidual(untraced, mismatches: 4, maxULPs: 1),
  "keras-jax default float16 msle/keras": KnownResidual(untraced, mismatches: 4, maxULPs: 5460),
  "keras-jax default float16 sparse-cce/keras": KnownResidual(untraced, mismatches: 3, maxULPs: 1),
  "keras-jax default float32 bce/keras": KnownResidual(untraced, mismatches: 4, maxULPs: 1),
  "keras-jax default float32 cce-logits/stable": KnownResidual(untraced, mismatches: 12, maxULPs: 884998142),
  "keras-jax default float32 cce/keras": KnownResidual(untraced, mismatches: 2, maxULPs: 1048577),
  "keras-jax default float32 kl/keras": KnownResidual(xlaLog, mismatches: 3, maxULPs: 2),
  "keras-jax default float32 log-cosh/stable": KnownResidual(xlaLog1p, mismatches: 3, maxULPs: 1048576),
  "keras-jax default float32 mae/standard": KnownResidual(untraced, mismatches: 3, maxULPs: 1),
  "keras-jax default float32 mse/standard": KnownResidual(untraced, mismatches: 7, maxULPs: 1),
  "keras-jax default float32 msle/keras": KnownResidual(untraced, mismatches: 2, maxULPs: 11182),
  "keras-jax default float32 sparse-cce/keras": KnownResidual(untraced, mismatches: 2, maxULPs: 1048577),
  "keras-jax mixed_bfloat16 bfloat16 cce-logits/stable": KnownResidual(untraced, mismatches: 3, maxULPs: 880803838),
  "keras-jax mixed_bfloat16 bfloat16 cce/keras": KnownResidual(untraced, mismatches: 2, maxULPs: 8),
  "keras-jax mixed_bfloat16 bfloat16 mae/standard": KnownResidual(untraced, mismatches: 2, maxULPs: 1),
  "keras-jax mixed_bfloat16 bfloat16 mse/standard": KnownResidual(untraced, mismatches: 2, maxULPs: 1),
  "keras-jax mixed_bfloat16 bfloat16 sparse-cce/keras": KnownResidual(untraced, mismatches: 2, maxULPs: 8),
  "keras-jax mixed_bfloat16 float16 cce-logits/stable": KnownResidual(untraced, mismatches: 1, maxULPs: 4194295),
  "keras-jax mixed_bfloat16 float16 cce/keras": KnownResidual(untraced, mismatches: 1, maxULPs: 1),
  "keras-jax mixed_bfloat16 float16 kl/keras": KnownResidual(xlaLog, mismatches: 1, maxULPs: 1),
  "keras-jax mixed_bfloat16 float16 mae/standard": KnownResidual(untraced, mismatches: 1, maxULPs: 1),
  "keras-jax mixed_bfloat16 float16 mse/standard": KnownResidual(untraced, mismatches: 2, maxULPs: 1),
  "keras-jax mixed_bfloat16 float16 sparse-cce/keras": KnownResidual(untraced, mismatches: 1, maxULPs: 1),
  "keras-jax mixed_bfloat16 float32 bce/keras": KnownResidual(untraced, mismatches: 1, maxULPs: 1),
  "keras-jax mixed_bfloat16 float32 cce-logits/stable": KnownResidual(untraced, mismatches: 3, maxULPs: 872415231),
  "keras-jax mixed_bfloat16 float32 cce/keras": KnownResidual(untraced, mismatches: 1, maxULPs: 1048577),
  "keras-jax mixed_bfloat16 float32 log-cosh/stable": KnownResidual(xlaLog1p, mismatches: 1, maxULPs: 1048576),
  "keras-jax mixed_bfloat16 float32 mae/standard": KnownResidual(untraced, mismatches: 1, maxULPs: 1),
  "keras-jax mixed_bfloat16 float32 mse/standard": KnownResidual(untraced, mismatches: 2, maxULPs: 1),
  "keras-jax mixed_bfloat16 float32 msle/keras": KnownResidual(untraced, mismatches: 1, maxULPs: 2),
  "keras-jax mixed_bfloat16 float32 sparse-cce/keras": KnownResidual(untraced, mismatches: 1, maxULPs: 1048577),
  "keras-jax mixed_float16 bfloat16 cce-logits/stable": KnownResidual(untraced, mismatches: 3, maxULPs: 880803838),
  "keras-jax mixed_float16 bfloat16 cce/keras": KnownResidual(untraced, mismatches: 2, maxULPs: 8),
  "keras-jax mixed_float16 bfloat16 mae/standard": KnownResidual(untraced, mismatches: 2, maxULPs: 1),
  "keras-jax mixed_float16 bfloat16 mse/standard": KnownResidual(untraced, mismatches: 2, maxULPs: 1),
  "keras-jax mixed_float16 bfloat16 sparse-cce/keras": KnownResidual(untraced, mismatches: 2, maxULPs: 8),
  "keras-jax mixed_float16 float16 cce-logits/stable": KnownResidual(untraced, mismatches: 1, maxULPs: 4194295),
  "keras-jax mixed_float16 float16 cce/keras": KnownResidual(untraced, mismatches: 1, maxULPs: 1),
  "keras-jax mixed_float16 float16 kl/keras": KnownResidual(xlaLog, mismatches: 1, maxULPs: 1),
  "keras-jax mixed_float16 float16 mae/standard": KnownResidual(untraced, mismatches: 1, maxULPs: 1),
  "keras-jax mixed_float16 float16 mse/standard": KnownResidual(untraced, mismatches: 2, maxULPs: 1),
  "keras-jax mixed_float16 float16 sparse-cce/keras": KnownResidual(untraced, mismatches: 1, maxULPs: 1),
  "keras-jax mixed_float16 float32 bce/keras": KnownResidual(untraced, mismatches: 1, maxULPs: 1),
  "keras-jax mixed_float16 float32 cce-logits/stable": KnownResidual(untraced, mismatches: 3, maxULPs: 872415231),
  "keras-jax mixed_float16 float32 cce/keras": KnownResidual(untraced, mismatches: 1, maxULPs: 1048577),
  "keras-jax mixed_float16 float32 log-cosh/stable": KnownResidual(xlaLog1p, mismatches: 1, maxULPs: 1048576),
  "keras-jax mixed_float16 float32 mae/standard": KnownResidual(untraced, mismatches: 1, maxULPs: 1),
  "keras-jax mixed_float16 float32 mse/standard": KnownResidual(untraced, mismatches: 2, maxULPs: 1),
  "keras-jax mixed_float16 float32 msle/keras": KnownResidual(untraced, mismatches: 1, maxULPs: 2),
  "keras-jax mixed_float16 float32 sparse-cce/keras": KnownResidual(untraced, mismatches: 1, maxULPs: 1048577),
  "keras-tensorflow default bfloat16 bce-logits/stable": KnownResidual(untraced, mismatches: 5, maxULPs: 4320708),
  "keras-tensorflow default bfloat16 bce/keras": KnownResidual(untraced, mismatches: 1, maxULPs: 1),
  "keras-tensorflow default bfloat16 cce-logits/tf": KnownResidual(tfEigenFloat32, mismatches: 4, maxULPs: 524286),
  "keras-tensorflow default bfloat16 cce/keras": KnownResidual(untraced, mismatches: 5, maxULPs: 2),
  "keras-tensorflow default bfloat16 kl/keras": KnownResidual(tfEigenLog, mismatches: 8, maxULPs: 2),
  "keras-tensorflow default bfloat16 log-cosh/stable": KnownResidual(tfReduceSum, mismatches: 2, maxULPs: 1),
  "keras-tensorflow default bfloat16 mape/keras": KnownResidual(untraced, mismatches: 2, maxULPs: 2),
  "keras-tensorflow default bfloat16 msle/keras": KnownResidual(untraced, mismatches: 1, maxULPs: 1),
  "keras-tensorflow default bfloat16 sparse-cce-logits/tf": KnownResidual(tfEigenFloat32, mismatches: 4, maxULPs: 524286),
  "keras-tensorflow default float16 bce-logits/stable": KnownResidual(untraced, mismatches: 5, maxULPs: 4320708),
  "keras-tensorflow default float16 bce/keras": KnownResidual(untraced, mismatches: 1, maxULPs: 1),
  "keras-tensorflow default float16 cce-logits/tf": KnownResidual(tfEigenFloat32, mismatches: 2, maxULPs: 1),
  "keras-tensorflow default float16 cce/keras": KnownResidual(untraced, mismatches: 9, maxULPs: 262147),
  "keras-tensorflow default float16 kl/keras": KnownResidual(tfEigenLog, mismatches: 9, maxULPs: 4),
  "keras-tensorflow default float16 log-cosh/stable": KnownResidual(tfReduceSum, mismatches: 3, maxULPs: 2),
  "keras-tensorflow default float16 mae/standard": KnownResidual(untraced, mismatches: 1, maxULPs: 10),
  "keras-tensorflow default float16 mape/keras": KnownResidual(untraced, mismatches: 3, maxULPs: 1),
  "keras-tensorflow default float16 mse/standard": KnownResidual(untraced, mismatches: 1, maxULPs: 1),
  "keras-tensorflow default float16 msle/keras": KnownResidual(untraced, mismatches: 2, maxULPs: 2),
  "keras-tensorflow default float16 sparse-cce-logits/tf": KnownResidual(tfEigenFloat32, mismatches: 2, maxULPs: 1),
  "keras-tensorflow default float32 bce-logits/stable": KnownResidual(untraced, mismatches: 3, maxULPs: 4320708),
  "keras-tensorflow default float32 bce/keras": KnownResidual(untraced, mismatches: 1, maxULPs: 1),
  "keras-tensorflow default float32 cce-logits/tf": KnownResidual(tfEigenFloat32, mismatches: 1, maxULPs: 3),
  "keras-tensorflow default float32 cce/keras": KnownResidual(untraced, mismatches: 5, maxULPs: 1),
  "keras-tensorflow default float32 huber/standard": KnownResidual(tfReduceSum, mismatches: 1, maxULPs: 1),
  "keras-tensorflow default float32 kl/keras": KnownResidual(tfEigenLog, mismatches: 13, maxULPs: 4),
  "keras-tensorflow default float32 log-cosh/stable": KnownResidual(tfReduceSum, mismatches: 2, maxULPs: 2),
  "keras-tensorflow default float32 mae/standard": KnownResidual(untraced, mismatches: 2, maxULPs: 1),
  "keras-tensorflow default float32 mape/keras": KnownResidual(untraced, mismatches: 2, maxULPs: 1),
  "keras-tensorflow default float32 mse/standard": KnownResidual(untraced, mismatches: 1, maxULPs: 1),
  "keras-tensorflow default float32 msle/keras": KnownResidual(untraced, mismatches: 1, maxULPs: 1),
  "keras-tensorflow default float32 sparse-cce-logits/tf": KnownResidual(tfEigenFloat32, mismatches: 1, maxULPs: 3),
  "keras-tensorflow mixed_bfloat16 bfloat16 bce-logits/stable": KnownResidual(untraced, mismatches: 2, maxULPs: 4320708),
  "keras-tensorflow mixed_bfloat16 bfloat16 bce/keras": KnownResidual(untraced, mismatches: 1, maxULPs: 1),
  "keras-tensorflow mixed_bfloat16 bfloat16 cce-logits/tf": KnownResidual(tfEigenFloat32, mismatches: 1, maxULPs: 1),
  "keras-tensorflow mixed_bfloat16 bfloat16 cce/keras": KnownResidual(untraced, mismatches: 1, maxULPs: 1),
  "keras-tensorflow mixed_bfloat16 bfloat16 kl/keras": KnownResidual(tfEigenLog, mismatches: 2, maxULPs: 1),
  "keras-tensorflow mixed_bfloat16 bfloat16 msle/keras": KnownResidual(untraced, mismatches: 1, maxULPs: 1),
  "keras-tensorflow mixed_bfloat16 bfloat16 sparse-cce-logits/tf": KnownResidual(tfEigenFloat32, mismatches: 1, maxULPs: 1),
  "keras-tensorflow mixed_bfloat16 float16 bce-logits/stable": KnownResidual(untraced, mismatches: 2, maxULPs: 4320708),
  "keras-tensorflow mixed_bfloat16 float16 bce/keras": KnownResidual(untraced, mismatches: 1, maxULPs: 1),
  "keras-tensorflow mixed_bfloat16 float16 cce-logits/tf": KnownResidual(tfEigenFloat32, mismatches: 1, maxULPs: 1),
  "keras-tensorflow mixed_bfloat16 float16 cce/keras": KnownResidual(untraced, mismatches: 2, maxULPs: 1),
  "keras-tensorflow mixed_bfloat16 float16 kl/keras": KnownResidual(tfEigenLog, mismatches: 4, maxULPs: 1),
  "keras-tensorflow mixed_bfloat16 float16 log-cosh/stable": KnownResidual(tfReduceSum, mismatches: 1, maxULPs: 1),
  "keras-tensorflow mixed_bfloat16 float16 msle/keras": KnownResidual(untraced, mismatches: 1, maxULPs: 2),
  "keras-tensorflow mixed_bfloat16 float16 sparse-cce-logits/tf": KnownResidual(tfEigenFloat32, mismatches: 1, maxULPs: 1),
  "keras-tensorflow mixed_bfloat16 float32 bce-logits/stable": KnownResidual(untraced, mismatches: 1, maxULPs: 4320708),
  "keras-tensorflow mixed_bfloat16 float32 bce/keras": KnownResidual(untraced, mismatches: 1, maxULPs: 1),
  "keras-tensorflow mixed_bfloat16 float32 cce/keras": KnownResidual(untraced, mismatches: 2, maxULPs: 1),
  "keras-tensorflow mixed_bfloat16 float32 huber/standard": KnownResidual(tfReduceSum, mismatches: 1, maxULPs: 1),
  "keras-tensorflow mixed_bfloat16 float32 kl/keras": KnownResidual(tfEigenLog, mismatches: 4, maxULPs: 2),
  "keras-tensorflow mixed_bfloat16 float32 mae/standard": KnownResidual(untraced, mismatches: 1, maxULPs: 1),
  "keras-tensorflow mixed_float16 bfloat16 bce-logits/stable": KnownResidual(untraced, mismatches: 2, maxULPs: 4320708),
  "keras-tensorflow mixed_float16 bfloat16 bce/keras": KnownResidual(untraced, mismatches: 1, maxULPs: 1),
  "keras-tensorflow mixed_float16 bfloat16 cce-logits/tf": KnownResidual(tfEigenFloat32, mismatches: 1, maxULPs: 1),
  "keras-tensorflow mixed_float16 bfloat16 cce/keras": KnownResidual(untraced, mismatches: 1, maxULPs: 1),
  "keras-tensorflow mixed_float16 bfloat16 kl/keras": KnownResidual(tfEigenLog, mismatches: 2, maxULPs: 1),
  "keras-tensorflow mixed_float16 bfloat16 msle/keras": KnownResidual(untraced, mismatches: 1, maxULPs: 1),
  "keras-tensorflow mixed_float16 bfloat16 sparse-cce-logits/tf": KnownResidual(tfEigenFloat32, mismatches: 1, maxULPs: 1),
  "keras-tensorflow mixed_float16 float16 bce-logits/stable": KnownResidual(untraced, mismatches: 2, maxULPs: 4320708),
  "keras-tensorflow mixed_float16 float16 bce/keras": KnownResidual(untraced, mismatches: 1, maxULPs: 1),
  "keras-tensorflow mixed_float16 float16 cce-logits/tf": KnownResidual(tfEigenFloat32, mismatches: 1, maxULPs: 1),
  "keras-tensorflow mixed_float16 float16 cce/keras": KnownResidual(untraced, mismatches: 2, maxULPs: 1),
  "keras-tensorflow mixed_float16 float16 kl/keras": KnownResidual(tfEigenLog, mismatches: 4, maxULPs: 1),
  "keras-tensorflow mixed_float16 float16 log-cosh/stable": KnownResidual(tfReduceSum, mismatches: 1, maxULPs: 1),
  "keras-tensorflow mixed_float16 float16 msle/keras": KnownResidual(untraced, mismatches: 1, maxULPs: 2),
  "keras-tensorflow mixed_float16 float16 sparse-cce-logits/tf": KnownResidual(tfEigenFloat32, mismatches: 1, maxULPs: 1),
  "keras-tensorflow mixed_float16 float32 bce-logits/stable": KnownResidual(untraced, mismatches: 1, maxULPs: 4320708),
  "keras-tensorflow mixed_float16 float32 bce/keras": KnownResidual(untraced, mismatches: 1, maxULPs: 1),
  "keras-tensorflow mixed_float16 float32 cce/keras": KnownResidual(untraced, mismatches: 2, maxULPs: 1),
  "keras-tensorflow mixed_float16 float32 huber/standard": KnownResidual(tfReduceSum, mismatches: 1, maxULPs: 1),
  "keras-tensorflow mixed_float16 float32 kl/keras": KnownResidual(tfEigenLog, mismatches: 4, maxULPs: 2),
  "keras-tensorflow mixed_float16 float32 mae/standard": KnownResidual(untraced, mismatches: 1, maxULPs: 1),
  "monai eager float32 dice/monai": KnownResidual(torchMeanLanes, mismatches: 1, maxULPs: 2),
  "optax jit bfloat16 cce-logits/stable": KnownResidual(untraced, mismatches: 12, maxULPs: 16177),
  "optax jit bfloat16 kl/optax": KnownResidual(xlaJitProduct, mismatches: 4, maxULPs: 1),
  "optax jit bfloat16 sparse-cce-logits/stable": KnownResidual(untraced, mismatches: 5, maxULPs: 2),
  "optax jit float16 cce-logits/stable": KnownResidual(untraced, mismatches: 4, maxULPs: 2),
  "optax jit float16 sparse-cce-logits/stable": KnownResidual(untraced, mismatches: 4, maxULPs: 1),
  "optax jit float32 cce-logits/stable": KnownResidual(untraced, mismatches: 16, maxULPs: 884998142),
  "optax jit float32 huber/optax": KnownResidual(xlaMeanReciprocal, mismatches: 1, maxULPs: 1),
  "optax jit float32 kl/optax": KnownResidual(xlaJitKL, mismatches: 12, maxULPs: 2),
  "optax jit float32 l2/optax": KnownResidual(xlaMeanReciprocal, mismatches: 1, maxULPs: 1),
  "optax jit float32 log-cosh/optax": KnownResidual(xlaLog1pJit, mismatches: 4, maxULPs: 1048576),
  "optax jit float32 mse/standard": KnownResidual(untraced, mismatches: 1, maxULPs: 1),
  "optax jit float32 sparse-cce-logits/stable": KnownResidual(untraced, mismatches: 7, maxULPs: 4),
  "optax nojit bfloat16 cce-logits/stable": KnownResidual(untraced, mismatches: 10, maxULPs: 16177),
  "optax nojit bfloat16 sparse-cce-logits/stable": KnownResidual(untraced, mismatches: 2, maxULPs: 2),
  "optax nojit float16 cce-logits/stable": KnownResidual(untraced, mismatches: 4, maxULPs: 2),
  "optax nojit float16 sparse-cce-logits/stable": KnownResidual(untraced, mismatches: 4, maxULPs: 1),
  "optax nojit float32 cce-logits/stable": KnownResidual(untraced, mismatches: 12, maxULPs: 884998142),
  "optax nojit float32 huber/optax": KnownResidual(xlaMeanReciprocal, mismatches: 1, maxULPs: 1),
  "optax nojit float32 kl/optax": KnownResidual(xlaLog, mismatches: 2, maxULPs: 2),
  "optax nojit float32 l2/optax": KnownResidual(xlaMeanReciprocal, mismatches: 1, maxULPs: 1),
  "optax nojit float32 log-cosh/optax": KnownResidual(xlaLog1p, mismatches: 3, maxULPs: 1048576),
  "optax nojit float32 mse/standard": KnownResidual(untraced, mismatches: 1, maxULPs: 1),
  "optax nojit float32 sparse-cce-logits/stable": KnownResidual(untraced, mismatches: 2, maxULPs: 2),
  "tf-nn eager bfloat16 bce-logits/stable": KnownResidual(untraced, mismatches: 2, maxULPs: 66),
  "tf-nn eager bfloat16 cce-logits/tf": KnownResidual(tfEigenFloat32, mismatches: 1, maxULPs: 8),
  "tf-nn eager float16 bce-logits/stable": KnownResidual(untraced, mismatches: 2, maxULPs: 1),
  "tf-nn eager float16 cce-logits/tf": KnownResidual(tfHalfReduction, mismatches: 3, maxULPs: 1),
  "tf-nn eager float16 sparse-cce-logits/tf": KnownResidual(tfHalfReduction, mismatches: 3, maxULPs: 1),
  "tf-nn eager float32 bce-logits/stable": KnownResidual(untraced, mismatches: 3, maxULPs: 4320708),
  "tf-nn eager float32 cce-logits/tf": KnownResidual(tfEigenFloat32, mismatches: 1, maxULPs: 3),
  "tf-nn eager float32 sparse-cce-logits/tf": KnownResidual(tfEigenFloat32, mismatches: 1, maxULPs: 3),
  "torch autocast bfloat16 bce-logits/torch": KnownResidual(torchFloat32, mismatches: 5, maxULPs: 3),
  "torch autocast bfloat16 bce/torch-log1p": KnownResidual(torchFloat32, mismatches: 2, maxULPs: 1),
  "torch autocast bfloat16 cce-logits-smoothed/torch": KnownResidual(untraced, mismatches: 4, maxULPs: 2),
  "torch autocast bfloat16 cce-logits/torch": KnownResidual(torchFloat32, mismatches: 5, maxULPs: 1),
  "torch autocast bfloat16 kl/torch": KnownResidual(torchKLBatchSum, mismatches: 4, maxULPs: 2),
  "torch autocast bfloat16 sparse-cce-logits/torch": KnownResidual(torchFloat32, mismatches: 3, maxULPs: 1),
  "torch autocast float16 bce-logits/torch": KnownResidual(torchFloat32, mismatches: 6, maxULPs: 2),
  "torch autocast float16 bce/torch-log1p": KnownResidual(torchFloat32, mismatches: 2, maxULPs: 1),
  "torch autocast float16 cce-logits-smoothed/torch": KnownResidual(untraced, mismatches: 5, maxULPs: 2),
  "torch autocast float16 cce-logits/torch": KnownResidual(torchFloat32, mismatches: 4, maxULPs: 2),
  "torch autocast float16 huber/torch": KnownResidual(torchFloat32Sum, mismatches: 1, maxULPs: 1),
  "torch autocast float16 kl/torch": KnownResidual(torchKLBatchSum, mismatches: 5, maxULPs: 2),
  "torch autocast float16 mse/standard": KnownResidual(untraced, mismatches: 1, maxULPs: 1),
  "torch autocast float16 sparse-cce-logits/torch": KnownResidual(torchFloat32, mismatches: 4, maxULPs: 2),
  "torch autocast float32 bce-logits/torch": KnownResidual(torchFloat32, mismatches: 7, maxULPs: 2),
  "torch autocast float32 bce/torch-log1p": KnownResidual(torchFloat32, mismatches: 2, maxULPs: 3),
  "torch autocast float32 cce-logits-smoothed/torch": KnownResidual(untraced, mismatches: 11, maxULPs: 3),
  "torch autocast float32 cce-logits/torch": KnownResidual(torchFloat32, mismatches: 4, maxULPs: 2),
  "torch autocast float32 huber/torch": KnownResidual(torchFloat32Sum, mismatches: 2, maxULPs: 1),
  "torch autocast float32 kl/torch": KnownResidual(torchKLBatchSum, mismatches: 6, maxULPs: 1),
  "torch autocast float32 mae/standard": KnownResidual(untraced, mismatches: 2, maxULPs: 1),
  "torch autocast float32 mse/standard": KnownResidual(untraced, mismatches: 1, maxULPs: 1),
  "torch autocast float32 sparse-cce-logits/torch": KnownResidual(torchFloat32, mismatches: 9, maxULPs: 2),
  "torch eager bfloat16 cce-logits-smoothed/torch": KnownResidual(untraced, mismatches: 7, maxULPs: 2),
  "torch eager bfloat16 cce-logits/torch": KnownResidual(torchNegatedSum, mismatches: 2, maxULPs: 0),
  "torch eager bfloat16 kl/torch": KnownResidual(torchKLBatchSum, mismatches: 1, maxULPs: 1),
  "torch eager bfloat16 sparse-cce-logits/torch": KnownResidual(torchNLLCascade, mismatches: 7, maxULPs: 1),
  "torch eager float16 cce-logits-smoothed/torch": KnownResidual(untraced, mismatches: 8, maxULPs: 1),
  "torch eager float16 cce-logits/torch": KnownResidual(torchNegatedSum, mismatches: 2, maxULPs: 0),
  "torch eager float16 kl/torch": KnownResidual(torchKLBatchSum, mismatches: 1, maxULPs: 1),
  "torch eager float16 sparse-cce-logits/torch": KnownResidual(torchNLLCascade, mismatches: 6, maxULPs: 1),
  "torch eager float32 bce-logits/torch": KnownResidual(torchFloat32, mismatches: 7, maxULPs: 2),
  "torch eager float32 bce/torch-log1p": KnownResidual(torchFloat32, mismatches: 2, maxULPs: 3),
  "torch eager float32 cce-logits-smoothed/torch": KnownResidual(untraced, mismatches: 11, maxULPs: 3),
  "torch eager float32 cce-logits/torch": KnownResidual(torchFloat32, mismatches: 4, maxULPs: 2),
  "torch eager float32 huber/torch": KnownResidual(torchFloat32Sum, mismatches: 2, maxULPs: 1),
  "torch eager float32 kl/torch": KnownResidual(torchKLBatchSum, mismatches: 6, maxULPs: 1),
  "torch eager float32 mae/standard": KnownResidual(untraced, mismatches: 2, maxULPs: 1),
  "torch eager float32 mse/standard": KnownResidual(untraced, mismatches: 1, maxULPs: 1),
  "torch eager float32 sparse-cce-logits/torch": KnownResidual(torchFloat32, mismatches: 9, maxULPs: 2),
  "torchvision eager bfloat16 focal-logits/torchvision": KnownResidual(untraced, mismatches: 37, maxULPs: 641),
  "torchvision eager float16 focal-logits/torchvision": KnownResidual(untraced, mismatches: 26, maxULPs: 80),
  "torchvision eager float32 focal-logits/torchvision": KnownResidual(untraced, mismatches: 25, maxULPs: 2),
  "transformers eager bfloat16 cce-logits-smoothed/transformers": KnownResidual(untraced, mismatches: 31, maxULPs: 92963),
  "transformers eager float16 cce-logits-smoothed/transformers": KnownResidual(untraced, mismatches: 31, maxULPs: 8560),
  "transformers eager float32 cce-logits-smoothed/transformers": KnownResidual(untraced, mismatches: 13, maxULPs: 2),
]

@Suite("Framework vectors: LossLab recomputes what the frameworks returned")
struct FrameworkVectorTests {
  @Test("every vector LossLab has a formula for agrees bit for bit or is a named residual")
  func agreement() {
    var counts: [VectorGroup: (total: Int, exact: Int, maxULPs: Int64?)] = [:]
    for vector in FrameworkVector.all {
      guard let formula = vectorFormula(vector.losslab, framework: vector.framework) else { continue }
      let format = vector.outputFormat
      let outcome = format.visit(RecomputeVector(vector: vector, formula: formula))
      let group = VectorGroup(
        framework: vector.framework, setting: vector.setting, dtype: vector.dtype.rawValue,
        losslab: vector.losslab)
      var entry = counts[group] ?? (0, 0, 0)
      entry.total += 1
      if !outcome.exact, let filter = ProcessInfo.processInfo.environment["LOSSLAB_VECTOR_DETAILS"],
        group.description.contains(filter)
      {
        print("\(vector.origin) \(group) \(vector.reduction?.rawValue ?? "none"): \(outcome.differences.joined(separator: ", "))")
      }
      if outcome.exact {
        entry.exact += 1
      } else if let worst = entry.maxULPs, let ulps = outcome.maxULPs {
        entry.maxULPs = max(worst, ulps)
      } else {
        entry.maxULPs = nil
      }
      counts[group] = entry
    }
    var table = "| framework | setting | dtype | variant | exact | max ulps |\n|---|---|---|---|---|---|\n"
    for group in counts.keys.sorted() {
      let entry = counts[group]!
      table += "| \(group.framework) | \(group.setting) | \(group.dtype) | \(group.losslab) | "
      table += "\(entry.exact)/\(entry.total) | \(entry.maxULPs.map(String.init) ?? "non-finite") |\n"
    }
    print(table)
    for group in counts.keys.sorted() {
      let entry = counts[group]!
      let mismatches = entry.total - entry.exact
      if let known = knownResiduals[group.description] {
        #expect(
          mismatches == known.mismatches && entry.maxULPs == known.maxULPs,
          "\(group): \(mismatches) mismatches, max \(entry.maxULPs.map(String.init) ?? "non-finite") ulps; listed as \(known.mismatches), \(known.maxULPs.map(String.init) ?? "non-finite") (\(known.cause))"
        )
      } else {
        #expect(
          mismatches == 0,
          "\(group): \(mismatches) of \(entry.total) differ, max \(entry.maxULPs.map(String.init) ?? "non-finite") ulps"
        )
      }
    }
    for name in knownResiduals.keys.sorted() where !counts.keys.contains(where: { $0.description == name }) {
      Issue.record("\(name) is listed as a residual but no vector is in that group")
    }
  }
}
