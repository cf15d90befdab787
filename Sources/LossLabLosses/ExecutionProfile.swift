import LossLabFormats
import LossLabReductions

/// How a framework runs a loss on tensors of a format: which format the loss computes in, how
/// the batch is summed and which format comes out. The formula (its variant) says the rest:
/// a variant that mirrors a framework function carries that function's own kernel (for example
/// `cce-logits/torch`, whose 16-bit log-softmax adds in float).
///
/// Checked against what the frameworks return (Tests/FrameworkVectors, FrameworkVectorTests):
/// torch 2.15, Keras 3.15 on TensorFlow 2.21 and on JAX 0.10, optax 0.2.8.
public enum ExecutionProfile: String, CaseIterable, Sendable {
  /// Every operation and the batch sum round to the format (LossLab's model before profiles;
  /// what a hand-written loop in the format computes).
  case pure
  /// PyTorch eager on the CPU: element-wise operations round to the tensor's format; `sum` and
  /// `mean` add in PyTorch's cascade order, float16 and bfloat16 in a float accumulator rounded
  /// once (aten/src/ATen/native/cpu/SumKernel.cpp: `Summation.torch`); `nll_loss` sums in its
  /// own kernel (`torchNLLReduction`).
  case torch
  /// `torch.autocast("cpu")`: the losses on autocast's float32 list (mse_loss, l1_loss,
  /// binary_cross_entropy_with_logits, cross_entropy, huber_loss, ...) cast 16-bit inputs to
  /// float32, compute and return float32 (aten/src/ATen/autocast_mode.cpp, CPU fp32 list),
  /// summing as torch does.
  case torchAutocast = "torch-autocast"
  /// A Keras 3 `Loss()` with its default dtype (`floatx()`, float32), which is also what the
  /// `mixed_float16` and `mixed_bfloat16` policies give: inputs cast to float32, computed and
  /// returned in float32 (keras/src/losses/loss.py:49-64), on the TensorFlow backend, with
  /// TensorFlow's exp, log and log1p by each element's place in its tensor and its sums over the
  /// last axis (`elementwise`: `EigenReal`): the loss's sum in Eigen's order, divided by the
  /// count.
  case keras
  /// The same Keras `Loss()` on the JAX backend: float32 in and out, with XLA's exp, log and
  /// log1p and `jnp.mean` over the last axis (`elementwise`: `XLAReal`), the sum divided by the
  /// count; the sum is modelled left to right, which is XLA:CPU's order below 33 terms (longer
  /// batches add in XLA's windows of 32, `xlaSum`, not used here because Keras divides where
  /// `Summation.xla`'s mean multiplies by `1/n`).
  case kerasJAX = "keras-jax"
  /// JAX and optax: element-wise operations round to the format, with XLA's exp, log and log1p
  /// (`elementwise`: `XLAReal`); `jnp.sum`, `jnp.mean` and `logsumexp` of 16-bit arrays add in
  /// float32 and round once (jax/_src/numpy/reductions.py `_upcast_f16`), in XLA:CPU's order
  /// (`Summation.xla`).
  case optax
  /// `tf.nn` functions and TensorFlow ops: element-wise in the format; `tf.reduce_sum` and
  /// `tf.reduce_mean` in Eigen's order (`Summation.eigen`): bfloat16 in float rounded once,
  /// float16 in half-precision packets, the mean dividing the float16 sum in float16.
  case tf

  /// One line for `losslab list` and `--help`.
  public var summary: String {
    switch self {
    case .pure: "every operation and the batch sum in the format (a hand-written loop)"
    case .torch: "PyTorch eager, CPU: ops in the format; 16-bit sums and means in float, rounded once"
    case .torchAutocast: "torch.autocast on the CPU: 16-bit inputs cast to float32, float32 out"
    case .keras: "Keras 3 Loss on TensorFlow (float32 dtype, also under mixed policies): float32 in and out, TensorFlow's exp/log"
    case .kerasJAX: "Keras 3 Loss on JAX (float32 dtype, also under mixed policies): float32 in and out, XLA's exp/log"
    case .optax: "JAX/optax: ops in the format, XLA's exp/log; 16-bit sums and means in float32, rounded once"
    case .tf: "tf.nn and TensorFlow ops: ops in the format; Eigen's sums (bfloat16 in float, rounded once)"
    }
  }

  /// The format the loss computes in on inputs of `format`: float32 for 16-bit inputs under
  /// Keras and autocast, else the format itself.
  public func computeFormat(_ format: Format) -> Format {
    switch self {
    case .keras, .kerasJAX, .torchAutocast: format.isSixteenBit ? .float32 : format
    case .pure, .torch, .optax, .tf: format
    }
  }

  /// The format the result comes out in: the compute format (Keras and autocast return
  /// float32 for 16-bit inputs under Keras and autocast; the format itself otherwise).
  public func outputFormat(_ format: Format) -> Format { computeFormat(format) }

  /// Whether the framework's CPU kernels flush subnormal results to zero (and read subnormal
  /// operands as zero): TensorFlow (`ScopedFlushDenormal` around every op,
  /// tensorflow/core/platform/denormal.cc), hence Keras on TensorFlow, and XLA's CPU client
  /// (xla/pjrt/cpu/cpu_client.cc), hence JAX, optax and Keras on JAX. PyTorch keeps IEEE
  /// subnormals unless `torch.set_flush_denormal(True)`.
  ///
  /// In `format`, the format the loss computes in: float32, float64 and bfloat16 (whose range
  /// is float32's) flush; float16 does not, since its subnormals are normal float32 values and
  /// the conversion back to float16 keeps them (optax's float16 squared error returns 2^-20,
  /// Tests/FrameworkVectors/optax-nojit.jsonl:184).
  public func flushesSubnormals(in format: Format) -> Bool {
    switch self {
    case .keras, .kerasJAX, .optax, .tf: format != .float16
    case .pure, .torch, .torchAutocast: false
    }
  }

  /// Whose `exp`, `log` and `log1p` the formulas take: XLA:CPU's own (`XLAReal`) under JAX,
  /// hence optax and Keras on JAX (xla/service/cpu/llvm_ir_runtime.cc and xla/codegen/math
  /// replace the C library's calls by XLA's polynomials); TensorFlow's under Keras on
  /// TensorFlow (`EigenReal`: Eigen's packet functions or glibc's by the element's place in its
  /// tensor, and `tf.reduce_sum`/`tf.reduce_mean` over the last axis in Eigen's order); the C
  /// library's under the others (PyTorch's vectorized functions are its variants' own kernels,
  /// `torchVectorizedLog`; `tf` keeps them too: its 16-bit formulas compute in the format, where
  /// `EigenReal`'s place and 16-bit sums are not checked against tf.nn).
  public var elementwise: ElementwiseLibrary {
    switch self {
    case .optax, .kerasJAX: .xla
    case .keras: .eigen
    case .pure, .torch, .torchAutocast, .tf: .libm
    }
  }

  /// How the batch is summed, given the summation a spec or the command line asked for: under
  /// `pure` that one; under a framework, the framework's own, whatever the format (`.torch`;
  /// `.eigen` for tf and Keras on TensorFlow; `.xla` for optax; Keras on JAX left to right).
  /// Each summation treats the 16-bit formats its framework's way.
  public func summation(requested: Summation) -> Summation {
    switch self {
    case .pure: requested
    case .torch, .torchAutocast: .torch
    case .optax: .xla
    case .tf, .keras: .eigen
    // Keras divides `jnp.sum` by the count (keras/src/losses/loss.py reduce_values), where
    // jnp.mean multiplies by 1/n; below 33 terms XLA's sum is left to right.
    case .kerasJAX: .recursive
    }
  }
}
