import Foundation
import Testing

/// One bad input: a spec (written to `bad.yaml`, run as `losslab run SPEC --out OUT`) or a
/// command line, and what the one line on stderr must contain (FILE:LINE, with the column for
/// an expression, or the argument). In `arguments`, SPEC, OUT and DIR stand for the spec's path,
/// the seeded output folder and the case's own folder.
struct BadInput: CustomStringConvertible, Sendable {
  var name: String
  var spec: String?
  var arguments: [String]
  var expected: String

  var description: String { name }
}

/// The first two lines of most specs below: `inputs:` is on line 3.
private let bce = "question: q?\nlosses: [bce]\n"
private let cce = "question: q?\nlosses: [cce]\nclasses: 3\npoints: 2\n"
private let sparse = "question: q?\nlosses: [sparse-cce-logits]\nclasses: 3\npoints: 2\n"
private let sampled = "question: q?\nlosses: [mse]\npoints: 2\n"

private func spec(_ name: String, _ text: String, _ expected: String, extra: [String] = []) -> BadInput {
  BadInput(name: name, spec: text, arguments: ["run", "SPEC", "--out", "OUT", "--quiet"] + extra, expected: expected)
}

private func args(_ name: String, _ arguments: [String], _ expected: String) -> BadInput {
  BadInput(name: name, spec: nil, arguments: arguments, expected: expected)
}

/// A custom loss whose formula (double-quoted on line 4, from column 14) is `source`: the error
/// is at column 14 + `column`.
private func expression(_ name: String, _ source: String, column: Int, _ message: String, shape: String = "elementwise") -> BadInput {
  spec(name, """
    question: q?
    losses:
      - name: mine
        formula: "\(source)"
        shape: \(shape)
        parameters: {alpha: 0.25}
    points: 2
    classes: \(shape == "elementwise" ? 1 : 3)
    inputs: {y_true: \(shape == "labels" ? "{class: random}" : "1"), y_pred: {uniform: {from: 0.1, to: 1}}}
    """, "bad.yaml:4:\(14 + column): \(message)")
}

private let eval = ["eval", "--y-true", "1", "--y-pred", "0.5"]

let badInputs: [BadInput] = [
  // MARK: Sparse labels (once a segmentation fault) and one-hot rows
  spec("label = classes", sparse + "inputs: {y_true: 3, y_pred: {normal: {}}}", "bad.yaml:5: y_true: label 3 is not a class"),
  spec("label -1", sparse + "inputs: {y_true: -1, y_pred: {normal: {}}}", "bad.yaml:5: y_true: label -1 is not a class"),
  spec("label 0.5", sparse + "inputs: {y_true: 0.5, y_pred: {normal: {}}}", "bad.yaml:5: y_true: label 0.5 is not a class"),
  spec("label 1e30", sparse + "inputs: {y_true: 1e30, y_pred: {normal: {}}}", "bad.yaml:5: y_true: label"),
  spec("labels in values", sparse + "inputs: {y_true: {values: [0, 3]}, y_pred: {normal: {}}}", "bad.yaml:5: y_true:"),
  spec("labels swept", sparse + "inputs: {y_true: {sweep: [0, 5]}, y_pred: {normal: {}}}", "bad.yaml:5: y_true: label 5"),
  spec("labels uniform", sparse + "inputs: {y_true: {uniform: {from: 0, to: 2}}, y_pred: {normal: {}}}", "bad.yaml:5: y_true: sparse labels come from"),
  spec("labels bernoulli", sparse + "inputs: {y_true: {bernoulli: y_pred}, y_pred: {normal: {}}}", "bad.yaml:5: y_true: sparse labels come from"),
  spec("labels grid", sparse + "inputs: {y_true: {grid: {from: 0, to: 2, count: 3}}, y_pred: {normal: {}}}", "bad.yaml:5: y_true: sparse labels come from"),
  spec("label past the smallest class count", "question: q?\nlosses: [sparse-cce]\nclasses: [2, 5]\npoints: 2\ninputs: {y_true: 3, y_pred: {uniform: {from: 0, to: 1}}}", "bad.yaml:5: y_true: label 3 is not a class"),
  spec("label in a grid of one class", "question: q?\nlosses: [sparse-cce]\ninputs: {y_true: 1, y_pred: 0.5}", "bad.yaml:3: y_true: label 1 is not a class"),
  spec("labels longer than n", sparse + "n: 2\ninputs: {y_true: {values: [0, 1, 2]}, y_pred: {normal: {}}}", "bad.yaml:6: y_true: 3 values"),
  spec("one-hot row too short", cce + "inputs: {y_true: {values: [0, 1]}, y_pred: {normal: {}}}", "bad.yaml:5: y_true: 2 values"),
  spec("one-hot row too long", cce + "inputs: {y_true: {values: [0, 1, 0, 0]}, y_pred: {normal: {}}}", "bad.yaml:5: y_true: 4 values"),
  spec("values longer than n", sampled + "n: 2\ninputs: {y_true: {values: [1, 0, 5]}, y_pred: 0.5}", "bad.yaml:5: y_true: 3 values"),
  spec("values shorter than n", sampled + "n: 3\ninputs: {y_true: {values: [1, 0]}, y_pred: 0.5}", "bad.yaml:5: y_true: 2 values"),
  spec("predictions longer than n", sampled + "n: 2\ninputs: {y_true: 1, y_pred: {values: [1, 2, 3]}}", "bad.yaml:5: y_pred: 3 values"),
  spec("weights longer than n", "question: q?\nlosses: [weighted-mse]\npoints: 2\nn: 2\ninputs: {y_true: 1, y_pred: 0.5, weights: {values: [1, 2, 3]}}", "bad.yaml:5: weights: 3 values"),
  spec("ragged for one of n's values", sampled + "n: [2, 3]\ninputs: {y_true: {values: [1, 0]}, y_pred: 0.5}", "bad.yaml:5: y_true: 2 values"),

  // MARK: NaN and infinity
  spec("y_pred nan", bce + "inputs: {y_true: 1, y_pred: nan}", "bad.yaml:3: nan is not a value"),
  spec("values with nan", bce + "inputs: {y_true: 1, y_pred: {values: [0.2, nan]}}", "bad.yaml:3: nan"),
  spec("sweep with nan", bce + "inputs: {y_true: {sweep: [0, nan]}, y_pred: 0.5}", "bad.yaml:3: nan"),
  spec("first nan", bce + "inputs: {y_true: 1, y_pred: {first: nan, then: 0.5}}", "bad.yaml:3: nan"),
  spec("grid to inf", bce + "inputs: {y_true: 1, y_pred: {grid: {from: 0.1, to: inf, count: 3}}}", "bad.yaml:3: inf is not finite"),
  spec("grid from -inf", bce + "inputs: {y_true: 1, y_pred: {grid: {from: -inf, to: 1, count: 3}}}", "bad.yaml:3: -inf is not finite"),
  spec("grid to 2^5000", bce + "inputs: {y_true: 1, y_pred: {grid: {from: 0.1, to: 2^5000, count: 3}}}", "bad.yaml:3: '0x1p5000' overflows binary64"),
  spec("value 1e400", bce + "inputs: {y_true: 1, y_pred: 1e400}", "bad.yaml:3: '1e400' overflows binary64"),
  spec("normal mean nan", sampled + "inputs: {y_true: 1, y_pred: {normal: {mean: nan}}}", "bad.yaml:4: nan"),
  spec("normal std inf", sampled + "inputs: {y_true: 1, y_pred: {normal: {std: inf}}}", "bad.yaml:4: inf is not finite"),
  spec("uniform to inf", sampled + "inputs: {y_true: 1, y_pred: {uniform: {from: 0, to: inf}}}", "bad.yaml:4: inf is not finite"),
  spec("decay noise nan", "question: q?\nlosses: [identity]\npoints: 2\ninputs: {y_pred: {decay: {from: 2, to: 1, noise: nan}}}", "bad.yaml:4: nan"),
  spec("margin nan", cce + "margin: [0, nan]\ninputs: {y_true: {class: random}, y_pred: {normal: {}}}", "bad.yaml:5: nan"),
  spec("margin inf", cce + "margin: inf\ninputs: {y_true: {class: random}, y_pred: {normal: {}}}", "bad.yaml:5: inf is not finite"),
  spec("scale inf", "question: q?\nlosses: [mse]\nscale: inf\ninputs: {y_true: 1, y_pred: 2}", "bad.yaml:3: inf is not finite"),
  spec("eps nan", bce + "eps: nan\ninputs: {y_true: 1, y_pred: 0.5}", "bad.yaml:3: nan"),
  spec("eps inf", bce + "eps: inf\ninputs: {y_true: 1, y_pred: 0.5}", "bad.yaml:3: eps must be >= 0"),
  spec("eps negative", bce + "eps: -1e-7\ninputs: {y_true: 1, y_pred: 0.5}", "bad.yaml:3: eps must be >= 0"),
  spec("delta 0", "question: q?\nlosses: [huber]\ndelta: 0\ninputs: {y_true: 1, y_pred: 0.5}", "bad.yaml:3: delta must be > 0"),
  spec("cliff_ulps inf", bce + "cliff_ulps: inf\ninputs: {y_true: 1, y_pred: 0.5}", "bad.yaml:3: inf is not finite"),
  spec("smoothing nan", bce + "smoothing: nan\ninputs: {y_true: 1, y_pred: 0.5}", "bad.yaml:3: nan"),
  spec("custom parameter nan", "question: q?\nlosses:\n  - name: mine\n    formula: a * p\n    parameters: {a: nan}\ninputs: {y_true: 1, y_pred: 0.5}", "bad.yaml:5: nan"),
  spec("custom parameter inf", "question: q?\nlosses:\n  - name: mine\n    formula: a * p\n    parameters: {a: inf}\ninputs: {y_true: 1, y_pred: 0.5}", "bad.yaml:5: a must be finite"),

  // MARK: Generators
  spec("bernoulli of itself", sampled + "inputs: {y_true: {bernoulli-sigmoid: y_true}, y_pred: 0.5}", "bad.yaml:4: y_true: {bernoulli-sigmoid: y_true} draws from itself"),
  spec("bernoulli cycle", sampled + "inputs: {y_true: {bernoulli: y_pred}, y_pred: {bernoulli: y_true}}", "bad.yaml:4: y_pred: {bernoulli: y_true} draws from an input generated after it"),
  spec("bernoulli of absent weights", sampled + "inputs: {y_true: {bernoulli: weights}, y_pred: 0.5}", "bad.yaml:4: y_true: {bernoulli: weights} draws from an input this case does not have"),
  spec("bernoulli of an unknown input", sampled + "inputs: {y_true: {bernoulli: logits}, y_pred: 0.5}", "bad.yaml:4: bernoulli: unknown 'logits'"),
  spec("first, then and values", bce + "inputs: {y_true: 1, y_pred: {first: 1, then: 2, values: [3]}}", "bad.yaml:3: {first: A, then: B} takes no other key"),
  spec("first without then", bce + "inputs: {y_true: 1, y_pred: {first: 1}}", "bad.yaml:3: 'first' needs 'then'"),
  spec("then without first", bce + "inputs: {y_true: 1, y_pred: {then: 1}}", "bad.yaml:3: 'then' needs 'first'"),
  spec("two generators in one", bce + "inputs: {y_true: 1, y_pred: {values: [1], sweep: [2]}}", "bad.yaml:3: an input generator has exactly one of"),
  spec("unknown generator", bce + "inputs: {y_true: 1, y_pred: {gaussian: {}}}", "bad.yaml:3: key: unknown 'gaussian'"),
  spec("random inside a list", bce + "inputs: {y_true: 1, y_pred: [{uniform: {from: 0, to: 1}}, 0.5]}", "bad.yaml:3: a list of generators is fixed values together"),
  spec("sweep inside a list", bce + "inputs: {y_true: 1, y_pred: [{sweep: [0.1, 0.2]}, 0.5]}", "bad.yaml:3: {sweep: [...]} is an axis"),
  spec("class random for predictions", cce + "inputs: {y_true: {class: random}, y_pred: {class: random}}", "bad.yaml:5: y_pred: {class: random} draws targets"),
  spec("class other than random", cce + "inputs: {y_true: {class: first}, y_pred: {normal: {}}}", "bad.yaml:5: value: unknown 'first'"),
  spec("empty generator list", bce + "inputs: {y_true: 1, y_pred: []}", "bad.yaml:3: the list is empty"),
  spec("empty values", bce + "inputs: {y_true: 1, y_pred: {values: []}}", "bad.yaml:3: the list is empty"),
  spec("grid count 0", bce + "inputs: {y_true: 1, y_pred: {grid: {from: 0.1, to: 1, count: 0}}}", "bad.yaml:3: expected a whole number in 1...10000000, got 0"),
  spec("grid count 1.5", bce + "inputs: {y_true: 1, y_pred: {grid: {from: 0.1, to: 1, count: 1.5}}}", "bad.yaml:3: expected a whole number"),
  spec("grid from > to", bce + "inputs: {y_true: 1, y_pred: {grid: {from: 1, to: 0.1, count: 3}}}", "bad.yaml:3: grid: from (1.0) > to (0.1)"),
  spec("log grid from 0", bce + "inputs: {y_true: 1, y_pred: {grid: {from: 0, to: 1, count: 3, spacing: log}}}", "bad.yaml:3: grid: log spacing needs from > 0"),
  spec("grid without count", bce + "inputs: {y_true: 1, y_pred: {grid: {from: 0.1, to: 1}}}", "bad.yaml:3: grid needs 'from', 'to' and 'count'"),
  spec("grid spacing", bce + "inputs: {y_true: 1, y_pred: {grid: {from: 0.1, to: 1, count: 3, spacing: cubic}}}", "bad.yaml:3: value: unknown 'cubic'"),
  spec("grid signs", bce + "inputs: {y_true: 1, y_pred: {grid: {from: 0.1, to: 1, count: 3, signs: all}}}", "bad.yaml:3: value: unknown 'all'"),
  spec("grid complement", bce + "inputs: {y_true: 1, y_pred: {grid: {from: 0.1, to: 1, count: 3, complement: maybe}}}", "bad.yaml:3: complement must be true or false"),
  spec("grid extra key", bce + "inputs: {y_true: 1, y_pred: {grid: {from: 0.1, to: 1, count: 3, step: 2}}}", "bad.yaml:3: key: unknown 'step'"),
  spec("uniform from = to", sampled + "inputs: {y_true: 1, y_pred: {uniform: {from: 1, to: 1}}}", "bad.yaml:4: from (1.0) must be < to (1.0)"),
  spec("uniform without to", sampled + "inputs: {y_true: 1, y_pred: {uniform: {from: 1}}}", "bad.yaml:4: a range needs 'from' and 'to'"),
  spec("normal std 0", sampled + "inputs: {y_true: 1, y_pred: {normal: {std: 0}}}", "bad.yaml:4: std must be > 0"),
  spec("normal extra key", sampled + "inputs: {y_true: 1, y_pred: {normal: {sigma: 1}}}", "bad.yaml:4: key: unknown 'sigma'"),
  spec("bits float8", sampled + "inputs: {y_true: 1, y_pred: {bits: float8}}", "bad.yaml:4: format: unknown 'float8'"),
  spec("exhaustive float32", bce + "inputs: {y_true: 1, y_pred: {exhaustive: float32}}", "bad.yaml:3: exhaustive inputs exist for float16 and bfloat16"),
  spec("exhaustive range float32", bce + "inputs: {y_true: 1, y_pred: {exhaustive: {format: float32, from: 0, to: 1}}}", "bad.yaml:3: exhaustive inputs exist for float16 and bfloat16"),
  spec("exhaustive range without to", bce + "inputs: {y_true: 1, y_pred: {exhaustive: {format: float16, from: 0}}}", "bad.yaml:3: exhaustive: a format name, or {format: float16, from: A, to: B}"),
  spec("exhaustive range reversed", bce + "inputs: {y_true: 1, y_pred: {exhaustive: {format: float16, from: 1, to: 0}}}", "bad.yaml:3: from (1.0) must be <= to (0.0)"),
  spec("exhaustive range empty", bce + "inputs: {y_true: 1, y_pred: {exhaustive: {format: float16, from: 1e-9, to: 2e-9}}}", "bad.yaml:3: exhaustive: no finite float16 value lies in"),
  spec("exhaustive range extra key", bce + "inputs: {y_true: 1, y_pred: {exhaustive: {format: float16, from: 0, to: 1, step: 2}}}", "bad.yaml:3: "),
  // MARK: 2-D maps
  spec("map of one varying input", bce + "inputs: {y_true: 1, y_pred: {grid: {from: 0.1, to: 0.9, count: 5}}}\nmap: {columns: 4, rows: 4}", "bad.yaml:3: map: y_pred and y_true must each have several values"),
  spec("map of random inputs", bce + "inputs: {y_true: 1, y_pred: {uniform: {from: 0.1, to: 0.9}}}\npoints: 4\nmap: {columns: 4, rows: 4}", "bad.yaml:5: map: a map is a grid of single examples"),
  spec("map with a batch", bce + "inputs: {y_true: 1, y_pred: {values: [0.2, 0.4, 0.6, 0.8]}}\nn: 4\nmap: {columns: 4, rows: 4}", "bad.yaml:5: map: a map is a grid of single examples"),
  spec("map of 0 columns", bce + "inputs: {y_true: {values: [0, 1]}, y_pred: {values: [0.2, 0.4]}}\nmap: {columns: 0, rows: 4}", "bad.yaml:4: "),
  spec("map of 513 rows", bce + "inputs: {y_true: {values: [0, 1]}, y_pred: {values: [0.2, 0.4]}}\nmap: {columns: 4, rows: 513}", "bad.yaml:4: "),
  spec("map without rows", bce + "inputs: {y_true: {values: [0, 1]}, y_pred: {values: [0.2, 0.4]}}\nmap: {columns: 4}", "bad.yaml:4: map needs 'columns' and 'rows'"),
  spec("map not a mapping", bce + "inputs: {y_true: {values: [0, 1]}, y_pred: {values: [0.2, 0.4]}}\nmap: yes", "bad.yaml:4: "),
  spec("shards 1", bce + "inputs: {y_true: 1, y_pred: 0.5}\nshards: 1", "bad.yaml:4: "),
  spec("shards in a case", "question: q?\nlosses: [bce]\ncases:\n  - inputs: {y_true: 1, y_pred: 0.5}\n    shards: 4", "bad.yaml:5: key: unknown 'shards'"),
  spec("special of a list", bce + "inputs: {y_true: 1, y_pred: {special: [float16]}}", "bad.yaml:3: expected a single value, got a list"),
  spec("decay without to", "question: q?\nlosses: [identity]\npoints: 2\ninputs: {y_pred: {decay: {from: 2}}}", "bad.yaml:4: decay needs 'from' and 'to'"),
  spec("decay noise negative", "question: q?\nlosses: [identity]\npoints: 2\ninputs: {y_pred: {decay: {from: 2, to: 1, noise: -1}}}", "bad.yaml:4: noise must be >= 0"),
  spec("generator a word", bce + "inputs: {y_true: 1, y_pred: half}", "bad.yaml:3: 'half' is not a number"),
  spec("power of three", bce + "inputs: {y_true: 1, y_pred: 3^2}", "bad.yaml:3: '3^2' is not a number (powers are written 2^k)"),

  // MARK: Inputs against losses
  spec("no y_pred", bce + "inputs: {y_true: 1}", "bad.yaml:3: inputs: 'y_pred' is required"),
  spec("no y_true", bce + "inputs: {y_pred: 0.5}", "bad.yaml:3: inputs: 'y_true' is required for bce"),
  spec("no weights", "question: q?\nlosses: [weighted-mse]\ninputs: {y_true: 1, y_pred: 0.5}", "bad.yaml:3: inputs: 'weights' is required for weighted-mse"),
  spec("weights nobody reads", "question: q?\nlosses: [mse]\ninputs: {y_true: 1, y_pred: 0.5, weights: 2}", "bad.yaml:3: inputs: 'weights' is not read by mse"),
  spec("unknown input", bce + "inputs: {y_true: 1, y_pred: 0.5, logits: 2}", "bad.yaml:3: input: unknown 'logits'"),
  spec("inputs a list", bce + "inputs: [1, 2]", "bad.yaml:3: 'inputs' must be a mapping"),
  spec("sampled case without points", bce + "inputs: {y_true: 1, y_pred: {uniform: {from: 0, to: 1}}}", "bad.yaml:1: a case with random inputs needs 'points'"),
  spec("random y_true without points", bce + "inputs: {y_true: {bernoulli: y_pred}, y_pred: 0.5}", "bad.yaml:1: a case with random inputs needs 'points'"),
  spec("losses of different shapes", "question: q?\nlosses: [bce, cce]\ninputs: {y_true: 1, y_pred: 0.5}", "bad.yaml:2: bce/keras and cce/keras read different inputs"),

  // MARK: Duplicates
  spec("sweep [0, 0]", bce + "inputs: {y_true: {sweep: [0, 0]}, y_pred: 0.5}", "bad.yaml:3: sweep value 0 is listed twice"),
  spec("a loss twice", "question: q?\nlosses: [bce, bce]\ninputs: {y_true: 1, y_pred: 0.5}", "bad.yaml:2: loss bce/keras is listed twice"),
  spec("a loss and its variant", "question: q?\nlosses: [bce, bce/torch]\ninputs: {y_true: 1, y_pred: 0.5}", "bad.yaml:2: loss bce/torch is listed twice"),
  spec("a variant twice", "question: q?\nlosses: [bce/naive, bce/naive]\ninputs: {y_true: 1, y_pred: 0.5}", "bad.yaml:2: loss bce/naive is listed twice"),
  spec("formats twice", bce + "formats: [float16, float16]\ninputs: {y_true: 1, y_pred: 0.5}", "bad.yaml:3: format float16 is listed twice"),
  spec("reduction twice", bce + "reduction: [sum, sum]\ninputs: {y_true: 1, y_pred: 0.5}", "bad.yaml:3: reduction sum is listed twice"),
  spec("summation twice", bce + "summation: [kahan, kahan]\ninputs: {y_true: 1, y_pred: 0.5}", "bad.yaml:3: summation kahan is listed twice"),
  spec("profiles twice", bce + "profiles: [torch, torch]\ninputs: {y_true: 1, y_pred: 0.5}", "bad.yaml:3: profile torch is listed twice"),
  spec("n twice", sampled + "n: [2, 2]\ninputs: {y_true: 1, y_pred: 0.5}", "bad.yaml:4: n 2 is listed twice"),
  spec("classes twice", cce + "classes: [3, 3]\ninputs: {y_true: {class: random}, y_pred: {normal: {}}}", "bad.yaml:3: YAML syntax: duplicate key 'classes'"),
  spec("classes axis twice", "question: q?\nlosses: [cce]\nclasses: [3, 3]\npoints: 2\ninputs: {y_true: {class: random}, y_pred: {normal: {}}}", "bad.yaml:3: classes 3 is listed twice"),
  spec("scale twice", "question: q?\nlosses: [mse]\nscale: [10, 1e1]\ninputs: {y_true: 1, y_pred: 2}", "bad.yaml:3: scale 10.0 is listed twice"),
  spec("margin twice", cce + "margin: [0, 0]\ninputs: {y_true: {class: random}, y_pred: {normal: {}}}", "bad.yaml:5: margin 0.0 is listed twice"),
  spec("eps twice", bce + "eps: [1e-7, 1.0e-7]\ninputs: {y_true: 1, y_pred: 0.5}", "bad.yaml:3: eps"),
  spec("case names twice", bce + "cases:\n  - name: a\n    inputs: {y_true: 1, y_pred: 0.5}\n  - name: a\n    inputs: {y_true: 0, y_pred: 0.5}", "bad.yaml:6: case name 'a' is listed twice"),
  spec("a case named as a default", bce + "cases:\n  - inputs: {y_true: 1, y_pred: 0.5}\n  - name: case 1\n    inputs: {y_true: 0, y_pred: 0.5}", "bad.yaml:5: case name 'case 1' is listed twice"),
  BadInput(name: "a spec named README.yaml", spec: bce + "inputs: {y_true: 1, y_pred: 0.5}", arguments: ["run", "DIR/README.yaml", "--out", "OUT"], expected: "README.yaml:1: a spec named README.yaml"),
  BadInput(name: "two specs of one name", spec: bce + "inputs: {y_true: 1, y_pred: 0.5}", arguments: ["run", "SPEC", "DIR/other/bad.yaml", "--out", "OUT"], expected: "other/bad.yaml:1: "),

  // MARK: YAML and structure
  spec("duplicate key", bce + "inputs: {y_true: 1, y_pred: 0.5}\nlosses: [mse]", "bad.yaml:2: YAML syntax: duplicate key 'losses'"),
  spec("duplicate key in a case", bce + "cases:\n  - name: a\n    points: 2\n    points: 3\n    inputs: {y_true: 1, y_pred: 0.5}", "bad.yaml:5: YAML syntax: duplicate key 'points'"),
  spec("unterminated string", bce + "inputs: {y_true: 1, y_pred: 0.5}\nseed: \"abc\npoints: 3\nn: 3", "bad.yaml:4: YAML syntax"),
  spec("NUL byte", "question: q?\nlosses: [bce]\u{0}\ninputs: {y_true: 1, y_pred: 0.5}", "bad.yaml:2: YAML syntax"),
  spec("unclosed bracket", "question: q?\nlosses: [bce\ninputs: {y_true: 1, y_pred: 0.5}", "bad.yaml:"),
  spec("tab indentation", "question: q?\nlosses: [bce]\ninputs:\n\ty_true: 1", "bad.yaml:4: YAML syntax"),
  spec("undefined alias", bce + "inputs: {y_true: *one, y_pred: 0.5}", "bad.yaml:3: YAML syntax"),
  spec("empty file", "", "bad.yaml:1: the file is empty"),
  spec("a list at the top", "- question: q?", "bad.yaml:1: the experiment must be a mapping"),
  spec("a word at the top", "hello", "bad.yaml:1: the experiment must be a mapping"),
  spec("alias bomb", """
    question: q?
    losses: [mse]
    a: &a [1,1,1,1,1,1,1,1,1]
    b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
    c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
    d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
    e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
    f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
    inputs: {y_true: 1, y_pred: *f}
    """, "bad.yaml:3: the spec expands to more than 100000 YAML values"),
  spec("missing question", "losses: [bce]\ninputs: {y_true: 1, y_pred: 0.5}", "bad.yaml:1: missing 'question'"),
  spec("empty question", "question: ''\nlosses: [bce]\ninputs: {y_true: 1, y_pred: 0.5}", "bad.yaml:1: missing 'question'"),
  spec("missing losses", "question: q?\ninputs: {y_true: 1, y_pred: 0.5}", "bad.yaml:1: missing 'losses'"),
  spec("missing inputs", bce, "bad.yaml:1: missing 'inputs'"),
  spec("unknown top key", bce + "inputz: {}\ninputs: {y_true: 1, y_pred: 0.5}", "bad.yaml:3: key: unknown 'inputz'"),
  spec("unknown case key", bce + "cases:\n  - nam: a\n    inputs: {y_true: 1, y_pred: 0.5}", "bad.yaml:4: key: unknown 'nam'"),
  spec("unknown loss", "question: q?\nlosses: [bec]\ninputs: {y_true: 1, y_pred: 0.5}", "bad.yaml:2: loss: unknown 'bec'"),
  spec("unknown variant", "question: q?\nlosses: [bce/tf]\ninputs: {y_true: 1, y_pred: 0.5}", "bad.yaml:2: variant of bce: unknown 'tf'"),
  spec("unknown format", bce + "formats: [float8]\ninputs: {y_true: 1, y_pred: 0.5}", "bad.yaml:3: format: unknown 'float8'"),
  spec("unknown reduction", bce + "reduction: avg\ninputs: {y_true: 1, y_pred: 0.5}", "bad.yaml:3: reduction: unknown 'avg'"),
  spec("unknown summation", bce + "summation: fast\ninputs: {y_true: 1, y_pred: 0.5}", "bad.yaml:3: summation: unknown 'fast'"),
  spec("unknown profile", bce + "profiles: [tpu]\ninputs: {y_true: 1, y_pred: 0.5}", "bad.yaml:3: profile: unknown 'tpu'"),
  spec("framework profile with summations", bce + "summation: [recursive, kahan]\nprofiles: [pure, torch]\ninputs: {y_true: 1, y_pred: 0.5}", "bad.yaml:4: a framework profile sums"),
  spec("cases empty", bce + "cases: []\ninputs: {y_true: 1, y_pred: 0.5}", "bad.yaml:3: 'cases' must be a non-empty list"),
  spec("cases a mapping", bce + "cases: {a: 1}\ninputs: {y_true: 1, y_pred: 0.5}", "bad.yaml:3: 'cases' must be a non-empty list"),
  spec("a case a word", bce + "cases: [a]\ninputs: {y_true: 1, y_pred: 0.5}", "bad.yaml:3: a case must be a mapping"),
  spec("precision 10", bce + "precision: 10\ninputs: {y_true: 1, y_pred: 0.5}", "bad.yaml:3: precision must be auto"),
  spec("precision words", bce + "precision: high\ninputs: {y_true: 1, y_pred: 0.5}", "bad.yaml:3: precision must be auto"),
  spec("seed -1", bce + "seed: -1\ninputs: {y_true: 1, y_pred: 0.5}", "bad.yaml:3: expected a whole number in 0..."),
  spec("seed 1.5", bce + "seed: 1.5\ninputs: {y_true: 1, y_pred: 0.5}", "bad.yaml:3: expected a whole number"),
  spec("points 0", sampled.replacingOccurrences(of: "points: 2", with: "points: 0") + "inputs: {y_true: 1, y_pred: {uniform: {from: 0, to: 1}}}", "bad.yaml:3: expected a whole number in 1...100000000, got 0"),
  spec("points many", sampled.replacingOccurrences(of: "points: 2", with: "points: many") + "inputs: {y_true: 1, y_pred: 0.5}", "bad.yaml:3: 'many' is not a number"),
  spec("points true", sampled.replacingOccurrences(of: "points: 2", with: "points: true") + "inputs: {y_true: 1, y_pred: 0.5}", "bad.yaml:3: 'true' is not a number"),
  spec("points 1e30", sampled.replacingOccurrences(of: "points: 2", with: "points: 1e30") + "inputs: {y_true: 1, y_pred: 0.5}", "bad.yaml:3: expected a whole number"),
  spec("n 0", sampled + "n: 0\ninputs: {y_true: 1, y_pred: 0.5}", "bad.yaml:4: expected a whole number in 1...100000000, got 0"),
  spec("n -1", sampled + "n: -1\ninputs: {y_true: 1, y_pred: 0.5}", "bad.yaml:4: expected a whole number"),
  spec("n 2^30", sampled + "n: 2^30\ninputs: {y_true: 1, y_pred: 0.5}", "bad.yaml:4: expected a whole number in 1...100000000"),
  spec("classes 0", "question: q?\nlosses: [cce]\nclasses: 0\npoints: 2\ninputs: {y_true: {class: random}, y_pred: {normal: {}}}", "bad.yaml:3: expected a whole number in 1...10000000, got 0"),
  spec("classes 1e8", "question: q?\nlosses: [cce]\nclasses: 1e8\npoints: 2\ninputs: {y_true: {class: random}, y_pred: {normal: {}}}", "bad.yaml:3: expected a whole number in 1...10000000"),
  spec("cliff_ulps 0", bce + "cliff_ulps: 0\ninputs: {y_true: 1, y_pred: 0.5}", "bad.yaml:3: cliff_ulps must be > 0"),
  spec("smoothing 1", bce + "smoothing: 1\ninputs: {y_true: 1, y_pred: 0.5}", "bad.yaml:3: smoothing must be in [0, 1)"),
  spec("eps of a loss without it", "question: q?\nlosses: [mse]\neps: 1e-7\ninputs: {y_true: 1, y_pred: 0.5}", "bad.yaml:3: 'eps' is not a parameter of mse"),
  spec("eps as a sweep mapping", bce + "eps: {sweep: [1e-7, 1e-3]}\ninputs: {y_true: 1, y_pred: 0.5}", "bad.yaml:3: expected a value or a list of values"),
  spec("formats a mapping", bce + "formats: {float16: 1}\ninputs: {y_true: 1, y_pred: 0.5}", "bad.yaml:3: expected a value or a list of values"),
  spec("quick a number", bce + "inputs: {y_true: 1, y_pred: 0.5}\nquick: 5", "bad.yaml:4: 'quick' must be a mapping"),
  spec("quick misspelt key", bce + "inputs: {y_true: 1, y_pred: 0.5}\nquick: {pionts: 500}", "bad.yaml:4: key: unknown 'pionts'"),
  spec("quick points 0 (checked without --quick)", sampled + "inputs: {y_true: 1, y_pred: 0.5}\nquick: {points: 0}", "bad.yaml:5: expected a whole number in 1...100000000, got 0"),
  spec("quick points many (under --quick)", sampled + "inputs: {y_true: 1, y_pred: 0.5}\nquick: {points: many}", "bad.yaml:5: 'many' is not a number", extra: ["--quick"]),
  spec("full points hidden by quick (under --quick)", sampled.replacingOccurrences(of: "points: 2", with: "points: 1.5") + "inputs: {y_true: 1, y_pred: 0.5}\nquick: {points: 1}", "bad.yaml:3: expected a whole number", extra: ["--quick"]),
  spec("quick n -1", sampled + "inputs: {y_true: 1, y_pred: 0.5}\nquick: {n: -1}", "bad.yaml:5: expected a whole number"),
  spec("quick with a name", bce + "inputs: {y_true: 1, y_pred: 0.5}\nquick: {name: small}", "bad.yaml:4: key: unknown 'name'"),

  // MARK: Custom losses and the expression language
  expression("unknown function", "-y * lg(p)", column: 6, "unknown function 'lg' (did you mean 'log'?)"),
  expression("unclosed parenthesis", "log(p", column: 6, "expected ')' here"),
  expression("trailing operator", "y - ", column: 5, "expected a number, a name or '(' here"),
  expression("empty formula", "", column: 1, "expected a number, a name or '(' here"),
  expression("missing operator", "y p", column: 3, "expected an operator before 'p'"),
  expression("unopened parenthesis", "y - p)", column: 6, "this ')' closes nothing"),
  expression("unexpected character", "y $ p", column: 3, "unexpected character '$'"),
  expression("single equals", "y = p", column: 3, "unexpected '='"),
  expression("number into a name", "2p", column: 2, "a number cannot run into 'p'"),
  expression("exponent without digits", "1e-", column: 4, "expected the exponent's digits"),
  expression("chained comparison", "select(0 < y < 1, y, p)", column: 14, "comparisons do not chain"),
  expression("unknown name", "alpha * q", column: 9, "unknown name 'q'"),
  expression("misspelt parameter", "alpah * p", column: 1, "unknown name 'alpah' (did you mean 'alpha'?)"),
  expression("function without call", "exp + p", column: 1, "'exp' is a function"),
  expression("call of a variable", "y(p)", column: 1, "'y' is not a function"),
  expression("too few arguments", "clip(p, 0)", column: 1, "'clip' takes 3 arguments, got 2"),
  expression("too many arguments", "y * log(p, 2)", column: 5, "'log' takes 1 argument, got 2"),
  expression("max of three", "max(y, p, 0)", column: 1, "'max' takes 1 argument (a row) or 2 arguments, got 3"),
  expression("sum element-wise", "1 - sum(y * p)", column: 5, "'sum' needs rows"),
  expression("row left unreduced", "-y * log_softmax(p)", column: 4, "the loss must be one number per example", shape: "rows"),
  expression("label element-wise", "-log(p[label])", column: 8, "'label' needs shape labels"),
  expression("label as a number", "logsumexp(p) - label", column: 16, "'label' is a class index", shape: "labels"),
  spec("ideal with an error", "question: q?\nlosses:\n  - name: mine\n    formula: p\n    ideal: \"p +\"\ninputs: {y_true: 1, y_pred: 0.5}", "bad.yaml:5:16: expected a number, a name or '(' here"),
  spec("custom loss without a name", "question: q?\nlosses:\n  - formula: p\ninputs: {y_true: 1, y_pred: 0.5}", "bad.yaml:3: a custom loss needs 'name'"),
  spec("custom loss without a formula", "question: q?\nlosses:\n  - name: mine\ninputs: {y_true: 1, y_pred: 0.5}", "bad.yaml:3: a custom loss needs 'formula'"),
  spec("custom loss named as a built-in", "question: q?\nlosses:\n  - name: bce/mine\n    formula: p\ninputs: {y_true: 1, y_pred: 0.5}", "bad.yaml:3: 'bce' is a built-in loss"),
  spec("custom loss name with a comma", "question: q?\nlosses:\n  - name: a,b\n    formula: p\ninputs: {y_true: 1, y_pred: 0.5}", "bad.yaml:3: a loss name is a word or loss/variant"),
  spec("custom loss unknown key", "question: q?\nlosses:\n  - name: mine\n    formula: p\n    shap: rows\ninputs: {y_true: 1, y_pred: 0.5}", "bad.yaml:5: key: unknown 'shap'"),
  spec("custom loss unknown shape", "question: q?\nlosses:\n  - name: mine\n    formula: p\n    shape: matrix\ninputs: {y_true: 1, y_pred: 0.5}", "bad.yaml:5: value: unknown 'matrix'"),
  spec("custom parameter a word", "question: q?\nlosses:\n  - name: mine\n    formula: a * p\n    parameters: {a: big}\ninputs: {y_true: 1, y_pred: 0.5}", "bad.yaml:5: 'big' is not a number"),
  spec("custom parameters a list", "question: q?\nlosses:\n  - name: mine\n    formula: p\n    parameters: [a]\ninputs: {y_true: 1, y_pred: 0.5}", "bad.yaml:5: 'parameters' must be a mapping"),
  spec("custom loss twice", "question: q?\nlosses:\n  - {name: mine, formula: p}\n  - {name: mine, formula: p}\ninputs: {y_true: 1, y_pred: 0.5}", "bad.yaml:4: loss mine"),

  // MARK: Output paths
  spec("--out empty", bce + "inputs: {y_true: 1, y_pred: 0.5}", "--out: an empty path", extra: ["--out", ""]),
  spec("--out a file", bce + "inputs: {y_true: 1, y_pred: 0.5}", "--out: 'OUT/worked-examples.csv' is a file, not a folder", extra: ["--out", "OUT/worked-examples.csv"]),
  spec("--out under /dev/null", bce + "inputs: {y_true: 1, y_pred: 0.5}", "--out: '/dev/null/x': '/dev/null' is a file", extra: ["--out", "/dev/null/x"]),
  spec("--out under a file", bce + "inputs: {y_true: 1, y_pred: 0.5}", "--out: 'OUT/README.md/tables'", extra: ["--out", "OUT/README.md/tables"]),
  spec("--tensorboard a file", bce + "inputs: {y_true: 1, y_pred: 0.5}", "--tensorboard: 'OUT/README.md' is a file", extra: ["--tensorboard", "OUT/README.md"]),
  spec("--tensorboard under /dev/null", bce + "inputs: {y_true: 1, y_pred: 0.5}", "--tensorboard: '/dev/null/tb'", extra: ["--tensorboard", "/dev/null/tb"]),
  BadInput(name: "a folder where a table goes", spec: bce + "inputs: {y_true: 1, y_pred: 0.5}", arguments: ["run", "SPEC", "--out", "OUT", "--quiet"], expected: "--out: 'OUT/bad.svg' is a folder"),

  // MARK: Memory
  spec("a batch past --max-memory", "question: q?\nlosses: [cce]\nclasses: 10000000\nn: 100\npoints: 1\ninputs: {y_true: {class: random}, y_pred: {normal: {}}}", "--max-memory: the run needs about"),
  spec("--max-memory 1M", bce + "inputs: {y_true: 1, y_pred: 0.5}", "--max-memory: the run needs about", extra: ["--max-memory", "1M"]),
  spec("--max-memory -1", bce + "inputs: {y_true: 1, y_pred: 0.5}", "'-1' is invalid for '--max-memory", extra: ["--max-memory", "-1"]),
  spec("--max-memory words", bce + "inputs: {y_true: 1, y_pred: 0.5}", "'lots' is invalid for '--max-memory", extra: ["--max-memory", "lots"]),
  spec("grid lists past --max-memory", bce + "inputs: {y_true: {sweep: [0, 0.25, 0.5, 0.75, 1]}, y_pred: {grid: {from: 0.1, to: 1, count: 10000000}}}", "--max-memory: the run needs about", extra: ["--max-memory", "300M"]),

  // MARK: run's options
  spec("--threads -1", bce + "inputs: {y_true: 1, y_pred: 0.5}", "--threads: must be at least 1, got -1", extra: ["--threads", "-1"]),
  spec("--threads 0", bce + "inputs: {y_true: 1, y_pred: 0.5}", "--threads: must be at least 1, got 0", extra: ["--threads", "0"]),
  spec("--seed -1", bce + "inputs: {y_true: 1, y_pred: 0.5}", "--seed: must be a whole number ≥ 0, got -1", extra: ["--seed", "-1"]),
  spec("--precision 10", bce + "inputs: {y_true: 1, y_pred: 0.5}", "--precision: '10' is not auto", extra: ["--precision", "10"]),
  spec("--precision -1", bce + "inputs: {y_true: 1, y_pred: 0.5}", "--precision: '-1' is not auto", extra: ["--precision", "-1"]),
  args("run an unknown experiment", ["run", "no-such-experiment", "--out", "OUT", "--experiments", "DIR"], "experiment: no file 'no-such-experiment' and no specs in"),
  args("run without specs", ["run", "--out", "OUT", "--experiments", "DIR/none"], "--experiments: cannot read the folder"),

  // MARK: eval's options
  args("eval --eps -1", eval + ["--loss", "bce", "--eps", "-1"], "--eps: eps must be >= 0"),
  args("eval --eps nan", eval + ["--loss", "bce", "--eps", "nan"], "--eps: eps must be >= 0"),
  args("eval --eps inf", eval + ["--loss", "bce", "--eps", "inf"], "--eps: eps must be >= 0"),
  args("eval --eps a word", eval + ["--loss", "bce", "--eps", "small"], "--eps: 'small' is not a number"),
  args("eval --delta 0", eval + ["--loss", "huber", "--delta", "0"], "--delta: delta must be > 0"),
  args("eval --delta -1", eval + ["--loss", "huber", "--delta", "-1"], "--delta: delta must be > 0"),
  args("eval --eps on mse", eval + ["--loss", "mse", "--eps", "1e-7"], "--eps: mse takes no parameters; eps is a parameter of bce"),
  args("eval --delta on bce", eval + ["--loss", "bce", "--delta", "1"], "--delta: bce takes eps; delta is a parameter of huber"),
  args("eval --param gamma on mse", eval + ["--loss", "mse", "--param", "gamma=2"], "--param gamma: mse takes no parameters"),
  args("eval --param unknown", eval + ["--loss", "focal", "--param", "beta=2"], "--param beta: focal takes"),
  args("eval --param without =", eval + ["--loss", "focal", "--param", "gamma"], "--param"),
  args("eval --param twice", eval + ["--loss", "focal", "--param", "gamma=2", "--param", "gamma=3"], "gamma is given twice"),
  args("eval --expr --param nan", eval + ["--expr", "a * p", "--param", "a=nan"], "--param a: a must be finite"),
  args("eval --classes -1", eval + ["--loss", "mse", "--classes", "-1"], "--classes: must be at least 1, got -1"),
  args("eval --classes 0", eval + ["--loss", "mse", "--classes", "0"], "--classes: must be at least 1, got 0"),
  args("eval --reduction avg", eval + ["--loss", "mse", "--reduction", "avg"], "'avg' is invalid for '--reduction"),
  args("eval --summation fast", eval + ["--loss", "mse", "--summation", "fast"], "'fast' is invalid for '--summation"),
  args("eval --format float8", eval + ["--loss", "mse", "--format", "float8"], "--format: unknown 'float8'"),
  args("eval --profile tpu", eval + ["--loss", "mse", "--profile", "tpu"], "--profile: unknown 'tpu'"),
  args("eval --precision 10", eval + ["--loss", "mse", "--precision", "10"], "--precision: 10 is outside 64...4096"),
  args("eval --precision -1", eval + ["--loss", "mse", "--precision", "-1"], "--precision: -1 is outside"),
  args("eval --shape matrix", eval + ["--expr", "p", "--shape", "matrix"], "'matrix' is invalid for '--shape"),
  args("eval --y-pred a word", ["eval", "--loss", "mse", "--y-true", "1", "--y-pred", "x"], "--y-pred"),
  args("eval --y-true empty item", ["eval", "--loss", "mse", "--y-true", "1,", "--y-pred", "1,2"], "--y-true"),
  args("eval sparse label 0.5", ["eval", "--loss", "sparse-cce", "--classes", "2", "--y-true", "0.5", "--y-pred", "0.5,0.5"], "--y-true: '0.5' is not an integer class label"),
  args("eval sparse label out of range", ["eval", "--loss", "sparse-cce", "--classes", "2", "--y-true", "2", "--y-pred", "0.5,0.5"], "label"),
  args("eval --weights on mse", eval + ["--loss", "mse", "--weights", "1"], "--weights: only weighted-mse"),
  args("eval --expr and --loss", eval + ["--loss", "mse", "--expr", "p"], "--expr: give either --loss"),
  args("eval --ideal without --expr", eval + ["--loss", "mse", "--ideal", "p"], "--ideal: only with --expr"),
  args("eval --expr error", eval + ["--expr", "log(p"], "--expr: column 6: expected ')' here"),
  args("eval --ideal error", eval + ["--expr", "p", "--ideal", "p +"], "--ideal: column 4:"),
  args("eval without a loss", eval, "--loss: missing"),
  args("eval unknown loss", eval + ["--loss", "bec"], "--loss: unknown 'bec'"),
  args("eval unknown formula", eval + ["--loss", "bce", "--formula", "tf"], "--formula for bce: unknown 'tf'"),
  args("eval --summation under torch", eval + ["--loss", "mse", "--summation", "kahan", "--profile", "torch"], "--summation: a framework profile"),

  // MARK: compare
  args("compare --ulp-tol -1", ["compare", "OUT", "OUT", "--ulp-tol", "-1"], "--ulp-tol: must be a finite number ≥ 0"),
  args("compare --rel-tol -1", ["compare", "OUT", "OUT", "--rel-tol", "-1"], "--rel-tol: must be a finite number ≥ 0"),
  args("compare --rel-tol nan", ["compare", "OUT", "OUT", "--rel-tol", "nan"], "--rel-tol: must be a finite number ≥ 0"),
  args("compare one path", ["compare", "OUT"], "expected OLD and NEW"),
  args("compare a missing table", ["compare", "OUT", "DIR/none.csv"], "DIR/none.csv: no such file or folder"),
  args("compare a folder without tables", ["compare", "OUT", "OUT/tb"], "no .csv tables in this folder"),
  args("compare --across float8", ["compare", "--across", "float8", "OUT/worked-examples.csv"], "--across: unknown 'float8'"),
  args("compare --format pdf", ["compare", "OUT", "OUT", "--format", "pdf"], "'pdf' is invalid for '--format"),
  BadInput(name: "compare a negative max_ulp", spec: "TABLE:max_ulp=-3", arguments: ["compare", "OUT/worked-examples.csv", "SPEC"], expected: "bad.yaml:2: column max_ulp: -3 is negative"),
  BadInput(name: "compare a negative mean_ulp", spec: "TABLE:mean_ulp=-0.5", arguments: ["compare", "OUT/worked-examples.csv", "SPEC"], expected: "bad.yaml:2: column mean_ulp: -0.5 is negative"),
  BadInput(name: "compare -inf max_rel_error", spec: "TABLE:max_rel_error=-inf", arguments: ["compare", "OUT/worked-examples.csv", "SPEC"], expected: "bad.yaml:2: column max_rel_error: -inf is negative"),
  BadInput(name: "compare more NaN points than points", spec: "TABLE:nan=5", arguments: ["compare", "OUT/worked-examples.csv", "SPEC"], expected: "bad.yaml:2: 5 points counted as nan"),
  BadInput(name: "compare a negative count", spec: "TABLE:points=-1", arguments: ["compare", "OUT/worked-examples.csv", "SPEC"], expected: "bad.yaml:2: column points: '-1' is not a count"),
  // MARK: Found in review: crashes on names, grids, shards and the environment
  spec("a loss named /", "question: q?\nlosses: [\"/\"]\ninputs: {y_true: 1, y_pred: 0.5}\n", "bad.yaml:2: '/' is not a loss name"),
  spec("a loss named bce/", "question: q?\nlosses: [bce/]\ninputs: {y_true: 1, y_pred: 0.5}\n", "bad.yaml:2: 'bce/' is not a loss name"),
  spec("a grid of 8e21 points", """
    question: q?
    losses: [{name: w, formula: "w*(p-y)^2"}]
    inputs:
      y_true: {grid: {from: 1, to: 2, count: 10000000, signs: both}}
      y_pred: {grid: {from: 1, to: 2, count: 10000000, signs: both}}
      weights: {grid: {from: 1, to: 2, count: 10000000, signs: both}}
    """, "bad.yaml:1: the grid has more than 10^12 points"),
  spec("run --shard past the most shards", bce + "inputs: {y_true: 1, y_pred: 0.5}\n", "--shard: '1/100000000000' is not I/N with whole numbers 1 ≤ I ≤ N ≤ 10000", extra: ["--shard", "1/100000000000"]),
  args("slurm --seed -1", ["slurm", "--shards", "2", "--seed", "-1"], "--seed: must be a whole number ≥ 0"),
  args("slurm --precision 12", ["slurm", "--shards", "2", "--precision", "12"], "--precision: '12' is not auto"),
]

/// Every bad input is refused the same way: exit status 2, one line on stderr (an expression's
/// excerpt and caret aside) naming the place or the argument, no backtrace, nothing on stdout,
/// and the output folder, seeded with a previous run's tables, plot, index and TensorBoard
/// files, byte for byte as it was.
@Suite("Bad input: one line, exit 2, nothing written")
struct BadInputTests {
  /// A previous run's output (worked-examples with TensorBoard files), copied for each case.
  static let seeded: URL = {
    let directory = FileManager.default.temporaryDirectory
      .appendingPathComponent("losslab-seeded-\(getpid())")
    let run = try! LossLabRun(
      ["run", "Experiments/worked-examples.yaml", "--quiet", "--out", directory.path,
       "--tensorboard", directory.appendingPathComponent("tb").path],
      currentDirectory: RunCommandTests.package)
    precondition(run.status == 0, "seeding failed: \(run.stderr)")
    return directory
  }()

  /// Every file under `folder` (hidden ones too) and its bytes.
  static func snapshot(_ folder: URL) -> [String: Data] {
    var files: [String: Data] = [:]
    let enumerator = FileManager.default.enumerator(atPath: folder.path)
    while let name = enumerator?.nextObject() as? String {
      var isDirectory: ObjCBool = false
      let path = folder.appendingPathComponent(name).path
      FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
      files[name] = isDirectory.boolValue ? Data("folder".utf8) : FileManager.default.contents(atPath: path)
    }
    return files
  }

  @Test("At least 150 bad inputs, every one named once")
  func count() {
    #expect(badInputs.count >= 150)
    #expect(Set(badInputs.map(\.name)).count == badInputs.count)
  }

  @Test("Refused in one line with exit status 2, the output folder untouched", arguments: badInputs)
  func refused(_ input: BadInput) throws {
    let directory = FileManager.default.temporaryDirectory
      .appendingPathComponent("losslab-bad-\(getpid())-\(UUID().uuidString)")
    let out = directory.appendingPathComponent("out")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    try FileManager.default.copyItem(at: BadInputTests.seeded, to: out)
    let specPath = directory.appendingPathComponent("bad.yaml")
    if let text = input.spec {
      if text.hasPrefix("TABLE:") {
        // A copy of the seeded table with one figure of its first row changed.
        let change = text.dropFirst(6).split(separator: "=").map(String.init)
        var lines = try String(contentsOf: out.appendingPathComponent("worked-examples.csv"), encoding: .utf8)
          .split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let column = lines[0].split(separator: ",").firstIndex(of: Substring(change[0]))!
        var fields = lines[1].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        fields[column] = change[1]
        lines[1] = fields.joined(separator: ",")
        try lines.joined(separator: "\n").write(to: specPath, atomically: true, encoding: .utf8)
      } else {
        try text.write(to: specPath, atomically: true, encoding: .utf8)
        try text.write(to: directory.appendingPathComponent("README.yaml"), atomically: true, encoding: .utf8)
        let other = directory.appendingPathComponent("other")
        try FileManager.default.createDirectory(at: other, withIntermediateDirectories: true)
        try text.write(to: other.appendingPathComponent("bad.yaml"), atomically: true, encoding: .utf8)
      }
    }
    if input.name == "a folder where a table goes" {
      try FileManager.default.createDirectory(at: out.appendingPathComponent("bad.svg"), withIntermediateDirectories: true)
    }
    let before = BadInputTests.snapshot(out)
    func substituted(_ text: String) -> String {
      text.replacingOccurrences(of: "SPEC", with: specPath.path)
        .replacingOccurrences(of: "OUT", with: out.path)
        .replacingOccurrences(of: "DIR", with: directory.path)
    }
    let run = try LossLabRun(input.arguments.map(substituted), currentDirectory: directory)
    let lines = run.stderr.split(separator: "\n").map(String.init)
    let message = lines.filter { !$0.hasPrefix("  | ") }
    #expect(run.status == 2, "\(input.name): status \(run.status): \(run.stderr)")
    #expect(message.count == 1, "\(input.name): \(run.stderr)")
    #expect(run.stderr.hasPrefix("losslab: "), "\(input.name): \(run.stderr)")
    #expect(run.stderr.contains(substituted(input.expected)), "\(input.name): expected '\(input.expected)' in: \(run.stderr)")
    #expect(!run.stderr.contains("Fatal error") && !run.stderr.contains("Backtrace") && !run.stderr.contains("NSCocoaErrorDomain"), "\(input.name)")
    #expect(run.stdout.isEmpty, "\(input.name): \(run.stdout)")
    #expect(BadInputTests.snapshot(out) == before, "\(input.name): the output folder changed")
  }
}

@Suite("compare: rows that disappear are a regression")
struct RemovedRowsTests {
  @Test("A table cut to two rows exits 1; with --allow-removed, 0")
  func removedRows() throws {
    let directory = FileManager.default.temporaryDirectory
      .appendingPathComponent("losslab-removed-\(getpid())-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let old = BadInputTests.seeded.appendingPathComponent("worked-examples.csv")
    let lines = try String(contentsOf: old, encoding: .utf8).split(separator: "\n")
    #expect(lines.count > 3)
    let cut = directory.appendingPathComponent("worked-examples.csv")
    try (lines.prefix(3).joined(separator: "\n") + "\n").write(to: cut, atomically: true, encoding: .utf8)
    let strict = try LossLabRun(["compare", old.path, cut.path])
    #expect(strict.status == 1, "\(strict.stdout)\(strict.stderr)")
    #expect(strict.stdout.contains("\(lines.count - 3) removed"), "\(strict.stdout)")
    let allowed = try LossLabRun(["compare", "--allow-removed", old.path, cut.path])
    #expect(allowed.status == 0, "\(allowed.stdout)\(allowed.stderr)")
    let same = try LossLabRun(["compare", old.path, old.path])
    #expect(same.status == 0, "\(same.stdout)\(same.stderr)")
  }
}
