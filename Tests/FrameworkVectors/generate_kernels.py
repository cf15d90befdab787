#!/usr/bin/env python3
"""Kernel check data computed by the real frameworks (never by LossLab): what torch, TensorFlow
and JAX return, on this CPU, for their float32 (and 16-bit) exp, log, log1p, log-sigmoid,
log-softmax, TensorFlow's pow, and for their sums and means. LossLab's models of those kernels
(Sources/LossLabLosses/SleefFloat.swift, TorchVectorizedKernels.swift, EigenFloat.swift,
TFEigenKernels.swift, XLAFloat.swift; Sources/LossLabReductions/TorchSum.swift,
TorchVectorReduce.swift, TorchNLLSum.swift, EigenTreeSum.swift, XLASum.swift) are checked bit for
bit against these files by Tests/LossLabLossesTests/FrameworkKernelTests.swift.

`make framework-vectors` runs this with the framework virtualenv's python after generate.py;
`generate_kernels.py [torch|tf|jax]` runs one part (each part in its own process when run
without arguments, so that the frameworks' thread pools and CPU flags do not meet). Each part writes
Tests/FrameworkVectors/kernels/<framework>-<kernel>.txt:

    # comment lines: the framework and its version, the call, the CPU's reported capability
    <fields separated by spaces>

Every float is the hexadecimal bit pattern of its dtype (8 digits for float32, 4 for float16 and
bfloat16), so nothing is rounded in decimal.

Element-wise files (`x y` per line): x the input, y what the framework returned.

Reduction files (`dist n seed y` per line): the inputs are not stored but drawn by `draw` below,
which the Swift test repeats exactly (SplitMix64, then integer mantissas times powers of two, so
every value is exact in the dtype and in float64); y the framework's result.
"""

import os
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "kernels")

MASK64 = (1 << 64) - 1


def splitmix64(state):
    """One SplitMix64 step: (new state, output)."""
    state = (state + 0x9E3779B97F4A7C15) & MASK64
    z = state
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK64
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK64
    return state, z ^ (z >> 31)


# Exponent span of the `wide` distribution per dtype.
WIDE_SPAN = {"float32": 20, "float16": 12, "bfloat16": 40}

# Significant bits of each dtype: the drawn mantissas have at most this many.
PRECISION = {"float32": 24, "float16": 11, "bfloat16": 8}


def draw(dist, n, seed, dtype):
    """n values as float64, each exact in dtype. `dist`:
    u01     M 2^-p, M uniform in [0, 2^p) (p the dtype's precision): [0, 1);
    signed  ±M 2^-p 2^e, e uniform in [-4, 4]: mixed signs and binades;
    abs-signed  the magnitudes of `signed`;
    neg     -(M 2^-p) 2^e, e uniform in [0, 4]: non-positive, in (-16, 0] (log-probabilities,
            exp arguments);
    wide    ±M 2^-p 2^e, e uniform in [-s, s], s = 20 (float32), 12 (float16), 40 (bfloat16): sums
            that round even in a float accumulator.
    The sign is bit 0 of the SplitMix64 output, the exponent from bits 1-8, M its top p bits."""
    p = PRECISION[dtype]
    state = seed
    out = []
    for _ in range(n):
        state, z = splitmix64(state)
        m = z >> (64 - p)
        sign = -1.0 if (z & 1) else 1.0
        r = (z >> 1) & 0xFF
        if dist == "u01":
            v = m * 2.0 ** -p
        elif dist == "signed":
            v = sign * m * 2.0 ** (-p + (r % 9) - 4)
        elif dist == "abs-signed":
            v = m * 2.0 ** (-p + (r % 9) - 4)
        elif dist == "neg":
            v = -(m * 2.0 ** (-p + (r % 5)))
        elif dist == "wide":
            span = WIDE_SPAN[dtype]
            v = sign * m * 2.0 ** (-p + (r % (2 * span + 1)) - span)
        else:
            raise ValueError(dist)
        out.append(v)
    return out


def hexbits(values, dtype):
    """Bit patterns of the values (already of `dtype`) as fixed-width hex."""
    if dtype == "float32":
        return ["%08x" % b for b in np.asarray(values, dtype=np.float32).view(np.uint32)]
    if dtype == "float16":
        return ["%04x" % b for b in np.asarray(values, dtype=np.float16).view(np.uint16)]
    import ml_dtypes

    return ["%04x" % b for b in np.asarray(values, dtype=ml_dtypes.bfloat16).view(np.uint16)]


def write(name, header, lines):
    os.makedirs(OUT, exist_ok=True)
    path = os.path.join(OUT, name + ".txt")
    with open(path, "w") as f:
        for h in header:
            f.write("# " + h + "\n")
        for line in lines:
            f.write(line + "\n")
    print("wrote", os.path.relpath(path, HERE), len(lines), "lines")


# Lengths of the reduction checks: every length to 300, then a spread to 5000.
def lengths():
    return list(range(1, 301)) + list(range(301, 5001, 47)) + [511, 512, 513, 1023, 1024, 1025,
                                                                 2047, 2048, 2049, 4095, 4096]


def seed_for(*parts):
    """A seed from a label (stable across runs and machines)."""
    h = 1469598103934665603
    for ch in "/".join(str(p) for p in parts).encode():
        h = ((h ^ ch) * 1099511628211) & MASK64
    return h


def float_inputs(rng, n):
    """Float32 arguments for the element-wise checks: random bit patterns (every binade, both
    signs, subnormals, infinities, NaNs) and uniform values in the ranges the losses use."""
    bits = rng.integers(0, 2 ** 32, size=n, dtype=np.uint64).astype(np.uint32).view(np.float32)
    return bits


def torch_hex(t):
    """Bit patterns of a torch tensor's values (flattened) as fixed-width hex."""
    import torch

    t = t.detach().reshape(-1)
    if t.dtype == torch.float32:
        return ["%08x" % (v & 0xFFFFFFFF) for v in t.view(torch.int32).tolist()]
    return ["%04x" % (v & 0xFFFF) for v in t.view(torch.int16).tolist()]


def torch_part():
    import torch

    torch.set_num_threads(1)
    cap = torch.backends.cpu.get_cpu_capability()
    ver = "torch %s (CPU capability %s, MKL %s), 1 thread" % (
        torch.__version__, cap, torch.backends.mkl.is_available())
    tdt = {"float32": torch.float32, "float16": torch.float16, "bfloat16": torch.bfloat16}
    rng = np.random.default_rng(20240611)

    # torch.sum / torch.mean of a 1-D contiguous tensor.
    for fn in ("sum", "mean"):
        for dtype in ("float32", "float16", "bfloat16"):
            lines = []
            for dist in ("u01", "signed", "wide"):
                for n in lengths():
                    seed = seed_for("torch", fn, dtype, dist, n)
                    x = torch.tensor(draw(dist, n, seed, dtype), dtype=torch.float64).to(tdt[dtype])
                    y = getattr(torch, fn)(x)
                    lines.append("%s %d %d %s" % (dist, n, seed, torch_hex(y)[0]))
            write("torch-%s-%s" % (fn, dtype),
                  [ver, "torch.%s(x), x a contiguous 1-D %s tensor of n values drawn by draw(dist, n, seed)" % (fn, dtype),
                   "line: dist n seed result"], lines)
    torch_elementwise(torch, ver, rng)
    torch_rows(torch, ver)


def float32_arguments(rng, kind):
    """4,000 random float32 bit patterns (every binade, both signs, subnormals, infinities,
    NaNs) and 4,000 values in the range the losses use for `kind`."""
    bits = rng.integers(0, 2 ** 32, size=4000, dtype=np.uint64).astype(np.uint32).view(np.float32)
    if kind == "exp":
        typical = rng.uniform(-110, 110, 4000)
    elif kind == "log":
        typical = np.concatenate([rng.uniform(0, 4, 2000), np.exp(rng.uniform(-100, 80, 2000))])
    else:  # log1p
        typical = np.concatenate([rng.uniform(-1, 1, 2000), np.exp(rng.uniform(-40, 80, 2000))])
    special = np.array([0.0, -0.0, 1.0, -1.0, np.inf, -np.inf, np.nan, 1e38, 2e38, 88.72, 89.0,
                        -87.3, -103.9, -104.0, 100.0, 100.1, 1e-45, -1e-45, 1.17549435e-38])
    return np.concatenate([special, typical, bits]).astype(np.float32)


def sixteen_bit_arguments(rng, dtype, kind):
    """4,000 random 16-bit bit patterns of `dtype` as float32 (exact)."""
    import ml_dtypes

    pat = rng.integers(0, 2 ** 16, size=4000, dtype=np.uint64).astype(np.uint16)
    vals = pat.view(np.float16 if dtype == "float16" else ml_dtypes.bfloat16).astype(np.float32)
    if kind == "exp":
        return vals
    return np.abs(vals)


def torch_elementwise(torch, ver, rng):
    tdt = {"float32": torch.float32, "float16": torch.float16, "bfloat16": torch.bfloat16}
    # torch.log1p of float32 (SLEEF), and exp, log, log1p of the 16-bit types (SLEEF in float).
    x = float32_arguments(rng, "log1p")
    y = torch.log1p(torch.from_numpy(x))
    write("torch-log1p-float32", [ver, "torch.log1p(x), x a float32 tensor of all the lines' x",
                                  "line: x y"],
          ["%s %s" % p for p in zip(torch_hex(torch.from_numpy(x)), torch_hex(y))])
    for dtype in ("float16", "bfloat16"):
        for fn in ("exp", "log", "log1p"):
            x = torch.from_numpy(sixteen_bit_arguments(rng, dtype, fn)).to(tdt[dtype])
            y = getattr(torch, fn)(x)
            write("torch-%s-%s" % (fn, dtype),
                  [ver, "torch.%s(x), x a %s tensor of all the lines' x" % (fn, dtype), "line: x y"],
                  ["%s %s" % p for p in zip(torch_hex(x), torch_hex(y))])
    # log_sigmoid: the output and, in float32, the kernel's buffer exp(-|x|).
    x = float32_arguments(rng, "exp")
    out, buf = torch.ops.aten.log_sigmoid_forward(torch.from_numpy(x))
    write("torch-log-sigmoid-float32",
          [ver, "torch.ops.aten.log_sigmoid_forward(x) = (output, buffer); x a float32 tensor of all the lines' x",
           "line: x output buffer (buffer = exp(-|x|))"],
          ["%s %s %s" % p for p in zip(torch_hex(torch.from_numpy(x)), torch_hex(out), torch_hex(buf))])
    for dtype in ("float16", "bfloat16"):
        x = torch.from_numpy(sixteen_bit_arguments(rng, dtype, "exp")).to(tdt[dtype])
        y = torch.nn.functional.logsigmoid(x)
        write("torch-log-sigmoid-%s" % dtype,
              [ver, "torch.nn.functional.logsigmoid(x), x a %s tensor of all the lines' x" % dtype,
               "line: x y"], ["%s %s" % p for p in zip(torch_hex(x), torch_hex(y))])


def torch_rows(torch, ver):
    tdt = {"float32": torch.float32, "float16": torch.float16, "bfloat16": torch.bfloat16}
    for dtype in ("float32", "float16", "bfloat16"):
        # sigmoid and log_softmax of a 1-D tensor of n values: every output.
        for fn, call in (("sigmoid", torch.sigmoid),
                         ("log-softmax", lambda t: torch.log_softmax(t, 0))):
            lines = []
            for n in list(range(1, 101)) + [127, 128, 129, 255, 256, 257]:
                for rep in range(3):
                    seed = seed_for("torch", fn, dtype, n, rep)
                    x = torch.tensor(draw("signed", n, seed, dtype), dtype=torch.float64).to(tdt[dtype])
                    lines.append("signed %d %d %s" % (n, seed, " ".join(torch_hex(call(x)))))
            write("torch-%s-%s" % (fn, dtype),
                  [ver, "torch.%s of a contiguous 1-D %s tensor of n values drawn by draw(dist, n, seed)"
                   % ("sigmoid(x)" if fn == "sigmoid" else "log_softmax(x, 0)", dtype),
                   "line: dist n seed output[0] ... output[n-1]"], lines)
        # nll_loss of [n, 1] log-probabilities, targets 0: the cascade sum of -x.
        for red in ("sum", "mean"):
            lines = []
            for n in lengths():
                seed = seed_for("torch", "nll", red, dtype, n)
                x = torch.tensor(draw("neg", n, seed, dtype), dtype=torch.float64).to(tdt[dtype])
                y = torch.nn.functional.nll_loss(x.reshape(n, 1), torch.zeros(n, dtype=torch.long),
                                                 reduction=red)
                lines.append("neg %d %d %s" % (n, seed, torch_hex(y)[0]))
            write("torch-nll-%s-%s" % (red, dtype),
                  [ver, "torch.nn.functional.nll_loss(x.reshape(n, 1), zeros(n), reduction='%s'), x a %s tensor drawn by draw(dist, n, seed)" % (red, dtype),
                   "line: dist n seed result"], lines)


def np_hex(a):
    """Bit patterns of a NumPy array (float32, float16 or bfloat16) as fixed-width hex."""
    a = np.asarray(a).reshape(-1)
    if a.dtype == np.float32:
        return ["%08x" % b for b in a.view(np.uint32)]
    return ["%04x" % b for b in a.view(np.uint16)]


def tf_part():
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    import ml_dtypes
    import tensorflow as tf

    ver = "tensorflow %s (CPU, %d inter-op / %d intra-op threads)" % (
        tf.__version__, tf.config.threading.get_inter_op_parallelism_threads(),
        tf.config.threading.get_intra_op_parallelism_threads())
    tdt = {"float32": tf.float32, "float16": tf.float16, "bfloat16": tf.bfloat16}
    npdt = {"float32": np.float32, "float16": np.float16, "bfloat16": ml_dtypes.bfloat16}
    rng = np.random.default_rng(20240612)

    # tf.reduce_sum / tf.reduce_mean of a 1-D tensor (Eigen's full reduction).
    for fn in ("sum", "mean"):
        for dtype in ("float32", "float16", "bfloat16"):
            lines = []
            for dist in ("u01", "signed", "wide"):
                for n in lengths():
                    seed = seed_for("tf", fn, dtype, dist, n)
                    x = tf.constant(np.array(draw(dist, n, seed, dtype)).astype(npdt[dtype]))
                    y = getattr(tf, "reduce_" + fn)(x).numpy()
                    lines.append("%s %d %d %s" % (dist, n, seed, np_hex(y)[0]))
            write("tf-%s-%s" % (fn, dtype),
                  [ver, "tf.reduce_%s(x), x a 1-D %s tensor of n values drawn by draw(dist, n, seed)" % (fn, dtype),
                   "line: dist n seed result"], lines)

    tf_xent(tf, ver)

    # tf.exp, tf.math.log, tf.math.log1p of float32: a tensor of 8k elements (whole Eigen
    # packets only), and short tensors (the last n % 8 elements take the scalar functor).
    for fn, call in (("exp", tf.exp), ("log", tf.math.log), ("log1p", tf.math.log1p)):
        x = float32_arguments(rng, fn)
        x = x[: len(x) // 8 * 8]
        y = call(tf.constant(x)).numpy()
        write("tf-%s-float32" % fn,
              [ver, "tf.%s(x), x a float32 tensor of all the lines' x (%d elements, a multiple of 8)"
               % (call.__name__ if fn == "exp" else "math." + fn, len(x)), "line: x y"],
              ["%s %s" % p for p in zip(np_hex(x), np_hex(y))])
        lines = []
        for n in range(1, 41):
            for rep in range(4):
                seed = seed_for("tf", fn, n, rep)
                dist = "signed" if fn == "exp" else "abs-signed"
                y = call(tf.constant(np.array(draw(dist, n, seed, "float32"), dtype=np.float32))).numpy()
                lines.append("%s %d %d %s" % (dist, n, seed, " ".join(np_hex(y))))
        write("tf-%s-rows-float32" % fn,
              [ver, "tf.%s of a 1-D float32 tensor of n values drawn by draw(dist, n, seed)" % fn,
               "line: dist n seed output[0] ... output[n-1]"], lines)

    tf_pow(tf, ver, rng)


def pow_arguments(rng):
    """Pairs (x, y) for tf.pow: x in [0, 1) with Keras' focal exponents 0.5, 2 and 5 and with y
    in [-8, 8]; x over 60 decades with y in [-4, 4]; x over the whole float range with |y| from
    1e-3 to 1e2; negative x with integer y; and every pair of special values."""
    u = lambda lo, hi, k: rng.uniform(lo, hi, k)
    logu = lambda lo, hi, k: np.exp(rng.uniform(np.log(lo), np.log(hi), k))
    k = 2000
    xs = [u(0, 1, k), u(0, 1, k), u(0, 1, k), u(0, 1, k), logu(1e-30, 1e30, k), logu(1e-38, 3e38, k),
          u(-2, 2, k)]
    ys = [np.full(k, 0.5), np.full(k, 2.0), np.full(k, 5.0), u(-8, 8, k), u(-4, 4, k),
          logu(1e-3, 1e2, k) * rng.choice([-1.0, 1.0], k), rng.integers(-6, 7, k).astype(np.float64)]
    special_x = [0.0, -0.0, 1.0, -1.0, np.inf, -np.inf, np.nan, 0.5, 2.0, -2.0, 1e-40, -1e-40]
    special_y = [0.0, -0.0, 1.0, -1.0, 2.0, 3.0, -3.0, 0.5, np.inf, -np.inf, np.nan, 1e10, -1e10]
    xs.append(np.repeat(special_x, len(special_y)))
    ys.append(np.tile(special_y, len(special_x)))
    x = np.concatenate(xs).astype(np.float32)
    y = np.concatenate(ys).astype(np.float32)
    n = len(x) // 8 * 8
    return x[:n], y[:n]


def tf_pow(tf, ver, rng):
    """tf.pow of float32 (Keras' binary focal loss: ops.power(1 - p_t, gamma)): a tensor of
    whole Eigen packets, and short tensors of x in [0, 1) with a scalar gamma (the last n % 8
    elements take the scalar functor, glibc's powf)."""
    x, y = pow_arguments(rng)
    z = tf.pow(tf.constant(x), tf.constant(y)).numpy()
    write("tf-pow-float32",
          [ver, "tf.pow(x, y), x and y float32 tensors of all the lines' x and y (%d elements, a multiple of 8)"
           % len(x), "line: x y z"],
          ["%s %s %s" % t for t in zip(np_hex(x), np_hex(y), np_hex(z))])
    lines = []
    for n in range(1, 41):
        for gamma in (0.5, 2.0, 5.0):
            seed = seed_for("tf", "pow", n, gamma)
            x = np.array(draw("u01", n, seed, "float32"), dtype=np.float32)
            z = tf.pow(tf.constant(x), tf.constant(np.float32(gamma))).numpy()
            lines.append("u01 %d %d %s %s" % (n, seed, np_hex(np.float32(gamma))[0], " ".join(np_hex(z))))
    write("tf-pow-rows-float32",
          [ver, "tf.pow(x, gamma) of a 1-D float32 tensor x of n values drawn by draw(dist, n, seed) and a float32 scalar gamma",
           "line: dist n seed gamma output[0] ... output[n-1]"], lines)


def tf_xent(tf, ver):
    """tf.nn.softmax_cross_entropy_with_logits and the sparse one on float32 [B, C] batches:
    logits draw("signed", B*C, seed) row-major, labels draw("u01", B*C, seed + 1) (dense) or
    (7 b + 3) % C for row b (sparse)."""
    dense, sparse = [], []
    for b in list(range(1, 21)) + [33]:
        for c in list(range(1, 41)) + [64, 100]:
            if b > 12 and c % 3 != 0:
                continue
            seed = seed_for("tf", "xent", b, c)
            logits = np.array(draw("signed", b * c, seed, "float32"), dtype=np.float32).reshape(b, c)
            labels = np.array(draw("u01", b * c, seed + 1, "float32"), dtype=np.float32).reshape(b, c)
            y = tf.nn.softmax_cross_entropy_with_logits(labels=labels, logits=logits).numpy()
            dense.append("%d %d %d %s" % (b, c, seed, " ".join(np_hex(y))))
            idx = np.array([(7 * r + 3) % c for r in range(b)], dtype=np.int64)
            y = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=idx, logits=logits).numpy()
            sparse.append("%d %d %d %s" % (b, c, seed, " ".join(np_hex(y))))
    write("tf-xent-float32", [ver, tf_xent.__doc__.replace("\n", " "),
                              "tf.nn.softmax_cross_entropy_with_logits(labels, logits)",
                              "line: B C seed loss[0] ... loss[B-1]"], dense)
    write("tf-sparse-xent-float32", [ver, tf_xent.__doc__.replace("\n", " "),
                                     "tf.nn.sparse_softmax_cross_entropy_with_logits(labels, logits)",
                                     "line: B C seed loss[0] ... loss[B-1]"], sparse)


def jax_part():
    import jax
    import jax.numpy as jnp
    import ml_dtypes

    ver = "jax %s, jaxlib %s (XLA:CPU, %s)" % (jax.__version__, jax.lib.__version__, jax.devices()[0].device_kind)
    npdt = {"float32": np.float32, "float16": np.float16, "bfloat16": ml_dtypes.bfloat16}
    # jnp.sum / jnp.mean of a 1-D array shorter than 4096 (from 4096 on XLA:CPU calls YNNPACK).
    jax_lengths = [n for n in lengths() if n < 4096] + [2047, 2048, 2049, 3000, 4095]
    for fn in ("sum", "mean"):
        for dtype in ("float32", "float16", "bfloat16"):
            lines = []
            for dist in ("u01", "signed", "wide"):
                for n in jax_lengths:
                    seed = seed_for("jax", fn, dtype, dist, n)
                    x = np.array(draw(dist, n, seed, dtype)).astype(npdt[dtype])
                    y = np.asarray(getattr(jnp, fn)(x))
                    lines.append("%s %d %d %s" % (dist, n, seed, np_hex(y)[0]))
            write("jax-%s-%s" % (fn, dtype),
                  [ver, "jnp.%s(x), x a 1-D %s array of n values drawn by draw(dist, n, seed)" % (fn, dtype),
                   "line: dist n seed result"], lines)

    # jnp.exp, jnp.log, jnp.log1p: float32 arguments over the whole range, and 16-bit ones.
    rng = np.random.default_rng(20240613)
    for fn in ("exp", "log", "log1p"):
        x = float32_arguments(rng, fn)
        y = np.asarray(getattr(jnp, fn)(x))
        write("jax-%s-float32" % fn, [ver, "jnp.%s(x), x a float32 array of all the lines' x" % fn,
                                      "line: x y"], ["%s %s" % p for p in zip(np_hex(x), np_hex(y))])
        for dtype in ("float16", "bfloat16"):
            x = sixteen_bit_arguments(rng, dtype, fn).astype(npdt[dtype])
            y = np.asarray(getattr(jnp, fn)(x))
            write("jax-%s-%s" % (fn, dtype), [ver, "jnp.%s(x), x a %s array of all the lines' x" % (fn, dtype),
                                             "line: x y"], ["%s %s" % p for p in zip(np_hex(x), np_hex(y))])


def main():
    if not sys.argv[1:]:
        import subprocess

        for part in ("torch", "tf", "jax"):
            subprocess.run([sys.executable, os.path.abspath(__file__), part], check=True)
        return
    for part in sys.argv[1:]:
        {"torch": torch_part, "tf": tf_part, "jax": jax_part}[part]()


if __name__ == "__main__":
    main()
