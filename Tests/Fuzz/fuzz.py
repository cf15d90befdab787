#!/usr/bin/env python3
"""`make fuzz`: mutated specs and expressions through the built losslab's parsers.

A seeded generator (the same inputs for the same --seed) mutates the specs of Experiments/ and
Tests/Regression/specs/ (`losslab run --check`: parsed and checked, nothing run or written)
and the expressions of the README and the custom-loss spec (`losslab eval --expr`, one point).
Every input must end with exit status 0 or 2 within --timeout seconds; exit 2 must print one
line (an expression's excerpt aside) starting 'losslab: '. Anything else (a signal, a hang, a
backtrace) is a failure, kept under .build/fuzz-failures/ to reproduce. Prints the counts;
exit status 1 if any input failed.
"""
import argparse, glob, os, random, subprocess, sys, tempfile

TOKENS = [
    "nan", "inf", "-inf", "-1", "0", "1e400", "2^5000", "2^-1075", "0x1p-12", "1.5", "1e30",
    "&a", "*a", "{", "}", "[", "]", ",", ":", '"', "'", "\0", "\t", "\n", " ", "- ", "#",
    "sweep: [0, 0]", "{bernoulli: y_true}", "{class: random}", "{first: 1}", "values: []",
    "points:", "n:", "classes: 3", "quick:", "losses:", "inputs:", "y_true:", "y_pred:", "weights:",
    "{grid: {from: 1, to: 0, count: 3}}", "{normal: {std: 0}}", "[bce, bce]", "sparse-cce",
    "formula: p", "shape: rows", "name: README", "\u00e9", "\ufeff",
]
EXPRESSION_TOKENS = [
    "(", ")", "+", "-", "*", "/", "^", "<", "<=", "==", ",", "[", "]", "p", "y", "w", "label",
    "alpha", "gamma", "log", "exp", "sum", "max", "logsumexp", "select", "clip", "softmax",
    "p[label]", "1e-7", "2^-12", "0x1p-3", "1e", "1e400", "nan", "inf", "$", " ", "((((", "))",
]
EXPRESSIONS = [  # (source, shape)
    ("-alpha * (1 - p)^gamma * log(p)", "elementwise"),
    ("1 - (2 * sum(y * p) + 1) / (sum(y) + sum(p) + 1)", "rows"),
    ("w * (y - p)^2", "elementwise"), ("logsumexp(p) - p[label]", "labels"),
    ("select(p < 0.5, log(p), log1p(-p))", "elementwise"),
    ("max(p, 0) - p * y + log1p(exp(-abs(p)))", "elementwise"),
    ("clip(p, 1e-7, 1 - 1e-7)", "elementwise"), ("-sum(y * log_softmax(p))", "rows"),
]


def mutate(text, rng, tokens):
    for _ in range(rng.randint(1, 4)):
        kind = rng.randrange(6)
        at = rng.randint(0, len(text))
        if kind == 0 and text:  # delete a span
            text = text[:at] + text[at + rng.randint(1, 12):]
        elif kind == 1:  # insert a token
            text = text[:at] + rng.choice(tokens) + text[at:]
        elif kind == 2 and text:  # replace a span with a token
            text = text[:at] + rng.choice(tokens) + text[at + rng.randint(1, 6):]
        elif kind == 3:  # duplicate a line
            lines = text.split("\n")
            i = rng.randrange(len(lines))
            lines.insert(i, lines[i])
            text = "\n".join(lines)
        elif kind == 4:  # swap two lines
            lines = text.split("\n")
            i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
            lines[i], lines[j] = lines[j], lines[i]
            text = "\n".join(lines)
        elif text:  # change a digit
            digits = [k for k, c in enumerate(text) if c.isdigit()]
            if digits:
                k = rng.choice(digits)
                text = text[:k] + rng.choice("0123456789") + text[k + 1:]
    return text


def judge(run, timeout):
    """None when the outcome is a refusal or a success as promised, else what went wrong."""
    try:
        result = subprocess.run(run, capture_output=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return None, f"no answer within {timeout} s"
    stderr = result.stderr.decode("utf-8", "replace")
    if result.returncode == 0:
        return 0, None
    if result.returncode != 2:
        return result.returncode, f"exit status {result.returncode}: {stderr[-400:]}"
    lines = [l for l in stderr.split("\n") if l and not l.startswith("  | ")]
    if len(lines) != 1 or not lines[0].startswith("losslab: ") or "Fatal error" in stderr:
        return 2, f"exit 2 but not one line: {stderr[:400]}"
    return 2, None


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--losslab", required=True)
    parser.add_argument("--count", type=int, default=1000, help="spec inputs (and as many expressions)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--timeout", type=float, default=20)
    options = parser.parse_args()
    rng = random.Random(options.seed)
    specs = [open(p, encoding="utf-8").read() for p in sorted(glob.glob("Experiments/*.yaml") + glob.glob("Tests/Regression/specs/*.yaml"))]
    failures_dir = ".build/fuzz-failures"
    counts = {"spec": [0, 0, 0], "expression": [0, 0, 0]}  # ran, refused (2), failed
    with tempfile.TemporaryDirectory() as work:
        spec_path = os.path.join(work, "fuzzed.yaml")
        out = os.path.join(work, "out")
        for index in range(options.count):
            text = mutate(rng.choice(specs), rng, TOKENS)
            with open(spec_path, "w", encoding="utf-8", errors="surrogatepass") as f:
                f.write(text)
            run = [options.losslab, "run", "--check", spec_path, "--out", out]
            problem = judge(run, options.timeout)
            record(counts["spec"], problem, run, text, failures_dir, f"spec-{index}.yaml")
            source, shape = rng.choice(EXPRESSIONS)
            expression = mutate(source, rng, EXPRESSION_TOKENS)
            run = [options.losslab, "eval", "--expr", expression, "--shape", shape, "--param", "alpha=0.25",
                   "--param", "gamma=2", "--classes", "1" if shape == "elementwise" else "2",
                   "--y-true", "1" if shape != "rows" else "1,0", "--y-pred",
                   "0.25" if shape == "elementwise" else "0.25,0.75"] + (["--weights", "2"] if "w" in expression else [])
            problem = judge(run, options.timeout)
            record(counts["expression"], problem, run, expression, failures_dir, f"expression-{index}.txt")
    for kind, (ran, refused, failed) in counts.items():
        print(f"fuzz {kind}s: {ran} inputs, {ran - refused - failed} accepted, {refused} refused (exit 2), {failed} failed")
    sys.exit(1 if any(c[2] for c in counts.values()) else 0)


def record(count, outcome, run, text, failures_dir, name):
    code, problem = outcome
    count[0] += 1
    if problem is None:
        count[1] += code == 2
        return
    count[2] += 1
    os.makedirs(failures_dir, exist_ok=True)
    with open(os.path.join(failures_dir, name), "w", encoding="utf-8", errors="surrogatepass") as f:
        f.write(text)
    print(f"FAILED {name}: {problem}\n  {' '.join(run)}", file=sys.stderr)


if __name__ == "__main__":
    main()
