"""The work of `losslab run bce-logits` (Experiments/bce-logits.yaml) in NumPy and mpmath.

losslab-bench times this script against `losslab run bce-logits` on one thread (the ratio is
printed as LossLab's speed-up). It does the same work per point, written as a Python user would
write it: the formula in each format with NumPy (float16, bfloat16 from ml_dtypes, float32,
float64; vectorized over the points), the ideal loss on the inputs as given and on the inputs
rounded to each format (the formula view) with mpmath at 128 bits, and each result's error
in ulps of its format. The ideal on rounded inputs is computed once per distinct input pair
(a memo), as LossLab reuses it where rounding changes nothing. Inputs: the spec's grid (200
log-spaced |x| in [1, 1e4], both signs, y in {0, 1}) and 20,000 ML-shaped logits (normal, std
4, y drawn from the sigmoid); the grid runs once per formula and profile as the spec has them.
Nothing is certified here: mpmath has no error balls (LossLab's run certifies every figure).
Prints one line: the number of results measured and the largest ulp error seen.
"""

import math

import ml_dtypes
import mpmath
import numpy as np

mpmath.mp.prec = 128
FORMATS = [np.float16, ml_dtypes.bfloat16, np.float32, np.float64]


def ideal(y, x):
    """max(x, 0) - x y + log1p(exp(-|x|)) at 128 bits (exact inputs)."""
    x, y = mpmath.mpf(x), mpmath.mpf(y)
    return max(x, 0) - x * y + mpmath.log1p(mpmath.exp(-abs(x)))


def native(variant, y, x):
    """The formula in x's dtype, elementwise over arrays."""
    one = x.dtype.type(1)
    with np.errstate(all="ignore"):
        if variant == "naive":
            s = one / (one + np.exp(-x))
            return -(y * np.log(s) + (one - y) * np.log(one - s))
        if variant == "stable":
            return np.maximum(x, 0) - x * y + np.log1p(np.exp(-np.abs(x)))
        logsigmoid = np.minimum(x, 0) - np.log1p(np.exp(-np.abs(x)))
        return (one - y) * x - logsigmoid


def ulp_error(value, exact, dtype):
    info = ml_dtypes.finfo(dtype) if dtype == ml_dtypes.bfloat16 else np.finfo(dtype)
    value = float(value)
    if math.isnan(value) or math.isinf(value):
        return math.inf
    exponent = max(int(mpmath.floor(mpmath.log(abs(exact), 2))) if exact != 0 else -10**6, int(info.minexp))
    ulp = mpmath.ldexp(1, exponent - int(info.nmant))
    return float(abs(mpmath.mpf(value) - exact) / ulp)


def measure(variants, ys, xs, memo):
    count, worst = 0, 0.0
    ideals = [ideal(y, x) for y, x in zip(ys, xs)]
    for variant in variants:
        for dtype in FORMATS:
            rx, ry = xs.astype(dtype), ys.astype(dtype)
            values = native(variant, ry, rx)
            for i in range(len(xs)):
                key = (float(ry[i]), float(rx[i]))
                view = ideals[i] if key == (float(ys[i]), float(xs[i])) else memo.get(key)
                if view is None:
                    view = memo[key] = ideal(*key)
                worst = max(worst, ulp_error(values[i], view, dtype), ulp_error(values[i], ideals[i], dtype))
                count += 1
    return count, worst


def main():
    grid = np.geomspace(1, 1e4, 200)
    grid = np.concatenate([-grid[::-1], grid])
    xs_grid = np.tile(grid, 2)
    ys_grid = np.repeat([0.0, 1.0], len(grid))
    rng = np.random.default_rng(0)
    xs_ml = rng.normal(0, 4, 20000)
    ys_ml = (rng.random(20000) < 1 / (1 + np.exp(-xs_ml))).astype(np.float64)
    memo = {}
    total, worst = 0, 0.0
    # grid: naive and stable; torch under 2 profiles; stable under keras and tf.
    for variants in (["naive", "stable"], ["torch", "torch"], ["stable", "stable"]):
        n, w = measure(variants, ys_grid, xs_grid, memo)
        total, worst = total + n, max(worst, w)
    n, w = measure(["naive", "stable"], ys_ml, xs_ml, memo)
    print(f"{total + n} results, largest ulp error {max(worst, w):.3g}")


if __name__ == "__main__":
    main()
