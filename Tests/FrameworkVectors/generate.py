#!/usr/bin/env python3
"""Conformance vectors computed by the real frameworks (never by LossLab).

`make framework-vectors` runs this in `.build/framework-venv`. Without arguments it starts one
python subprocess per framework and setting (Keras once per backend, with KERAS_BACKEND set
before keras is imported) and each writes `Tests/FrameworkVectors/<framework>-<setting>.jsonl`.
`generate.py GROUP [SETTING]` runs one of them. The record format is in README.md here.

Inputs: drawn in float64 with a fixed seed per (loss kind, dtype), rounded once to float32 with
NumPy and, for a 16-bit dtype, once more from float32 with ml_dtypes (single roundings, round to
nearest even), then read back: every input is a value of the dtype, so a framework converting it
to its tensor type rounds nothing. The same inputs go to every framework.

What each framework computes (read in site-packages of the versions recorded in each line;
paths relative to site-packages; eager CPU kernels of torch are C++ in libtorch_cpu.so, their
Python mirrors are torch/_decomp/decompositions.py and torch/_refs):

Keras 3 (keras/src/losses/loss.py:46-50): `Loss.__init__` takes `dtype or backend.floatx()`, so
  a loss built without dtype computes in float32 whatever the global policy (mixed_float16 and
  mixed_bfloat16 included); `__call__` (loss.py:56-64) converts y_true and y_pred to float32
  first, so 16-bit inputs are widened exactly and everything after is float32. Reduction
  (loss.py:140-160): `ops.sum(values)` then `divide_no_nan(sum, cast(count, float32))` for
  "sum_over_batch_size". Per-example values are `mean(..., axis=-1)` (losses.py):
  MSE `mean(square(y_true - y_pred))` (1763), MAE `mean(abs(y_true - y_pred))` (1802),
  MAPE `100 * mean(abs((y - p) / maximum(abs(y), eps)))` (1839), MSLE
  `mean(square(log(maximum(p, eps) + 1) - log(maximum(y, eps) + 1)))` (log(x + 1), not log1p;
  1885), Huber `where(|e| <= d, 0.5 * e^2, d * |e| - 0.5 * d^2)` with e = p - y (1962),
  LogCosh `x + softplus(-2x) - log(2)` (2020; softplus is tf.nn.softplus on TF,
  jax.nn.softplus = logaddexp(x, 0) on JAX), KLDivergence `sum(y * log(y / p))` after clipping
  y and p to [eps, 1] (2071), eps = keras.config.epsilon() = 1e-7.
  Backend ops (keras/src/backend/tensorflow/nn.py and jax/nn.py):
  BCE probs: clip p to [eps, 1 - eps], -(y log p + (1 - y) log(1 - p)) (TF 1444, JAX 1017);
  BCE logits: TF tf.nn.sigmoid_cross_entropy_with_logits; JAX
    -1.0 * y * log_sigmoid(x) - (1 - y) * log_sigmoid(-x) (jax/nn.py:1027-1030);
  CCE probs: p / sum(p), clip, -sum(y log p) (TF 1298, JAX 963);
  CCE logits: TF tf.nn.softmax_cross_entropy_with_logits; JAX -sum(y * log_softmax(x));
  sparse CCE probs: TF clips p, takes log, then tf.nn.sparse_softmax_cross_entropy_with_logits
    of log p (renormalises AFTER the clip, tensorflow/nn.py:1381-1442); JAX renormalises p / sum
    p, clips, logs and takes -sum(one_hot * log p) (jax/nn.py:989-1015);
  sparse CCE logits: TF tf.nn.sparse_softmax_cross_entropy_with_logits; JAX
    -sum(one_hot * log_softmax(x)).
tf.nn (tensorflow/python/ops): sigmoid_cross_entropy_with_logits (nn_impl.py:112-147)
  `where(x >= 0, x, 0) - x * z + log1p(exp(where(x >= 0, -x, x)))` in the input dtype, one
  rounding per op; softmax_cross_entropy_with_logits (nn_ops.py:4118-4183) casts float16 AND
  bfloat16 logits to float32, runs the fused C++ xent kernel in float32 and casts the cost back
  (4122-4125, 4180-4181); sparse_softmax_cross_entropy_with_logits (nn_ops.py:4286-4402) casts
  only float16 to float32 (4349-4350, 4379-4380): bfloat16 runs the kernel in bfloat16.
torch 2.x eager CPU (reduction: apply_loss_reduction: mean() / sum(); CPU sum of half/bfloat16
  accumulates in float and rounds once; CPU mean of half/bfloat16 is float32 sum, divide, one
  rounding (ATen ReduceOps.cpp mean_out)):
  mse_loss (decompositions.py:399) (self - target) ** 2; l1_loss |self - target|;
  binary_cross_entropy (decompositions.py:657-674)
    (y - 1) * max(log1p(-p), -100) - y * max(log(p), -100);
  binary_cross_entropy_with_logits (decompositions.py:5233-5251)
    (1 - y) * x - logsigmoid(x), the result cast to the target dtype;
  cross_entropy = nll_loss(log_softmax(x)) for labels; with probability targets
    -sum(y * log_softmax(x)); label_smoothing mixes (1 - ls) * nll + ls * (-sum log_softmax)/C
    (torch/nn/functional.py:3478, ATen LossNLL.cpp cross_entropy_loss_prob_target/label_smoothing);
  huber_loss |e| < d ? 0.5 e^2 : d (|e| - 0.5 d) (ATen BinaryOpsKernel.cpp huber_kernel);
  kl_div(input = log p, target y) = xlogy(y, y) - y * input (torch/nn/functional.py:3401).
  Under torch.autocast("cpu") the loss ops on the CPU fp32 list (mse_loss, l1_loss,
  binary_cross_entropy_with_logits, huber_loss, kl_div, nll_loss, cross_entropy_loss ...) cast
  their 16-bit inputs to float32 and return float32 (torch/amp/autocast_mode.py; docs amp.md).
optax (optax/losses/_regression.py, _classification.py): no dtype change; every jnp op rounds to
  the input dtype, except jnp.sum/jnp.mean/logsumexp's sum, which upcast float16 and bfloat16 to
  float32 and round once at the end (jax/_src/numpy/reductions.py:67 _upcast_f16):
  squared_error (p - y) ** 2 (24), l2_loss 0.5 * squared_error (53),
  huber_loss 0.5 * min(|e|, d) ** 2 + d * (|e| - min(|e|, d)) (75),
  log_cosh logaddexp(e, -e) - log(2) (109),
  sigmoid_binary_cross_entropy -y * log_sigmoid(x) - (1 - y) * log_sigmoid(-x) (47),
  softmax_cross_entropy -(y * log_softmax(x)).sum(-1) (227),
  softmax_cross_entropy_with_integer_labels logsumexp(x) - x[label] (299),
  kl_divergence(log_predictions, targets) sum(t * (where(t == 0, 0, log t) - log_p)) (528).
  jax.nn.log_softmax (jax/_src/nn/functions.py:536) shifted = x - max; shifted - log(sum(exp(
  shifted))); jax.nn.logsumexp (jax/_src/ops/special.py:45) log(sum(exp(x - max))) + max.
torchvision.ops.sigmoid_focal_loss (torchvision/ops/focal_loss.py:41-56): p = sigmoid(x),
  ce = bce_with_logits(x, y), p_t = p y + (1 - p)(1 - y), ce * (1 - p_t) ** gamma, times
  alpha y + (1 - alpha)(1 - y) when alpha >= 0.
monai.losses.DiceLoss (monai/losses/dice.py:169-204, monai/losses/utils.py compute_tp_fp_fn):
  per (row, channel) over the spatial axis; tp, fp, fn from L1 norms (soft_label form):
  tp = (|p|_1 + |y|_1 - |p - y|_1) / 2, fp = |p|_1 - tp, fn = |y|_1 - tp;
  1 - (2 tp + smooth_nr) / (2 (tp + fp + fn) + smooth_dr).
segmentation_models_pytorch DiceLoss (losses/dice.py:70-157, losses/_functional.py:165-210):
  soft_dice_score is soft_tversky_score(alpha = beta = 0.5) from the same L1 norms, over dims
  (0, 2), i.e. over the whole batch: one Dice per class, not per row; here it is called one row
  at a time (batch of 1) to get the per-row Dice; a row with sum(y) = 0 gets loss 0 (mask).
transformers.trainer_pt_utils.LabelSmoother (trainer_pt_utils.py:434-481):
  l = -log_softmax(x) in the logits dtype; nll = l[label]; smoothed = l.sum(-1, dtype=float32);
  (1 - eps) * nll.sum() / n + eps * smoothed.sum() / (n * C).
"""

import json
import os
import subprocess
import sys
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
SEED = 20240611
DTYPES = ["float32", "float16", "bfloat16"]


# ----------------------------------------------------------------------------------------------
# Inputs

def np_dtype(name):
    import ml_dtypes
    return {"float32": np.float32, "float16": np.float16, "bfloat16": ml_dtypes.bfloat16}[name]


def to_dtype(values, dtype):
    """float64 values -> the dtype's values (float32 first, then the 16-bit type), as float64."""
    a = np.asarray(values, dtype=np.float64).astype(np.float32)
    if dtype != "float32":
        a = a.astype(np_dtype(dtype))
    return a.astype(np.float32).astype(np.float64)


def rng_for(kind, dtype, salt=0):
    key = sum(ord(c) * 131 ** i for i, c in enumerate(kind + "/" + dtype)) % (2 ** 31)
    return np.random.default_rng([SEED, key, salt])


def case(y_true, y_pred, rows, columns, reduction, labels=None, params=None, tag=""):
    return dict(y_true=y_true, y_pred=y_pred, rows=rows, columns=columns, reduction=reduction,
                labels=labels, params=params or {}, tag=tag)


def chunks(seq, n):
    return [seq[i:i + n] for i in range(0, len(seq), n)]


def elementwise_cases(kind, dtype, large=False):
    """Elementwise losses: a row is one (y, p) pair, columns = 1."""
    r = rng_for(kind, dtype)
    edges = []
    if kind in ("mse", "mae", "huber", "log-cosh", "mape", "l2"):
        for y, p in [(0, 0), (1, 1), (0, 1e-8), (0, 1e-4), (1, 1 + 2 ** -10), (0, 1), (0, -1),
                     (0.5, 1.5), (0, 0.999), (0, 1.001), (2, -1), (0, 255.9), (0, 256), (0, 300),
                     (0, 3000), (-1500, 1500), (1e4, 1e4 + 8), (0, 15), (0, -15), (0, 100),
                     (0, 1e-3), (3.14159, 2.71828), (1e-8, 0), (1e-7, 2e-7), (0, 11.1),
                     (0, 89), (0, 44.5), (-100, 100), (0.1, 0.2), (1, 0)]:
            edges.append((y, p))
    elif kind == "msle":
        for y, p in [(0, 0), (1, 1), (0, 1e-8), (-1, 2), (1, -0.5), (1e-7, 1e-6), (0, 1),
                     (1e4, 1e4 + 8), (3, 5), (0.5, 0.25), (100, 1), (6e4, 1e-3), (2, 2.001),
                     (1e-3, 2e-3), (0, 65504), (7, 0)]:
            edges.append((y, p))
    elif kind == "bce":
        ps = [0, 1, 1e-8, 1e-7, 1.2e-7, 1e-4, 0.01, 0.5, 0.9, 1 - 1e-4, 1 - 1e-7, 1 - 2 ** -12,
              1 - 2 ** -9, 1 - 2 ** -24, 2 ** -24, 2 ** -133, 0.25]
        for y in (0, 1, 0.3):
            for p in ps:
                edges.append((y, p))
    elif kind in ("bce-logits", "focal"):
        xs = [0, 1e-8, 1e-3, 0.5, 1, 2, 5, 11.09375, 12, 15, 17, 30, 88, 89, 100, 1000, 3000]
        for y in (0, 1, 0.25):
            for x in xs:
                for s in (1, -1):
                    if x == 0 and s == -1:
                        continue
                    edges.append((y, s * x))
    out = []
    ys, ps = zip(*edges)
    ys, ps = to_dtype(ys, dtype), to_dtype(ps, dtype)
    per = 6
    for i, (yc, pc) in enumerate(zip(chunks(list(ys), per), chunks(list(ps), per))):
        out.append(case(yc, pc, len(yc), 1, "none", tag="edges"))
    # Random draws: ML-shaped inputs.
    def draw(n):
        if kind in ("bce",):
            x = r.normal(0, 4, n)
            p = 1 / (1 + np.exp(-x))
            y = (r.random(n) < p).astype(np.float64)
            return y, p
        if kind in ("bce-logits", "focal"):
            x = r.normal(0, 4, n)
            y = (r.random(n) < 1 / (1 + np.exp(-x))).astype(np.float64)
            return y, x
        if kind == "msle":
            y = np.abs(r.normal(0, 10, n))
            return y, np.abs(y + r.normal(0, 3, n))
        y = r.normal(0, 3, n)
        return y, y + r.normal(0, 1.5, n)
    for n in (1, 1, 2, 4):
        y, p = draw(n)
        out.append(case(list(to_dtype(y, dtype)), list(to_dtype(p, dtype)), n, 1, "none",
                        tag="random"))
    for n in (3, 16):
        for red in ("mean", "sum"):
            y, p = draw(n)
            out.append(case(list(to_dtype(y, dtype)), list(to_dtype(p, dtype)), n, 1, red,
                            tag="random"))
    # Mean and sum of edge rows: the reductions of values that overflow or are tiny.
    for red in ("mean", "sum"):
        out.append(case(list(ys[:12]), list(ps[:12]), 12, 1, red, tag="edges"))
    if large and dtype != "float32":
        # The mean (and sum) of 4096 uniform values in float16 (1024 in bfloat16), y = 0: a
        # float32 accumulation of 16-bit sums against a 16-bit one (which stalls at 2048 and
        # 256).
        n = 4096 if dtype == "float16" else 1024
        p = r.random(n) if kind != "bce-logits" else r.normal(0, 4, n)
        y = np.zeros(n)
        out.append(case(list(to_dtype(y, dtype)), list(to_dtype(p, dtype)), n, 1, "mean",
                        tag="large"))
        if large == "both":  # torch eager only
            out.append(case(list(to_dtype(y, dtype)), list(to_dtype(p, dtype)), n, 1, "sum",
                            tag="large"))
    return out


def softmax(x):
    z = x - x.max(axis=-1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=-1, keepdims=True)


def row_cases(kind, dtype, classes=(3, 10)):
    """Row losses. kind: probs (cce/sparse-cce), logits (cce-logits/sparse/smoothed), kl (y soft,
    p probabilities), dice (y a 0/1 mask, p probabilities)."""
    r = rng_for(kind, dtype)
    out = []

    def one(C, n, style):
        labels = r.integers(0, C, n)
        onehot = np.eye(C)[labels]
        if kind == "dice":
            y = (r.random((n, C)) < 0.4).astype(np.float64)
            if style == "empty":
                y[:] = 0
            p = r.random((n, C)) if style != "confident" else np.clip(y + r.normal(0, 1e-3, (n, C)), 0, 1)
            return labels, y, p
        sigma = {"typical": 1.0, "wide": 4.0, "confident": 1.0, "huge": 1.0, "zeros": 1.0,
                 "wrong": 1.0, "empty": 1.0}[style]
        x = r.normal(0, sigma, (n, C))
        if style == "confident":
            x[np.arange(n), labels] += 15
        if style == "wrong":
            x[np.arange(n), (labels + 1) % C] += 15
        if style == "huge":
            x = x * 0 + r.choice([-100.0, 100.0, 0.0, 15.0, -15.0, 1000.0], (n, C))
        if kind == "logits":
            return labels, onehot, x
        p = softmax(x)
        if style == "zeros":
            p[:, 0] = 0  # exact zeros in the row, renormalised away by nothing
        if kind == "kl":
            y = softmax(r.normal(0, 1, (n, C))) if style != "confident" else onehot
            return labels, y, p
        return labels, onehot, p

    styles = ["typical", "wide", "confident", "wrong", "huge", "zeros"]
    if kind == "dice":
        styles = ["typical", "confident", "empty"]
    for C in classes:
        for style in styles:
            shapes = ((1, "none"), (3, "none"), (4, "mean"), (4, "sum"))
            if kind == "dice":  # Dice vectors are few per framework: every shape, twice
                shapes = shapes + shapes if C < 64 else shapes[:2]
            for n, red in (shapes if C == classes[0] or kind == "dice" else shapes[:1]):
                labels, y, p = one(C, n, style)
                y, p = to_dtype(y.ravel(), dtype), to_dtype(p.ravel(), dtype)
                out.append(case(list(y), list(p), n, C, red, labels=[int(v) for v in labels],
                                tag=style))
    for C in classes[:1]:
        for n, red in ((16, "mean"), (32, "sum")):
            labels, y, p = one(C, n, "typical")
            y, p = to_dtype(y.ravel(), dtype), to_dtype(p.ravel(), dtype)
            out.append(case(list(y), list(p), n, C, red, labels=[int(v) for v in labels],
                            tag="batch"))
    return out


# ----------------------------------------------------------------------------------------------
# Output records

def hexes(values):
    return [float(v).hex() for v in values]


def record(framework, version, setting, api, losslab, dtype, c, output, output_dtype,
           extra=None):
    out = np.asarray(output, dtype=np.float64).reshape(-1)
    rec = {
        "framework": framework, "version": version, "setting": setting, "api": api,
        "losslab": losslab, "dtype": dtype, "reduction": c["reduction"], "rows": c["rows"],
        "columns": c["columns"], "parameters": c["params"],
        # Label-based losses read labels only: y_true is null there.
        "y_true": None if c.get("labels_only") else hexes(c["y_true"]),
        "y_pred": hexes(c["y_pred"]),
        "labels": c["labels"] if c.get("labels_only") else None,
        "output_dtype": output_dtype, "output": hexes(out),
    }
    if extra:
        rec.update(extra)
    return rec


def write(name, records):
    path = os.path.join(HERE, name + ".jsonl")
    with open(path + ".tmp", "w") as f:
        for rec in records:
            f.write(json.dumps(rec, separators=(",", ":")) + "\n")
    os.replace(path + ".tmp", path)
    print(f"{name}.jsonl: {len(records)} vectors", file=sys.stderr)


def labels_only(cases):
    return [dict(c, labels_only=True) for c in cases]


def with_params(cases, **params):
    out = []
    for c in cases:
        c = dict(c)
        c["params"] = {k: str(v) for k, v in params.items()}
        out.append(c)
    return out


# ----------------------------------------------------------------------------------------------
# torch

def run_torch(setting):
    import torch
    import torch.nn.functional as F
    tdt = {"float32": torch.float32, "float16": torch.float16, "bfloat16": torch.bfloat16}
    version = f"torch {torch.__version__}"
    red = {"none": "none", "mean": "mean", "sum": "sum"}

    def T(values, dtype, shape):
        return torch.tensor(np.asarray(values, dtype=np.float32).reshape(shape)).to(tdt[dtype])

    specs = []  # (api, losslab, cases per dtype, fn(c, dtype) -> tensor)

    def elem(fn):
        return lambda c, d: fn(T(c["y_true"], d, (c["rows"],)), T(c["y_pred"], d, (c["rows"],)),
                               c)
    specs.append(("torch.nn.functional.mse_loss(input=p, target=y, reduction=R)", "mse/standard",
                  lambda d: elementwise_cases("mse", d, large=False),
                  elem(lambda y, p, c: F.mse_loss(p, y, reduction=c["reduction"]))))
    specs.append(("torch.nn.functional.l1_loss(input=p, target=y, reduction=R)", "mae/standard",
                  lambda d: elementwise_cases("mae", d, large="both" if setting == "eager" else False),
                  elem(lambda y, p, c: F.l1_loss(p, y, reduction=c["reduction"]))))
    specs.append(("torch.nn.functional.binary_cross_entropy(input=p, target=y, reduction=R)",
                  "bce/torch-log1p", lambda d: elementwise_cases("bce", d),
                  elem(lambda y, p, c: F.binary_cross_entropy(p, y, reduction=c["reduction"]))))
    specs.append(("torch.nn.functional.binary_cross_entropy_with_logits(input=x, target=y, "
                  "reduction=R)", "bce-logits/torch", lambda d: elementwise_cases("bce-logits", d),
                  elem(lambda y, p, c: F.binary_cross_entropy_with_logits(
                      p, y, reduction=c["reduction"]))))
    for delta in ("1", "0.5"):
        specs.append((f"torch.nn.functional.huber_loss(input=p, target=y, reduction=R, "
                      f"delta={delta})", "huber/torch",
                      lambda d, delta=delta: with_params(elementwise_cases("huber", d),
                                                         delta=delta),
                      elem(lambda y, p, c: F.huber_loss(p, y, reduction=c["reduction"],
                                                        delta=float(c["params"]["delta"])))))

    def rows(fn):
        def run(c, d):
            n, C = c["rows"], c["columns"]
            return fn(T(c["y_true"], d, (n, C)), T(c["y_pred"], d, (n, C)),
                      torch.tensor(c["labels"], dtype=torch.long), c)
        return run
    specs.append(("torch.nn.functional.cross_entropy(input=x, target=labels, reduction=R)",
                  "sparse-cce-logits/torch", lambda d: labels_only(row_cases("logits", d)),
                  rows(lambda y, x, l, c: F.cross_entropy(x, l, reduction=c["reduction"]))))
    specs.append(("torch.nn.functional.nll_loss(torch.nn.functional.log_softmax(x, dim=-1), "
                  "labels, reduction=R)", "sparse-cce-logits/torch",
                  lambda d: labels_only(row_cases("logits", d)[::3]),
                  rows(lambda y, x, l, c: F.nll_loss(F.log_softmax(x, dim=-1), l,
                                                     reduction=c["reduction"]))))
    specs.append(("torch.nn.functional.cross_entropy(input=x, target=y_probabilities, "
                  "reduction=R)", "cce-logits/torch", lambda d: row_cases("logits", d),
                  rows(lambda y, x, l, c: F.cross_entropy(x, y, reduction=c["reduction"]))))
    specs.append(("torch.nn.functional.cross_entropy(input=x, target=labels, reduction=R, "
                  "label_smoothing=0.1)", "cce-logits-smoothed/torch",
                  lambda d: labels_only(with_params(row_cases("logits", d)[::2],
                                                    label_smoothing="0.1")),
                  rows(lambda y, x, l, c: F.cross_entropy(x, l, reduction=c["reduction"],
                                                          label_smoothing=0.1))))

    def kl_cases(d):
        # y_pred holds log-probabilities (kl_div's input), rounded to the dtype.
        out = []
        for c in row_cases("kl", d):
            if c["reduction"] == "none":
                continue  # kl_div's 'none' is per element, not per row
            c = dict(c)
            with np.errstate(divide="ignore"):
                c["y_pred"] = list(to_dtype(np.log(np.asarray(c["y_pred"])), d))
            out.append(c)
        return out
    specs.append(("torch.nn.functional.kl_div(input=log_p, target=y, reduction=R "
                  "(mean: 'batchmean'))", "kl/torch", kl_cases,
                  rows(lambda y, lp, l, c: F.kl_div(
                      lp, y, reduction={"mean": "batchmean", "sum": "sum"}[c["reduction"]]))))

    records = []
    for dtype in DTYPES:
        ac = {"float16": torch.float16, "bfloat16": torch.bfloat16,
              "float32": torch.bfloat16}[dtype]
        for api, losslab, cases, fn in specs:
            for c in cases(dtype):
                extra = None
                if setting == "autocast":
                    with torch.autocast("cpu", dtype=ac):
                        out = fn(c, dtype)
                    extra = {"autocast_dtype": str(ac).replace("torch.", "")}
                else:
                    out = fn(c, dtype)
                records.append(record("torch", version, setting, api, losslab, dtype, c,
                                      out.detach().float().numpy(),
                                      str(out.dtype).replace("torch.", ""), extra))
    write(f"torch-{setting}", records)


def run_torch_extras(group):
    import torch
    tdt = {"float32": torch.float32, "float16": torch.float16, "bfloat16": torch.bfloat16}

    def T(values, dtype, shape):
        return torch.tensor(np.asarray(values, dtype=np.float32).reshape(shape)).to(tdt[dtype])
    records = []
    if group == "torchvision":
        import torchvision
        from torchvision.ops import sigmoid_focal_loss
        version = f"torchvision {torchvision.__version__}; torch {torch.__version__}"
        for dtype in DTYPES:
            base = elementwise_cases("focal", dtype)
            for alpha, gamma in (("0.25", "2"), ("0.25", "0"), ("0.5", "0.5"), ("0.25", "5")):
                for c in with_params(base, alpha=alpha, gamma=gamma):
                    n = c["rows"]
                    out = sigmoid_focal_loss(T(c["y_pred"], dtype, (n,)), T(c["y_true"], dtype, (n,)),
                                             alpha=float(alpha), gamma=float(gamma),
                                             reduction=c["reduction"])
                    records.append(record(
                        "torchvision", version, "eager",
                        f"torchvision.ops.sigmoid_focal_loss(inputs=x, targets=y, alpha={alpha}, "
                        f"gamma={gamma}, reduction=R)", "focal-logits/torchvision", dtype, c,
                        out.float().numpy(), str(out.dtype).replace("torch.", "")))
    elif group == "monai":
        import monai
        from monai.losses import DiceLoss
        version = f"monai {monai.__version__}; torch {torch.__version__}"
        for dtype in DTYPES:
            for c in with_params(row_cases("dice", dtype, classes=(3, 10, 64)), smooth="1"):
                n, C = c["rows"], c["columns"]
                loss = DiceLoss(smooth_nr=1.0, smooth_dr=1.0, reduction=c["reduction"])
                out = loss(T(c["y_pred"], dtype, (n, 1, C)), T(c["y_true"], dtype, (n, 1, C)))
                records.append(record(
                    "monai", version, "eager",
                    "monai.losses.DiceLoss(smooth_nr=1, smooth_dr=1, reduction=R)"
                    "(input=p[n,1,C], target=y[n,1,C])", "dice/monai", dtype, c,
                    out.float().numpy(), str(out.dtype).replace("torch.", "")))
    elif group == "smp":
        import segmentation_models_pytorch as smp
        from segmentation_models_pytorch.losses import DiceLoss
        version = f"segmentation-models-pytorch {smp.__version__}; torch {torch.__version__}"
        loss = DiceLoss(mode="binary", from_logits=False, smooth=1.0, eps=1e-7)
        for dtype in DTYPES:
            for c in with_params(row_cases("dice", dtype, classes=(3, 10, 64)), smooth="1",
                                 eps="1e-7"):
                if c["reduction"] != "none":
                    continue  # smp reduces over the batch before the Dice: no per-row mean
                n, C = c["rows"], c["columns"]
                y = T(c["y_true"], dtype, (n, 1, C))
                p = T(c["y_pred"], dtype, (n, 1, C))
                outs = [loss(p[i:i + 1], y[i:i + 1]) for i in range(n)]
                out = torch.stack(outs)
                records.append(record(
                    "smp", version, "eager",
                    "segmentation_models_pytorch.losses.DiceLoss(mode='binary', from_logits=False,"
                    " smooth=1, eps=1e-7)(p[i:i+1], y[i:i+1]) per row",
                    "dice/smp", dtype, c, out.float().numpy(),
                    str(out.dtype).replace("torch.", "")))
    elif group == "transformers":
        import transformers
        from transformers.trainer_pt_utils import LabelSmoother
        version = f"transformers {transformers.__version__}; torch {torch.__version__}"
        smoother = LabelSmoother(epsilon=0.1)
        for dtype in DTYPES:
            for c in labels_only(with_params(row_cases("logits", dtype),
                                             label_smoothing="0.1")):
                c["reduction"] = "mean"  # LabelSmoother returns the mean over the tokens
                n, C = c["rows"], c["columns"]
                out = smoother({"logits": T(c["y_pred"], dtype, (n, C))},
                               torch.tensor(c["labels"], dtype=torch.long))
                records.append(record(
                    "transformers", version, "eager",
                    "transformers.trainer_pt_utils.LabelSmoother(epsilon=0.1)({'logits': x}, "
                    "labels)", "cce-logits-smoothed/transformers", dtype, c,
                    out.float().numpy(), str(out.dtype).replace("torch.", "")))
    write(f"{group}-eager", records)


# ----------------------------------------------------------------------------------------------
# Keras (one backend per process)

def run_keras(setting):
    backend = os.environ["KERAS_BACKEND"]
    import keras
    if setting != "default":
        keras.mixed_precision.set_global_policy(setting)
    if backend == "tensorflow":
        import tensorflow as tf
        version = f"keras {keras.__version__}; tensorflow {tf.__version__}"

        def T(values, dtype, shape):
            return tf.cast(tf.constant(np.asarray(values, np.float32).reshape(shape)), dtype)
    else:
        import jax
        import jax.numpy as jnp
        version = f"keras {keras.__version__}; jax {jax.__version__}"

        def T(values, dtype, shape):
            return jnp.asarray(np.asarray(values, np.float32).reshape(shape)).astype(dtype)
    K = keras.losses
    kred = {"none": "none", "mean": "sum_over_batch_size", "sum": "sum"}
    tf_backend = backend == "tensorflow"
    specs = []
    for name, losslab, kind, make in [
        ("MeanSquaredError", "mse/standard", "mse", lambda r: K.MeanSquaredError(reduction=r)),
        ("MeanAbsoluteError", "mae/standard", "mae", lambda r: K.MeanAbsoluteError(reduction=r)),
        ("MeanAbsolutePercentageError", "mape/keras", "mape",
         lambda r: K.MeanAbsolutePercentageError(reduction=r)),
        ("MeanSquaredLogarithmicError", "msle/keras", "msle",
         lambda r: K.MeanSquaredLogarithmicError(reduction=r)),
        ("LogCosh", "log-cosh/stable", "log-cosh", lambda r: K.LogCosh(reduction=r)),
        ("BinaryCrossentropy", "bce/keras", "bce",
         lambda r: K.BinaryCrossentropy(from_logits=False, reduction=r)),
        ("BinaryCrossentropy", "bce-logits/stable" if tf_backend else "bce-logits/log-sigmoid",
         "bce-logits", lambda r: K.BinaryCrossentropy(from_logits=True, reduction=r)),
    ]:
        logits = "from_logits=True" if kind == "bce-logits" else (
            "from_logits=False" if kind == "bce" else "")
        sep = ", " if logits else ""
        specs.append((f"keras.losses.{name}({logits}{sep}reduction=R)(y_true=y[n,1], "
                      f"y_pred=p[n,1])", losslab,
                      lambda d, kind=kind: elementwise_cases(
                          kind, d, large=(kind == "mae" and setting == "default"
                                          and tf_backend)),
                      "elem", make))
    specs.append(("keras.losses.Huber(delta=D, reduction=R)(y_true=y[n,1], y_pred=p[n,1])",
                  "huber/standard",
                  lambda d: with_params(elementwise_cases("huber", d), delta="1")
                  + with_params(elementwise_cases("huber", d)[::2], delta="0.5"),
                  "elem", None))
    # Keras's binary focal cross-entropy with class balancing (losses.py binary_focal_crossentropy:
    # Keras's clipped bce, p_t on the unclipped p, ops.power(1 - p_t, gamma) * bce, then the
    # alpha weight), on the bce cases for each gamma.
    specs.append(("keras.losses.BinaryFocalCrossentropy(apply_class_balancing=True, alpha=A, "
                  "gamma=G, reduction=R)(y_true=y[n,1], y_pred=p[n,1])",
                  "focal/keras",
                  lambda d: [c for g in ("0", "0.5", "2", "5")
                             for c in with_params(elementwise_cases("bce", d),
                                                  alpha="0.25", gamma=g)],
                  "elem", "focal"))
    # Keras's mean over the last axis: MSE and MAE on rows of 3 values.
    specs.append(("keras.losses.MeanSquaredError(reduction=R)(y_true=y[n,C], y_pred=p[n,C])",
                  "mse/standard", lambda d: rowify(elementwise_cases("mse", d)), "rows",
                  lambda r: K.MeanSquaredError(reduction=r)))
    specs.append(("keras.losses.MeanAbsoluteError(reduction=R)(y_true=y[n,C], y_pred=p[n,C])",
                  "mae/standard", lambda d: rowify(elementwise_cases("mae", d)), "rows",
                  lambda r: K.MeanAbsoluteError(reduction=r)))
    specs.append(("keras.losses.CategoricalCrossentropy(from_logits=False, reduction=R)",
                  "cce/keras", lambda d: row_cases("probs", d), "rows",
                  lambda r: K.CategoricalCrossentropy(from_logits=False, reduction=r)))
    specs.append(("keras.losses.CategoricalCrossentropy(from_logits=True, reduction=R)",
                  "cce-logits/tf" if tf_backend else "cce-logits/stable",
                  lambda d: row_cases("logits", d), "rows",
                  lambda r: K.CategoricalCrossentropy(from_logits=True, reduction=r)))
    specs.append(("keras.losses.SparseCategoricalCrossentropy(from_logits=False, reduction=R)",
                  "sparse-cce/keras-tf" if tf_backend else "sparse-cce/keras",
                  lambda d: labels_only(row_cases("probs", d)), "labels",
                  lambda r: K.SparseCategoricalCrossentropy(from_logits=False, reduction=r)))
    specs.append(("keras.losses.SparseCategoricalCrossentropy(from_logits=True, reduction=R)",
                  "sparse-cce-logits/tf" if tf_backend else "sparse-cce-logits/log-softmax",
                  lambda d: labels_only(row_cases("logits", d)), "labels",
                  lambda r: K.SparseCategoricalCrossentropy(from_logits=True, reduction=r)))
    specs.append(("keras.losses.KLDivergence(reduction=R)", "kl/keras",
                  lambda d: row_cases("kl", d), "rows",
                  lambda r: K.KLDivergence(reduction=r)))

    records = []
    for dtype in DTYPES:
        for api, losslab, cases, shape, make in specs:
            # The global policy does not reach a Loss built without dtype (loss.py:49): the
            # mixed settings record every other case only, to keep the files small.
            for c in cases(dtype)[::1 if setting == "default" else 3]:
                n, C = c["rows"], c["columns"]
                if make == "focal":
                    loss = K.BinaryFocalCrossentropy(
                        apply_class_balancing=True, alpha=float(c["params"]["alpha"]),
                        gamma=float(c["params"]["gamma"]), reduction=kred[c["reduction"]])
                elif make is None:
                    loss = K.Huber(delta=float(c["params"]["delta"]), reduction=kred[c["reduction"]])
                else:
                    loss = make(kred[c["reduction"]])
                p = T(c["y_pred"], dtype, (n, C))
                if shape == "labels":
                    y = T(c["labels"], "int32", (n,)) if not tf_backend else \
                        tf.constant(np.asarray(c["labels"], np.int32))
                else:
                    y = T(c["y_true"], dtype, (n, C))
                out = loss(y, p)
                arr = np.asarray(keras.ops.convert_to_numpy(keras.ops.cast(out, "float32")))
                records.append(record(f"keras-{backend}", version, setting, api, losslab, dtype,
                                      c, arr, keras.backend.standardize_dtype(out.dtype)))
    write(f"keras-{backend}-{setting}", records)


def rowify(cases, C=3):
    """Elementwise cases regrouped into rows of C values (Keras's mean over the last axis)."""
    out = []
    for c in cases:
        n = c["rows"] * c["columns"]
        if n % C or c["tag"] == "large":
            continue
        c = dict(c)
        c["rows"], c["columns"] = n // C, C
        out.append(c)
    return out


# ----------------------------------------------------------------------------------------------
# optax (jit or not)

def run_optax(setting):
    import jax
    import jax.numpy as jnp
    import optax
    version = f"optax {optax.__version__}; jax {jax.__version__}; jaxlib {jax.lib.__version__}"

    def T(values, dtype, shape):
        return jnp.asarray(np.asarray(values, np.float32).reshape(shape)).astype(dtype)

    def reduce(v, reduction):
        return {"none": lambda v: v, "mean": jnp.mean, "sum": jnp.sum}[reduction](v)
    specs = [
        ("optax.losses.squared_error(predictions=p, targets=y)", "mse/standard", "mse",
         lambda y, p, l, c: optax.losses.squared_error(p, y)),
        ("optax.losses.l2_loss(predictions=p, targets=y)", "l2/optax", "l2",
         lambda y, p, l, c: optax.losses.l2_loss(p, y)),
        ("optax.losses.huber_loss(predictions=p, targets=y, delta=1.0)", "huber/optax", "huber",
         lambda y, p, l, c: optax.losses.huber_loss(p, y, delta=1.0)),
        ("optax.losses.log_cosh(predictions=p, targets=y)", "log-cosh/optax", "log-cosh",
         lambda y, p, l, c: optax.losses.log_cosh(p, y)),
        ("optax.losses.sigmoid_binary_cross_entropy(logits=x, labels=y)",
         "bce-logits/log-sigmoid", "bce-logits",
         lambda y, p, l, c: optax.losses.sigmoid_binary_cross_entropy(p, y)),
        ("optax.losses.softmax_cross_entropy(logits=x, labels=y)", "cce-logits/stable",
         "logits", lambda y, p, l, c: optax.losses.softmax_cross_entropy(p, y)),
        ("optax.losses.softmax_cross_entropy_with_integer_labels(logits=x, labels=labels)",
         "sparse-cce-logits/stable", "logits",
         lambda y, p, l, c: optax.losses.softmax_cross_entropy_with_integer_labels(p, l)),
        ("optax.losses.kl_divergence(log_predictions=log_p, targets=y)", "kl/optax", "kl",
         lambda y, p, l, c: optax.losses.kl_divergence(p, y)),
    ]
    records = []
    for dtype in DTYPES:
        for api, losslab, kind, fn in specs:
            if kind in ("logits", "kl"):
                cases = row_cases(kind, dtype)
                if "integer_labels" in api:
                    cases = labels_only(cases)
            else:
                cases = elementwise_cases(kind, dtype, large=(kind == "mse"))
            if losslab == "huber/optax":
                cases = with_params(cases, delta="1")
            for c in cases:
                c = dict(c)
                n, C = c["rows"], c["columns"]
                if kind == "kl":
                    with np.errstate(divide="ignore"):
                        c["y_pred"] = list(to_dtype(np.log(np.asarray(c["y_pred"])), dtype))
                shape = (n, C) if kind in ("logits", "kl") else (n,)
                y, p = T(c["y_true"], dtype, shape), T(c["y_pred"], dtype, shape)
                labels = jnp.asarray(np.asarray(c["labels"] or [0] * n, np.int32))

                def f(y, p, labels, fn=fn, red=c["reduction"]):
                    return reduce(fn(y, p, labels, None), red)
                out = jax.jit(f)(y, p, labels) if setting == "jit" else f(y, p, labels)
                red_api = {"none": "", "mean": "jnp.mean(", "sum": "jnp.sum("}[c["reduction"]]
                full = red_api + api + (")" if red_api else "")
                if setting == "jit":
                    full = "jax.jit(" + full + ")"
                records.append(record("optax", version, setting, full, losslab, dtype, c,
                                      np.asarray(out.astype(jnp.float32)), str(out.dtype)))
    write(f"optax-{setting}", records)


# ----------------------------------------------------------------------------------------------
# tf.nn

def run_tfnn():
    import tensorflow as tf
    version = f"tensorflow {tf.__version__}"

    def T(values, dtype, shape):
        return tf.cast(tf.constant(np.asarray(values, np.float32).reshape(shape)), dtype)

    def reduce(v, reduction):
        return {"none": lambda v: v, "mean": tf.reduce_mean, "sum": tf.reduce_sum}[reduction](v)
    records = []
    for dtype in DTYPES:
        for c in elementwise_cases("bce-logits", dtype, large=True):
            n = c["rows"]
            out = reduce(tf.nn.sigmoid_cross_entropy_with_logits(
                labels=T(c["y_true"], dtype, (n,)), logits=T(c["y_pred"], dtype, (n,))),
                c["reduction"])
            records.append(record("tf-nn", version, "eager", wrap_red(
                "tf.nn.sigmoid_cross_entropy_with_logits(labels=y, logits=x)", c["reduction"]),
                "bce-logits/stable", dtype, c, tf.cast(out, tf.float32).numpy(),
                out.dtype.name))
        for c in row_cases("logits", dtype):
            n, C = c["rows"], c["columns"]
            x = T(c["y_pred"], dtype, (n, C))
            out = reduce(tf.nn.softmax_cross_entropy_with_logits(
                labels=T(c["y_true"], dtype, (n, C)), logits=x), c["reduction"])
            records.append(record("tf-nn", version, "eager", wrap_red(
                "tf.nn.softmax_cross_entropy_with_logits(labels=y, logits=x)", c["reduction"]),
                "cce-logits/tf", dtype, c, tf.cast(out, tf.float32).numpy(), out.dtype.name))
            out = reduce(tf.nn.sparse_softmax_cross_entropy_with_logits(
                labels=tf.constant(np.asarray(c["labels"], np.int64)), logits=x), c["reduction"])
            records.append(record("tf-nn", version, "eager", wrap_red(
                "tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=x)",
                c["reduction"]), "sparse-cce-logits/tf", dtype, dict(c, labels_only=True),
                tf.cast(out, tf.float32).numpy(), out.dtype.name))
    write("tf-nn-eager", records)


def wrap_red(api, reduction):
    return {"none": api, "mean": f"tf.reduce_mean({api})", "sum": f"tf.reduce_sum({api})"}[
        reduction]


# ----------------------------------------------------------------------------------------------
# Driver

JOBS = [
    (["torch", "eager"], {}), (["torch", "autocast"], {}),
    (["keras", "default"], {"KERAS_BACKEND": "tensorflow"}),
    (["keras", "mixed_float16"], {"KERAS_BACKEND": "tensorflow"}),
    (["keras", "mixed_bfloat16"], {"KERAS_BACKEND": "tensorflow"}),
    (["keras", "default"], {"KERAS_BACKEND": "jax"}),
    (["keras", "mixed_float16"], {"KERAS_BACKEND": "jax"}),
    (["keras", "mixed_bfloat16"], {"KERAS_BACKEND": "jax"}),
    (["optax", "nojit"], {}), (["optax", "jit"], {}),
    (["tfnn"], {}),
    (["torchvision"], {}), (["monai"], {}), (["smp"], {}), (["transformers"], {}),
]


def main(argv):
    if argv:
        group = argv[0]
        if group == "torch":
            run_torch(argv[1])
        elif group == "keras":
            run_keras(argv[1])
        elif group == "optax":
            run_optax(argv[1])
        elif group == "tfnn":
            run_tfnn()
        else:
            run_torch_extras(group)
        return 0
    failed = []
    optional = {"monai": "monai", "smp": "segmentation_models_pytorch",
                "transformers": "transformers"}
    for args, env in JOBS:
        start = time.time()
        if args[0] in optional:
            try:
                __import__(optional[args[0]])
            except ImportError:
                print(f"{args[0]}: not installed, skipped", file=sys.stderr)
                continue
        e = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="2", CUDA_VISIBLE_DEVICES="",
                 JAX_PLATFORMS="cpu", **env)
        rc = subprocess.call([sys.executable, os.path.abspath(__file__)] + args, env=e)
        label = " ".join(args) + (f" ({env['KERAS_BACKEND']})" if env else "")
        print(f"{label}: exit {rc}, {time.time() - start:.0f} s", file=sys.stderr)
        if rc:
            failed.append(label)
    jit_report()
    if failed:
        print("failed: " + ", ".join(failed), file=sys.stderr)
        return 1
    return 0


def jit_report():
    """Does jax.jit change any bit of optax's results?"""
    def load(name):
        path = os.path.join(HERE, name + ".jsonl")
        if not os.path.exists(path):
            return None
        with open(path) as f:
            return [json.loads(line) for line in f]
    a, b = load("optax-nojit"), load("optax-jit")
    if a is None or b is None:
        return
    differ = [(x, y) for x, y in zip(a, b) if x["output"] != y["output"]]
    print(f"optax: jit changes {len(differ)} of {len(a)} results", file=sys.stderr)
    for x, y in differ[:10]:
        print(f"  {x['dtype']} {x['api']} rows {x['rows']}: nojit {x['output'][:3]} jit "
              f"{y['output'][:3]}", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
