import ArgumentParser
import LossLabRunner
import Foundation
import LossLabExpressions
import LossLabFormats
import LossLabLosses
import LossLabMeasurement
import LossLabReductions
import LossLabReference

/// `losslab eval`: one loss on the given values, in each format, against the MPFR reference.
struct EvalCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "eval",
    abstract: "Evaluate one loss on given values in each format and measure its error.",
    discussion: """
      Values are comma-separated decimals (or hex floats), measured as `losslab run` measures \
      a point: each rounded once to binary64, then by each format; the reference is \
      certified. With --classes C the lists are rows of C values; sparse losses take one \
      integer label per row in --y-true. Example:
        losslab eval --loss bce --formula keras --y-true 1 --y-pred 1e-8
      Values can come from files instead (--y-pred-file and the like): NumPy .npy, .safetensors (FILE:TENSOR names the tensor) or CSV; a 2-D file is rows × classes. Example:
        losslab eval --loss sparse-cce-logits --y-pred-file logits.npy --y-true-file labels.npy
      """)

  @Option(name: .long, help: "The loss (see `losslab list`).")
  var loss: String?

  @Option(name: .long, parsing: .unconditional, help: ArgumentHelp(
    "A loss written as an expression in y and p instead of --loss (see README: Your own loss).",
    valueName: "formula"))
  var expr: String?

  @Option(name: .long, parsing: .unconditional, help: ArgumentHelp(
    "With --expr: the exact loss the reference measures against (default: the formula itself).",
    valueName: "expression"))
  var ideal: String?

  @Option(name: .long, help: "With --expr: elementwise (default), rows or labels.")
  var shape: ExpressionShape = .elementwise

  @Option(name: .long, help: "The formula variant, e.g. naive, keras, torch, stable (default: the loss's first).")
  var formula: String?

  @Option(name: .long, help: "How the per-example losses are reduced.")
  var reduction: Reduction = .mean

  @Option(name: .long, help: "How the batch is summed.")
  var summation: Summation = .recursive

  @Option(name: .customLong("y-true"), parsing: .unconditional,
    help: "Targets, comma-separated (labels for sparse losses).")
  var yTrue: String?

  @Option(name: .customLong("y-pred"), parsing: .unconditional,
    help: "Predictions (probabilities, logits or values), comma-separated.")
  var yPred: String?

  @Option(name: .long, parsing: .unconditional, help: "Values per row (the class count for categorical losses; default: a 2-D file's last dimension, else 1).")
  var classes: Int?

  @Option(name: .long, parsing: .unconditional, help: "Per-example weights (weighted-mse).")
  var weights: String?

  @Option(name: .customLong("y-true-file"), help: ArgumentHelp(
    "Targets from a file instead of --y-true: .npy, .safetensors (FILE:TENSOR to name the tensor) or .csv.",
    valueName: "file"))
  var yTrueFile: String?

  @Option(name: .customLong("y-pred-file"), help: ArgumentHelp(
    "Predictions from a file instead of --y-pred (as --y-true-file); a 2-D file is rows × classes.",
    valueName: "file"))
  var yPredFile: String?

  @Option(name: .customLong("weights-file"), help: ArgumentHelp(
    "Weights from a file instead of --weights (as --y-true-file).", valueName: "file"))
  var weightsFile: String?

  @Flag(name: .customLong("npy-bfloat16"), help: "Read .npy files of dtype <V2 (2 raw bytes per value: how ml_dtypes saves bfloat16) as bfloat16.")
  var npyBFloat16 = false

  @Option(name: .customLong("param"),
    help: ArgumentHelp("A loss parameter, NAME=VALUE (repeat for several; `losslab list` shows each loss's).", valueName: "name=value"))
  var parameters: [ParameterAssignment] = []

  @Option(name: .long, parsing: .unconditional, help: "Shorthand for --param eps=VALUE: ε of the clipped or guarded formulas.")
  var eps: String?

  @Option(name: .long, parsing: .unconditional, help: "Shorthand for --param delta=VALUE: δ of the Huber loss.")
  var delta: String?

  @Option(name: .long, help: "\(Format.allCases.map(\.rawValue).joined(separator: ", ")) or all (comma-separated for several).")
  var format: String = "all"

  @Option(name: .long, parsing: .unconditional, help: ArgumentHelp(
    "Fix the MPFR reference at this many bits, 64...4096 (default: certified, adaptive up to 4096, as `losslab run`).",
    valueName: "bits"))
  var precision: Int?

  @Option(name: .long, help: ArgumentHelp(
    "How the framework runs the loss: \(ExecutionProfile.allCases.map(\.rawValue).joined(separator: ", ")) or all (comma-separated for several; see `losslab list`).",
    valueName: "profile"))
  var profile: String = ExecutionProfile.pure.rawValue

  @Flag(name: .long, help: "Print one JSON object instead of a table.")
  var json = false

  func run() throws {
    let query = try makeQuery()
    let formats = try parseFormats()
    var reference = ReferencePrecision.standard
    if let precision {
      guard MPFRReal.precisionRange.contains(precision) else {
        throw ValidationError("--precision: \(precision) is outside \(MPFRReal.precisionRange.lowerBound)...\(MPFRReal.precisionRange.upperBound)")
      }
      reference = .fixed(precision)
    }
    let evaluation: Evaluation
    do {
      let profiles = try parseProfiles()
      if profiles != [.pure], query.summation != .recursive {
        throw ValidationError("--summation: a framework profile sums its framework's way; give --summation only with --profile pure")
      }
      evaluation = try query.evaluate(formats: formats, reference: reference, profiles: profiles)
    } catch let error as EvaluationError {
      throw ValidationError(error.description)
    }
    let report = EvaluationReport(query: query, evaluation: evaluation)
    print(json ? report.json() : report.table(), terminator: json ? "\n" : "")
  }

  /// The formula `--loss`/`--formula` or `--expr` name, and the parameter values given.
  func chosenFormula() throws -> (Formula, [String: String]) {
    if let expr {
      guard loss == nil, formula == nil else {
        throw ValidationError("--expr: give either --loss (and --formula) or --expr, not both")
      }
      // The expression's parameters are the ones given, each with its value.
      let given = try assignments()
      for assignment in given { try checkValue(assignment, in: .finite) }
      let parameters = given.map {
        LossParameter($0.name, default: $0.value, "given on the command line", domain: .finite)
      }
      let values = Dictionary(uniqueKeysWithValues: given.map { ($0.name, $0.value) })
      switch CustomLoss.compiled(
        name: "expression/expression", formula: expr, ideal: ideal, parameters: parameters,
        shape: shape)
      {
      case .success(let custom): return (Formula(custom: custom), values)
      case .failure(let failure):
        let error = failure.error
        let excerpt = error.pointingAtColumn().split(separator: "\n").map { "  | \($0)" }
        throw ValidationError(
          (["--\(failure.part == .formula ? "expr" : "ideal"): column \(error.column): \(error.message)"] + excerpt)
            .joined(separator: "\n"))
      }
    }
    if ideal != nil { throw ValidationError("--ideal: only with --expr") }
    guard let loss else {
      throw ValidationError("--loss: missing; give a loss (see `losslab list`) or --expr FORMULA")
    }
    guard let loss = Loss(rawValue: loss) else {
      throw ValidationError(unknownNameMessage("--loss", loss, valid: Loss.allCases.map(\.rawValue)))
    }
    let chosen: Formula
    if let formula {
      guard let found = loss.formula(named: formula) else {
        throw ValidationError(unknownNameMessage(
          "--formula for \(loss.rawValue)", formula, valid: loss.formulas.map(\.variant)))
      }
      chosen = found
    } else {
      chosen = loss.defaultFormula
    }
    return (chosen, try parameterValues(for: loss))
  }

  func makeQuery() throws -> LossQuery {
    let (chosen, parameterValues) = try chosenFormula()
    if let classes, classes < 1 { throw ValidationError("--classes: must be at least 1, got \(classes)") }
    if weights != nil && !chosen.shape.usesWeights {
      let weighted = Loss.allCases.filter(\.shape.usesWeights).map(\.rawValue)
      throw ValidationError("--weights: only \(weighted.joined(separator: ", ")) and expressions that use w take weights")
    }
    let inputs = try queryInputs(chosen)
    return LossQuery(
      formula: chosen, reduction: reduction, summation: summation, yTrue: inputs.yTrue,
      yPred: inputs.yPred, labels: inputs.labels, weights: inputs.weights,
      columns: inputs.columns, parameters: parameterValues)
  }

  /// `--param NAME=VALUE`, `--eps` and `--delta`, each a parameter of the loss and a number in
  /// its domain (as the spec parser checks them).
  func parameterValues(for loss: Loss) throws -> [String: String] {
    let given = try assignments()
    for assignment in given {
      guard let parameter = loss.parameters.first(where: { $0.name == assignment.name }) else {
        let owners = Loss.allCases.filter { $0.parameters.contains { $0.name == assignment.name } }
        let takes = loss.parameters.isEmpty
          ? "takes no parameters" : "takes \(loss.parameters.map(\.name).joined(separator: ", "))"
        let others = owners.isEmpty
          ? "no loss has \(assignment.name)"
          : "\(assignment.name) is a parameter of \(owners.map(\.rawValue).joined(separator: ", "))"
        throw ValidationError("\(assignment.flag): \(loss.rawValue) \(takes); \(others)")
      }
      try checkValue(assignment, in: parameter.domain)
    }
    return Dictionary(uniqueKeysWithValues: given.map { ($0.name, $0.value) })
  }

  /// A parameter's value: a number (decimal, hex or 2^k) in the parameter's domain.
  func checkValue(_ assignment: ParameterAssignment, in domain: LossParameter.Domain) throws {
    guard let value = MPFRReal.roundDecimal(assignment.value, in: .float64) else {
      throw ValidationError("\(assignment.flag): '\(assignment.value)' is not a number")
    }
    guard domain.contains(value) else {
      throw ValidationError("\(assignment.flag): \(assignment.name) must be \(domain.description) and finite, got \(assignment.value)")
    }
  }

  func parseProfiles() throws -> [ExecutionProfile] { try parseNames(profile, flag: "--profile") }

  func parseFormats() throws -> [Format] { try parseNames(format, flag: "--format") }
}

/// A comma-separated list of names of `T`'s cases, or `all`; one line naming the flag and the
/// valid names for an unknown one.
func parseNames<T: CaseIterable & RawRepresentable>(_ list: String, flag: String) throws -> [T]
where T.RawValue == String {
  if list == "all" { return Array(T.allCases) }
  return try splitList(list).map { name in
    guard let found = T(rawValue: name) else {
      throw ValidationError(unknownNameMessage(flag, name, valid: T.allCases.map(\.rawValue) + ["all"]))
    }
    return found
  }
}

extension EvalCommand {
  /// `--param NAME=VALUE`, then `--eps` and `--delta` as their `--param`, each name once.
  func assignments() throws -> [ParameterAssignment] {
    var given = parameters
    if let eps { given.append(ParameterAssignment(name: "eps", value: eps, flag: "--eps")) }
    if let delta { given.append(ParameterAssignment(name: "delta", value: delta, flag: "--delta")) }
    var seen = Set<String>()
    for assignment in given where !seen.insert(assignment.name).inserted {
      throw ValidationError("\(assignment.flag): \(assignment.name) is given twice")
    }
    return given
  }
}

extension ExpressionShape: ExpressibleByArgument {}
extension Reduction: ExpressibleByArgument {}
extension Summation: ExpressibleByArgument {}

/// `NAME=VALUE` of `--param`.
struct ParameterAssignment: ExpressibleByArgument {
  var name: String
  var value: String
  /// How it was given, for messages (`--param gamma`, `--eps`).
  var flag: String

  init(name: String, value: String, flag: String) {
    self.name = name
    self.value = value
    self.flag = flag
  }

  init?(argument: String) {
    let parts = argument.split(separator: "=", maxSplits: 1).map {
      $0.trimmingCharacters(in: .whitespaces)
    }
    guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else { return nil }
    (name, value, flag) = (parts[0], parts[1], "--param \(parts[0])")
  }
}

/// "1, 2,3" → ["1", "2", "3"]; an empty item stays (and is then reported as not a number).
func splitList(_ text: String) -> [String] {
  text.split(separator: ",", omittingEmptySubsequences: false).map {
    $0.trimmingCharacters(in: .whitespaces)
  }
}
