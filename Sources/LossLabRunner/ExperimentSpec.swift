import LossLabFormats
import LossLabLosses
import LossLabMeasurement
import LossLabReductions
import LossLabReference

/// One experiment file of `Experiments/`: a question and the cases that answer it.
public struct ExperimentSpec: Sendable {
  /// The file's base name; the tables are `Results/NAME.csv` and `Results/NAME.md`.
  public var name: String
  public var file: String
  /// The question the experiment answers, in one sentence.
  public var question: String
  public var cases: [ExperimentCase]
  /// The spec file's text as parsed (a shard records it; a merge compares it).
  public var sourceText = ""
  /// The formats and formulas the question is about (`finding:`), which the finding answers for.
  public var finding = FindingScope()
  /// `shards: N`: too large for one machine's run of every spec. A run of every spec leaves it
  /// out (its committed tables stay as they are), except under --quick; naming it runs it, and
  /// `make sharded-experiments` runs it as N shards and merges them.
  public var shards: Int? = nil
}

/// What an experiment's finding speaks of: `finding: {formats: [float16, bfloat16], losses:
/// [bce-logits]}` in a spec; nil for every format or formula of the table.
public struct FindingScope: Sendable {
  public var formats: [Format]?
  /// Loss names (every variant) or `loss/variant` names.
  public var losses: [String]?

  public init(formats: [Format]? = nil, losses: [String]? = nil) {
    self.formats = formats
    self.losses = losses
  }

  public func covers(_ format: Format) -> Bool { formats?.contains(format) ?? true }
  public func covers(_ formula: Formula) -> Bool {
    losses.map { $0.contains(formula.name) || $0.contains(formula.lossName) } ?? true
  }
}

/// One sweep: losses × formats × the sweep axes, each evaluated on the same input points.
public struct ExperimentCase: Sendable {
  public var name: String
  public var formulas: [Formula]
  public var formats: [Format]
  /// How precise the MPFR reference is (`precision:` in the spec: `auto` by default).
  public var reference: ReferencePrecision
  public var seed: UInt64
  /// Points per table row in sample mode (random inputs, or batches of several examples).
  public var points: Int
  public var inputs: [InputName: InputGenerator]
  /// A table row's error jumps past this many ulps: a cliff to locate by bisection.
  public var cliffULPs: Double
  /// TensorBoard smoothing weight for the `ema` reduction.
  public var smoothing: Double

  /// Each formula is evaluated with each summation on the same points (rows, not an axis).
  public var summations: [Summation]

  // Sweep axes: every combination is a separate set of table rows.
  /// How each framework runs the loss (`profiles:`; `[pure]` by default). A profile other than
  /// `pure` sums the batch its framework's way, so it takes no `summation:` list.
  public var profiles: [ExecutionProfile]
  public var reductions: [Reduction]
  public var batchSizes: [Int]
  public var classCounts: [Int]
  /// The loss parameters the spec gives (`eps`, `delta`, `gamma`...), each a value or an axis
  /// of values as written, in catalog order; a loss takes its defaults for the rest.
  public var parameterAxes: [ParameterAxis]
  /// A factor applied to y_true and y_pred (units: 1 for metres, 1000 for millimetres).
  public var scales: [Double]
  /// Added to the logit of the labelled class (categorical losses).
  public var margins: [Double]
  /// The 2-D map of y_pred x y_true (`map:`), nil for none.
  public var map: MapShape? = nil
}

/// One combination of sweep-axis values.
public struct SweepCoordinates: Sendable, Hashable {
  /// The random stream of the coordinate's sampled points: its index among the case's
  /// coordinates of one profile, so that every profile measures the same points.
  public var stream: Int
  public var profile: ExecutionProfile
  public var reduction: Reduction
  public var batchSize: Int
  public var classes: Int
  /// The given loss parameters' values as written, by name.
  public var parameters: [String: String]
  public var scale: Double
  public var margin: Double
  /// Values of swept inputs (`{sweep: [...]}`), by input.
  public var inputValues: [InputName: Double]
  /// The axes that vary in the case, with this combination's values, in a fixed order.
  public var axes: [SweepAxis]
}

/// A loss parameter the spec gives, with its value or values as written.
public struct ParameterAxis: Sendable, Hashable {
  public var name: String
  public var values: [String]

  public init(name: String, values: [String]) {
    self.name = name
    self.values = values
  }
}

extension ExperimentCase {
  /// Every combination of the sweep axes, in a fixed order (the spec's order of values).
  public func coordinates() -> [SweepCoordinates] {
    let sweptInputs = InputName.allCases.compactMap { name -> (InputName, [Double])? in
      if case .sweep(let values) = inputs[name] { return (name, values) }
      return nil
    }
    var result: [SweepCoordinates] = []
    var inputCombos: [[InputName: Double]] = [[:]]
    for (name, values) in sweptInputs {
      inputCombos = inputCombos.flatMap { combo in
        values.map { value in combo.merging([name: value]) { $1 } }
      }
    }
    var parameterCombos: [[(String, String)]] = [[]]
    for axis in parameterAxes {
      parameterCombos = parameterCombos.flatMap { combo in axis.values.map { combo + [(axis.name, $0)] } }
    }
    for profile in profiles {
    var stream = 0
    for reduction in reductions {
      for n in batchSizes {
        for classes in classCounts {
          for parameters in parameterCombos {
            for scale in scales {
              for margin in margins {
                for combo in inputCombos {
                  var axes: [SweepAxis] = []
                  func axis(_ key: String, _ value: SweepValue) { axes.append(SweepAxis(key: key, value: value)) }
                  if profiles != [.pure] { axis("profile", .profile(profile)) }
                  for (name, _) in sweptInputs { axis(name.rawValue, .number(combo[name]!)) }
                  if reductions.count > 1 { axis("reduction", .reduction(reduction)) }
                  if batchSizes.count > 1 { axis("n", .count(n)) }
                  if classCounts.count > 1 { axis("classes", .count(classes)) }
                  for (k, (name, text)) in parameters.enumerated()
                  where parameterAxes[k].values.count > 1 {
                    let value = MPFRReal.roundDecimal(text, in: .float64)!
                    axis(name, .parameter(text: text, value: value))
                  }
                  if scales.count > 1 { axis("scale", .number(scale)) }
                  if margins.count > 1 { axis("margin", .number(margin)) }
                  result.append(
                    SweepCoordinates(
                      stream: stream, profile: profile, reduction: reduction, batchSize: n, classes: classes,
                      parameters: Dictionary(uniqueKeysWithValues: parameters), scale: scale,
                      margin: margin, inputValues: combo, axes: axes))
                  stream += 1
                }
              }
            }
          }
        }
      }
    }
    }
    return result
  }
}
