#!/usr/bin/env python3
"""How many framework vectors does the current LossLab reproduce bit for bit?

A first analysis, not a test: for every vector in Tests/FrameworkVectors/*.jsonl it runs
`losslab eval --loss L --formula V --format OUTPUT_DTYPE --json` on the vector's inputs (as
hex floats, which eval reads exactly), one row at a time for reduction none (eval's mean of one
row is the row's value), and compares LossLab's value in the framework's output dtype with the
framework's output, bit for bit (the sign of zero and NaN included).

The summation is the framework's where LossLab has it: `wide` (a float accumulator) when the
inputs are 16-bit and the output is 16-bit too (torch, jnp.sum/jnp.mean), `recursive`
otherwise. When a reduced vector mismatches, the other summations are tried and the one that
matches (if any) is reported beside it.

A vector whose LossLab variant does not exist yet counts as missing; it is also run through
the nearest existing variant (FALLBACK) and that count is printed separately, as a hint of how
far the missing variant is from one LossLab has.

Usage: agreement.py [--losslab PATH] [--jobs N] [--examples N] [FILE.jsonl ...]
"""

import argparse
import collections
import concurrent.futures as cf
import glob
import json
import math
import os
import re
import struct
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))

FALLBACK = {
    "bce/torch-log1p": "bce/torch",
    "bce-logits/torch": "bce-logits/stable",
    "bce-logits/log-sigmoid": "bce-logits/stable",
    "cce-logits/torch": "cce-logits/stable",
    "cce-logits/tf": "cce-logits/stable",
    "sparse-cce-logits/torch": "sparse-cce-logits/stable",
    "sparse-cce-logits/tf": "sparse-cce-logits/stable",
    "sparse-cce-logits/log-softmax": "sparse-cce-logits/stable",
    "sparse-cce/keras-tf": "sparse-cce/keras",
    "huber/torch": "huber/standard",
    "huber/optax": "huber/standard",
    "log-cosh/optax": "log-cosh/stable",
}
SUMMATIONS = ["recursive", "wide", "pairwise", "kahan", "neumaier"]
SPARSE = {"sparse-cce", "sparse-cce-logits"}


def catalog(losslab):
    """{loss: [variants]} from `losslab list`."""
    text = subprocess.run([losslab, "list"], capture_output=True, text=True, check=True).stdout
    out, loss = {}, None
    for line in text.splitlines():
        if line.startswith("Reductions"):
            break
        m = re.match(r"^  (\S+)\s", line)
        if m:
            loss = m.group(1)
            out[loss] = []
            continue
        # A variant line; the parameter lines under a loss start with "(eps: ...".
        m = re.match(r"^      ([^(\s]\S*)\s", line)
        if m and loss:
            out[loss].append(m.group(1))
    return out


def bits(value, dtype):
    """The bit pattern of a float64 value rounded to dtype (exact for the values compared)."""
    import numpy as np
    import ml_dtypes
    t = {"float32": np.float32, "float16": np.float16, "bfloat16": ml_dtypes.bfloat16,
         "float64": np.float64}[dtype]
    a = np.asarray([value], dtype=np.float64)
    if dtype != "float64":
        a = a.astype(np.float32)
    a = a.astype(t)
    if math.isnan(value):
        return "nan"
    return a.tobytes().hex()


def eval_args(rec, name, rows_slice, summation):
    loss, variant = name.split("/")
    n0, n1 = rows_slice
    C = rec["columns"]
    args = ["eval", "--loss", loss, "--formula", variant, "--format", rec["output_dtype"],
            "--json", "--reduction", "mean" if rec["reduction"] == "none" else rec["reduction"],
            "--summation", summation]
    if C > 1:
        args += ["--classes", str(C)]
    yp = rec["y_pred"][n0 * C:n1 * C]
    if loss in SPARSE:
        yt = [str(v) for v in rec["labels"][n0:n1]]
    elif rec["y_true"] is None:  # labels given: one-hot rows
        yt = []
        for label in rec["labels"][n0:n1]:
            yt += ["0x1p+0" if j == label else "0x0p+0" for j in range(C)]
    else:
        yt = rec["y_true"][n0 * C:n1 * C]
    args += ["--y-true=" + ",".join(yt), "--y-pred=" + ",".join(yp)]
    for k, v in rec["parameters"].items():
        args += ["--param", f"{k}={v}"]
    return args


def run_eval(losslab, args):
    p = subprocess.run([losslab] + args, capture_output=True, text=True)
    if p.returncode != 0:
        return None, p.stderr.strip().splitlines()[-1] if p.stderr.strip() else "error"
    js = json.loads(p.stdout)
    return float(js["results"][0]["value"]), None


def losslab_outputs(losslab, rec, name, summation):
    """LossLab's outputs for the vector (a list like rec['output']), or (None, error)."""
    if rec["reduction"] == "none":
        out = []
        for i in range(rec["rows"]):
            v, err = run_eval(losslab, eval_args(rec, name, (i, i + 1), summation))
            if err:
                return None, err
            out.append(v)
        return out, None
    v, err = run_eval(losslab, eval_args(rec, name, (0, rec["rows"]), summation))
    return ([v], None) if err is None else (None, err)


def same(rec, values):
    d = rec["output_dtype"]
    return [bits(float.fromhex(h) if h not in ("nan", "inf", "-inf") else float(h), d)
            for h in rec["output"]] == [bits(v, d) for v in values]


def default_summation(rec):
    sixteen = ("float16", "bfloat16")
    return "wide" if rec["dtype"] in sixteen and rec["output_dtype"] in sixteen else "recursive"


def check(losslab, rec, name):
    """(exact?, losslab values, error, summation that matched when the default did not)."""
    s0 = default_summation(rec)
    values, err = losslab_outputs(losslab, rec, name, s0)
    if err:
        return False, None, err, None
    if same(rec, values):
        return True, values, None, None
    if rec["reduction"] != "none":
        for s in SUMMATIONS:
            if s == s0:
                continue
            v2, e2 = losslab_outputs(losslab, rec, name, s)
            if not e2 and same(rec, v2):
                return False, values, None, s
    return False, values, None, None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--losslab", default=os.path.join(ROOT, ".build/release/losslab"))
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--examples", type=int, default=3)
    ap.add_argument("files", nargs="*")
    a = ap.parse_args()
    files = a.files or sorted(glob.glob(os.path.join(HERE, "*.jsonl")))
    cat = catalog(a.losslab)

    def exists(name):
        loss, variant = name.split("/")
        return variant in cat.get(loss, [])

    recs = []
    for f in files:
        with open(f) as fh:
            recs += [json.loads(line) for line in fh]

    def work(rec):
        name = rec["losslab"]
        if exists(name):
            ok, values, err, s = check(a.losslab, rec, name)
            return ("exact" if ok else "error" if err else "mismatch", values, err, s, None)
        fb = FALLBACK.get(name)
        fb_ok, values = None, None
        if fb and exists(fb):
            fb_ok, values, _, _ = check(a.losslab, rec, fb)
        return ("missing", values, None, None, fb_ok)

    with cf.ThreadPoolExecutor(a.jobs) as ex:
        results = list(ex.map(work, recs))

    table = collections.OrderedDict()
    by_name = collections.OrderedDict()
    examples = collections.defaultdict(list)
    fallback_examples = collections.defaultdict(list)
    alt = collections.Counter()
    for rec, (status, values, err, s, fb_ok) in zip(recs, results):
        key = (rec["framework"], rec["setting"], rec["dtype"])
        t = table.setdefault(key, collections.Counter())
        t[status] += 1
        t["total"] += 1
        k2 = key + (rec["losslab"],)
        t2 = by_name.setdefault(k2, collections.Counter())
        t2[status] += 1
        t2["total"] += 1
        if fb_ok is not None:
            t2["fallback_exact"] += int(fb_ok)
            t2["fallback_total"] += 1
        if s:
            t2["other_summation:" + s] += 1
            alt[(rec["framework"], rec["dtype"], rec["losslab"], s)] += 1
        if status in ("mismatch", "error") and len(examples[k2]) < a.examples:
            examples[k2].append((rec, values, err, s))
        if fb_ok is False and values is not None and len(fallback_examples[k2]) < a.examples:
            fallback_examples[k2].append((rec, values, None, None))

    print("## Bit-exact agreement: framework x setting x dtype\n")
    print("| framework | setting | dtype | exact | mismatch | missing variant | error | total |")
    print("|---|---|---|---|---|---|---|---|")
    for (fw, st, dt), t in table.items():
        print(f"| {fw} | {st} | {dt} | {t['exact']} | {t['mismatch']} | {t['missing']} | "
              f"{t['error']} | {t['total']} |")
    print("\n## Per LossLab name\n")
    print("| framework | setting | dtype | losslab | exact / total | note |")
    print("|---|---|---|---|---|---|")
    for (fw, st, dt, name), t in by_name.items():
        note = []
        if t["missing"]:
            note.append("missing variant")
            if t["fallback_total"]:
                note.append(f"{FALLBACK[name]} matches {t['fallback_exact']}/{t['fallback_total']}")
        for k, v in t.items():
            if k.startswith("other_summation:"):
                note.append(f"{v} match with --summation {k.split(':')[1]}")
        if t["error"]:
            note.append(f"{t['error']} eval errors")
        print(f"| {fw} | {st} | {dt} | {name} | {t['exact']} / {t['total']} | {'; '.join(note)} |")
    print("\n## Mismatches (a few per framework x setting x dtype x name)\n")
    print_examples(examples, "losslab")
    print("\n## Missing variants: mismatches of the nearest existing variant\n")
    print_examples(fallback_examples, "fallback")
    return 0


def print_examples(examples, label):
    for k2, exs in examples.items():
        for rec, values, err, s in exs:
            short = lambda xs: ", ".join(xs[:4]) + (" ..." if len(xs) > 4 else "")
            print(f"- {'/'.join(k2[:3])} {k2[3]} [{rec['reduction']}, {rec['rows']}x{rec['columns']}]"
                  f" {rec['api']}")
            if rec["rows"] * rec["columns"] <= 12:
                if rec["y_true"] is not None:
                    print(f"  y_true {short(rec['y_true'])}")
                if rec["labels"] is not None:
                    print(f"  labels {rec['labels'][:4]}")
                print(f"  y_pred {short(rec['y_pred'])}")
            if err:
                print(f"  losslab error: {err}")
            else:
                fw_vals = [float.fromhex(h) if h not in ('nan', 'inf', '-inf') else float(h)
                           for h in rec["output"]]
                print(f"  framework ({rec['output_dtype']}): {[repr(v) for v in fw_vals][:6]}")
                name = rec["losslab"] if label == "losslab" else FALLBACK[rec["losslab"]]
                print(f"  {name} ({rec['output_dtype']}, --summation "
                      f"{default_summation(rec)}): {[repr(v) for v in values][:6]}")


if __name__ == "__main__":
    sys.exit(main())
