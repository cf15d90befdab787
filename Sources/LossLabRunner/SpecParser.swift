import Foundation
import LossLabExpressions
import LossLabFormats
import LossLabLosses
import LossLabMeasurement
import LossLabReductions
import LossLabReference
import Yams

/// Reads an experiment file (YAML) into an `ExperimentSpec`, checking every key and value.
///
/// A spec is a mapping of the keys in `SpecParser.caseKeys` plus `question` and `cases`; each
/// entry of `cases` overrides the top-level keys for one sweep, and `quick` overrides them again
/// under `--quick`. Any problem throws a `SpecError` naming the file and line.
public struct SpecParser {
  public let file: String
  public let quick: Bool
  /// The parameter names the file's custom losses declare (keys like the built-ins' `eps`).
  var customParameters: [String] = []

  public static let caseKeys = [
    "name", "losses", "formats", "precision", "seed", "points", "inputs", "cliff_ulps",
    "smoothing", "reduction", "summation", "profiles", "n", "classes", "scale", "margin", "quick",
    "map",
  ] + Loss.parameterNames
  /// The most points a grid case may have (the product of its inputs' values).
  static let maxGridPoints = 1_000_000_000_000

  public static let generatorKeys = [
    "values", "grid", "uniform", "normal", "sigmoid-normal", "bits", "special", "exhaustive",
    "first", "then", "bernoulli", "bernoulli-sigmoid", "class", "decay", "sweep", "file",
  ]

  public init(file: String, quick: Bool = false) {
    self.file = file
    self.quick = quick
  }

  /// Reads and parses the file at `path`.
  public static func load(path: String, quick: Bool = false) throws -> ExperimentSpec {
    // An empty file is read as empty text: FoundationEssentials' contents(atPath:) leaks its
    // 4096-byte buffer on a file of 0 bytes (found by make test-asan).
    let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? nil
    let contents = size == 0 ? Data() : FileManager.default.contents(atPath: path)
    guard let data = contents, let text = String(data: data, encoding: .utf8) else {
      throw SpecError(file: path, line: 1, "cannot read the file")
    }
    return try SpecParser(file: path, quick: quick).parse(text)
  }

  public func parse(_ text: String) throws -> ExperimentSpec {
    let root: Node
    do {
      guard let node = try Yams.compose(yaml: text) else { throw fail(1, "the file is empty") }
      root = node
    } catch let error as YamlError {
      throw fail(yamlLine(error, in: text), "YAML syntax: \(yamlProblem(error))")
    }
    try checkSize(root)
    let top = try mapping(root, "the experiment")
    var parser = self
    parser.customParameters = SpecParser.declaredParameters(root)
    var spec = try parser.parse(top, root: root)
    spec.sourceText = text
    return spec
  }

  /// The names under `parameters:` of every custom loss in the file, each once, in order.
  static func declaredParameters(_ node: Node) -> [String] {
    var names: [String] = []
    func visit(_ node: Node) {
      switch node {
      case .mapping(let map):
        if map["formula"] != nil, case .mapping(let parameters)? = map["parameters"] {
          for key in parameters.keys { if let name = key.string, !names.contains(name) { names.append(name) } }
        }
        for (_, value) in map { visit(value) }
      case .sequence(let items): items.forEach(visit)
      case .scalar, .alias: break
      }
    }
    visit(node)
    return names.filter { !Loss.parameterNames.contains($0) }
  }

  var caseKeys: [String] { SpecParser.caseKeys + customParameters }
  var topKeys: [String] { ["question", "cases", "finding", "shards"] + caseKeys }

  func parse(_ top: Node.Mapping, root: Node) throws -> ExperimentSpec {
    try checkKeys(top, allowed: topKeys)
    guard let questionNode = top["question"], let question = questionNode.string,
      !question.isEmpty
    else {
      throw fail(line(root), "missing 'question': say in one sentence what this experiment answers")
    }
    var defaults: [String: Node] = [:]
    for (key, value) in top where !["question", "cases", "finding", "shards"].contains(key.string) {
      defaults[key.string!] = value
    }
    var cases: [ExperimentCase] = []
    if let casesNode = top["cases"] {
      guard case .sequence(let sequence) = casesNode, !sequence.isEmpty else {
        throw fail(line(casesNode), "'cases' must be a non-empty list of mappings")
      }
      for (index, caseNode) in sequence.enumerated() {
        let overrides = try mapping(caseNode, "a case")
        try checkKeys(overrides, allowed: caseKeys)
        var merged = defaults
        for (key, value) in overrides { merged[key.string!] = value }
        cases.append(try parseCase(merged, index: index, at: line(caseNode)))
      }
      try checkDistinct(
        zip(cases, sequence).map { ($0.0.name, $0.1) }, "case name", shown: { "'\($0)'" })
    } else {
      cases.append(try parseCase(defaults, index: 0, at: line(root)))
    }
    let name = ((file as NSString).lastPathComponent as NSString).deletingPathExtension
    var spec = ExperimentSpec(name: name, file: file, question: question, cases: cases)
    if let node = top["finding"] { spec.finding = try parseFinding(node, cases: cases) }
    spec.shards = try top["shards"].map { try integer($0, in: 2...Shard.maxCount) }
    return spec
  }

  /// `finding: {formats: [...], losses: [...]}`: each a format or a loss (or loss/variant) that
  /// some case measures.
  func parseFinding(_ node: Node, cases: [ExperimentCase]) throws -> FindingScope {
    let map = try mapping(node, "'finding'")
    try checkKeys(map, allowed: ["formats", "losses"])
    var scope = FindingScope()
    if let formatsNode = map["formats"] {
      let measured = Set(cases.flatMap(\.formats))
      scope.formats = try list(formatsNode).map { item in
        let format = try parseFormat(item)
        guard measured.contains(format) else {
          throw fail(line(item), "finding: no case measures \(format.rawValue)")
        }
        return format
      }
    }
    if let lossesNode = map["losses"] {
      let formulas = cases.flatMap(\.formulas)
      let names = Set(formulas.map(\.name) + formulas.map(\.lossName))
      scope.losses = try list(lossesNode).map { item in
        let name = try string(item)
        guard names.contains(name) else {
          throw fail(line(item), unknownNameMessage("loss in this spec", name, valid: names.sorted()))
        }
        return name
      }
    }
    return scope
  }

  // MARK: - One case

  /// A case is checked whole in every mode: its `quick:` section, and both the full case and
  /// the case under `--quick` (so the values each hides are checked too).
  func parseCase(_ keys: [String: Node], index: Int, at caseLine: Int) throws -> ExperimentCase {
    let full = try parseCaseKeys(keys, index: index, at: caseLine)
    guard let quickNode = keys["quick"] else { return full }
    let overrides = try mapping(quickNode, "'quick'")
    try checkKeys(overrides, allowed: caseKeys.filter { $0 != "quick" && $0 != "name" })
    var shrunk = keys
    for (key, value) in overrides { shrunk[key.string!] = value }
    let quickCase = try parseCaseKeys(shrunk, index: index, at: caseLine)
    return quick ? quickCase : full
  }

  func parseCaseKeys(_ keys: [String: Node], index: Int, at caseLine: Int) throws -> ExperimentCase {
    guard let lossesNode = keys["losses"] else {
      throw fail(caseLine, "missing 'losses': a list such as [bce/keras, bce/naive]")
    }
    let lossNodes = try list(lossesNode)
    let formulaNodes = try lossNodes.flatMap { node in try parseLoss(node).map { ($0, node) } }
    try checkDistinct(formulaNodes.map { ($0.0.name, $0.1) }, "loss", shown: { $0 })
    let formulas = formulaNodes.map(\.0)
    try checkShapes(formulas, at: line(lossesNode))
    let formats = try keys["formats"].map { try distinct($0, "format", parseFormat) } ?? Format.allCases
    guard let inputsNode = keys["inputs"] else {
      throw fail(caseLine, "missing 'inputs': generators for y_pred (and y_true, weights)")
    }
    let inputs = try parseInputs(inputsNode)
    let needsTarget = formulas.contains { $0.shape.usesTargets }
    if inputs[.yPred] == nil {
      throw fail(line(inputsNode), "inputs: 'y_pred' is required")
    }
    if needsTarget && inputs[.yTrue] == nil {
      throw fail(line(inputsNode), "inputs: 'y_true' is required for \(formulas[0].lossName)")
    }
    if let weighted = formulas.first(where: { $0.shape.usesWeights }), inputs[.weights] == nil {
      throw fail(line(inputsNode), "inputs: 'weights' is required for \(weighted.lossName)")
    }

    let reference = try keys["precision"].map { node -> ReferencePrecision in
      let text = try string(node)
      guard let reference = ReferencePrecision(text) else {
        throw fail(line(node), "precision must be auto, auto:CAP or a whole number of bits in \(MPFRReal.precisionRange.lowerBound)...\(MPFRReal.precisionRange.upperBound), got \(text)")
      }
      return reference
    } ?? .standard
    let seed = try keys["seed"].map { UInt64(try integer($0, in: 0...Int.max)) } ?? 1
    let points = try keys["points"].map { try integer($0, in: 1...100_000_000) } ?? 1
    let reductions = try keys["reduction"].map {
      try distinct($0, "reduction") { try named($0, Reduction.self, "reduction") }
    } ?? [.mean]
    let summations = try keys["summation"].map {
      try distinct($0, "summation") { try named($0, Summation.self, "summation") }
    } ?? [.recursive]
    let profiles = try keys["profiles"].map { node -> [ExecutionProfile] in
      let profiles = try list(node).map { try named($0, ExecutionProfile.self, "profile") }
      if let repeated = profiles.enumerated().first(where: { profiles[..<$0.offset].contains($0.element) }) {
        throw fail(line(node), "profile \(repeated.element.rawValue) is listed twice")
      }
      if profiles != [.pure], summations.count > 1 {
        throw fail(line(node), "a framework profile sums the batch its framework's way: give summation: [...] only in a case whose profiles are [pure]")
      }
      return profiles
    } ?? [.pure]
    let (batchSizes, classes) = try batchShape(
      inputs, formulas[0].shape, inputsNode: inputsNode, keys,
      n: try keys["n"].map { try distinct($0, "n") { try integer($0, in: 1...100_000_000) } },
      classes: try keys["classes"].map {
        try distinct($0, "classes") { try integer($0, in: 1...10_000_000) }
      })
    try checkInputs(
      inputs, nodes: try mapping(inputsNode, "'inputs'"), formulas: formulas,
      batchSizes: batchSizes, classCounts: classes, pointsGiven: keys["points"] != nil,
      at: caseLine)
    let parameterAxes = try parseParameters(keys, formulas: formulas, at: caseLine)
    let scales = try keys["scale"].map { try distinct($0, "scale") { try positive($0, "scale") } } ?? [1]
    let margins = try keys["margin"].map { try distinct($0, "margin", number) } ?? [0]
    let cliff = try keys["cliff_ulps"].map { try positive($0, "cliff_ulps") } ?? 1000
    let smoothing = try keys["smoothing"].map { node -> Double in
      let w = try number(node)
      guard (0..<1).contains(w) else { throw fail(line(node), "smoothing must be in [0, 1), got \(w)") }
      return w
    } ?? defaultSmoothing
    let name = try keys["name"].map { try string($0) } ?? "case \(index + 1)"
    let map = try keys["map"].map {
      try parseMap(
        $0, inputs, order: PointGenerator.names(formulas[0].shape),
        single: batchSizes == [1] && classes == [1], at: line(inputsNode))
    }
    return ExperimentCase(
      name: name, formulas: formulas, formats: formats, reference: reference, seed: seed,
      points: points, inputs: inputs, cliffULPs: cliff, smoothing: smoothing,
      summations: summations, profiles: profiles, reductions: reductions, batchSizes: batchSizes,
      classCounts: classes, parameterAxes: parameterAxes, scales: scales,
      margins: margins, map: map)
  }

  /// `map: {columns: C, rows: R}`: a grid case whose varying inputs are y_pred and y_true.
  func parseMap(
    _ node: Node, _ inputs: [InputName: InputGenerator], order: [InputName], single: Bool,
    at inputsLine: Int
  ) throws -> MapShape {
    let params = try mapping(node, "'map'")
    try checkKeys(params, allowed: ["columns", "rows"])
    guard let columnsNode = params["columns"], let rowsNode = params["rows"] else {
      throw fail(line(node), "map needs 'columns' and 'rows', e.g. {columns: 128, rows: 64}")
    }
    let shape = MapShape(
      columns: try integer(columnsNode, in: 1...MapShape.maxCells),
      rows: try integer(rowsNode, in: 1...MapShape.maxCells))
    let counts = order.map { name in
      (name, inputs[name].flatMap { $0.isRandom ? nil : $0.valueCount(quickGridCount: quick ? 64 : nil) })
    }
    guard counts.allSatisfy({ $0.1 != nil }), single else {
      throw fail(line(node), "map: a map is a grid of single examples of fixed inputs (values, grid, exhaustive...): no random inputs, n or classes")
    }
    let varying = counts.filter { $0.1! > 1 }.map(\.0)
    guard varying == [.yPred, .yTrue] else {
      throw fail(inputsLine, "map: y_pred and y_true must each have several values (and weights one), the logit across and the target up; this case varies \(varying.isEmpty ? "nothing" : varying.map(\.rawValue).joined(separator: " and "))")
    }
    return shape
  }

  /// The loss parameters the case gives, in catalog order: each a number in its domain, and a
  /// parameter of at least one of the case's losses.
  func parseParameters(_ keys: [String: Node], formulas: [Formula], at caseLine: Int) throws
    -> [ParameterAxis]
  {
    var axes: [ParameterAxis] = []
    for name in Loss.parameterNames + customParameters {
      guard let node = keys[name] else { continue }
      let owners = formulas.filter { $0.parameters.contains { $0.name == name } }
      guard let owner = owners.first else {
        let losses = Set(formulas.map(\.lossName)).sorted().joined(separator: ", ")
        throw fail(line(node), "'\(name)' is not a parameter of \(losses)")
      }
      let domain = owner.parameters.first { $0.name == name }!.domain
      let values = try list(node).map { item -> String in
        let text = try numberText(item)
        guard domain.contains(MPFRReal.roundDecimal(text, in: .float64)!) else {
          throw fail(line(item), "\(name) must be \(domain.description), got \(text)")
        }
        return text
      }
      try checkDistinct(
        zip(values, try list(node)).map { (MPFRReal.roundDecimal($0, in: .float64)!, $1) }, name,
        shown: { formatted($0) })
      axes.append(ParameterAxis(name: name, values: values))
    }
    return axes
  }

  /// The losses of one case share its input points, so they must read the same inputs: all
  /// element-wise, all rows of classes, all labelled, all weighted, or all predictions alone.
  func checkShapes(_ formulas: [Formula], at line: Int) throws {
    let first = formulas[0]
    for formula in formulas.dropFirst() where !first.shape.sharesInputs(with: formula.shape) {
      throw fail(line, "\(first.name) and \(formula.name) read different inputs (\(first.shape.description) against \(formula.shape.description)): put them in separate cases")
    }
  }

  func parseLoss(_ node: Node) throws -> [Formula] {
    if case .mapping = node { return [try parseCustomLoss(node)] }
    let text = try string(node)
    let parts = text.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
    guard !parts[0].isEmpty, !(parts.count == 2 && parts[1].isEmpty) else {
      throw fail(line(node), "'\(text)' is not a loss name: write a loss (mse) or loss/variant (bce/keras)")
    }
    guard let loss = Loss(rawValue: parts[0]) else {
      throw fail(line(node), unknownNameMessage("loss", parts[0], valid: Loss.allCases.map(\.rawValue)))
    }
    guard parts.count == 2 else { return loss.formulas }
    guard let formula = loss.formula(named: parts[1]) else {
      throw fail(line(node), unknownNameMessage("variant of \(loss.rawValue)", parts[1], valid: loss.formulas.map(\.variant)))
    }
    return [formula]
  }

  /// A loss written in the spec: `name`, `formula`, optional `ideal`, `parameters` (name:
  /// default) and `shape` (elementwise, rows or labels).
  func parseCustomLoss(_ node: Node) throws -> Formula {
    let map = try mapping(node, "a custom loss")
    try checkKeys(map, allowed: ["name", "formula", "ideal", "parameters", "shape"])
    guard let nameNode = map["name"] else {
      throw fail(line(node), "a custom loss needs 'name' (what the tables call it)")
    }
    let name = try string(nameNode)
    guard !name.isEmpty, !name.contains(","), name.split(separator: "/").count <= 2 else {
      throw fail(line(nameNode), "a loss name is a word or loss/variant, got '\(name)'")
    }
    if let builtin = Loss(rawValue: String(name.split(separator: "/")[0])) {
      throw fail(line(nameNode), "'\(builtin.rawValue)' is a built-in loss: give the custom loss another name")
    }
    guard let formulaNode = map["formula"] else {
      throw fail(line(node), "a custom loss needs 'formula' (an expression in y and p)")
    }
    let shape = try map["shape"].map {
      ExpressionShape(rawValue: try oneOf($0, ExpressionShape.allCases.map(\.rawValue)))!
    } ?? .elementwise
    var parameters: [LossParameter] = []
    if let parametersNode = map["parameters"] {
      for (key, value) in try mapping(parametersNode, "'parameters'") {
        let text = try numberText(value)
        guard MPFRReal.roundDecimal(text, in: .float64)!.isFinite else {
          throw fail(line(value), "\(key.string!) must be finite, got \(text)")
        }
        parameters.append(LossParameter(key.string!, default: text, "a parameter of \(name)", domain: .finite))
      }
    }
    let formula = try string(formulaNode), ideal = try map["ideal"].map(string)
    switch CustomLoss.compiled(
      name: name, formula: formula, ideal: ideal, parameters: parameters, shape: shape)
    {
    case .success(let custom): return Formula(custom: custom)
    case .failure(let error):
      let expressionNode = error.part == .formula ? formulaNode : map["ideal"]!
      throw expressionError(error.error, at: expressionNode)
    }
  }

  /// An expression's error at its place in the file: the scalar's line, and its column plus the
  /// error's column within the expression (one more past an opening quote); then the expression
  /// and a caret under the spot.
  func expressionError(_ error: ExpressionError, at node: Node) -> SpecError {
    var column: Int? = nil
    if case .scalar(let scalar) = node, let mark = node.mark {
      switch scalar.style {
      case .plain: column = mark.column + error.column - 1
      case .singleQuoted, .doubleQuoted: column = mark.column + error.column
      case .literal, .folded, .any: column = nil
      }
    }
    return SpecError(
      file: file, line: line(node), column: column,
      "\(error.message)\n  | \(error.pointingAtColumn().replacingOccurrences(of: "\n", with: "\n  | "))")
  }

  func parseFormat(_ node: Node) throws -> Format {
    try named(node, Format.self, "format")
  }

  func parseInputs(_ node: Node) throws -> [InputName: InputGenerator] {
    let inputs = try mapping(node, "'inputs'")
    var result: [InputName: InputGenerator] = [:]
    for (key, value) in inputs {
      guard let name = InputName(rawValue: key.string ?? "") else {
        throw fail(line(key), unknownNameMessage("input", key.string ?? "", valid: InputName.allCases.map(\.rawValue)))
      }
      result[name] = try parseGenerator(value)
    }
    return result
  }

  func parseGenerator(_ node: Node) throws -> InputGenerator {
    switch node {
    case .scalar: return .constant(try inputValue(node))
    case .sequence(let parts):
      guard !parts.isEmpty else { throw fail(line(node), "the list is empty") }
      return .concatenation(try parts.map { part in
        let generator = try parseGenerator(part)
        if case .file = generator {
          throw fail(line(part), "a file is an input on its own, not part of a list")
        }
        if generator.isRandom {
          throw fail(line(part), "a list of generators is fixed values together (numbers, values, grid, special, exhaustive); a random generator stands alone")
        }
        if case .sweep = generator {
          throw fail(line(part), "{sweep: [...]} is an axis: give it as the input itself, not inside a list")
        }
        return generator
      })
    case .mapping: break
    case .alias: throw fail(line(node), "an input generator must be a number, a list or a mapping")
    }
    let map = try mapping(node, "an input generator")
    if map["file"] != nil { return try parseFileInput(map, at: node) }
    try checkKeys(map, allowed: SpecParser.generatorKeys)
    if let first = map["first"] {
      guard let then = map["then"] else { throw fail(line(node), "'first' needs 'then'") }
      guard map.count == 2 else {
        throw fail(line(node), "{first: A, then: B} takes no other key")
      }
      return .firstThen(first: try inputValue(first), then: try inputValue(then))
    }
    guard map.count == 1, let (key, value) = map.first.map({ ($0.key.string!, $0.value) }) else {
      throw fail(line(node), "an input generator has exactly one of: \(SpecParser.generatorKeys.joined(separator: ", "))")
    }
    switch key {
    case "values", "sweep":
      let values = try list(value).map(inputValue)
      guard !values.isEmpty else { throw fail(line(value), "'\(key)' needs at least one value") }
      if key == "sweep" { try checkDistinct(zip(values, try list(value)).map { ($0, $1) }, "sweep value", shown: formatted) }
      return key == "values" ? .values(values) : .sweep(values)
    case "grid":
      let grid = try mapping(value, "'grid'")
      try checkKeys(grid, allowed: ["from", "to", "count", "spacing", "signs", "complement"])
      guard let fromNode = grid["from"], let toNode = grid["to"], let countNode = grid["count"] else {
        throw fail(line(value), "grid needs 'from', 'to' and 'count'")
      }
      let from = try number(fromNode), to = try number(toNode)
      let count = try integer(countNode, in: 1...10_000_000)
      let spacing = try grid["spacing"].map { try oneOf($0, ["linear", "log"]) } ?? "linear"
      guard from <= to else { throw fail(line(fromNode), "grid: from (\(from)) > to (\(to))") }
      if spacing == "log" && !(from > 0) {
        throw fail(line(fromNode), "grid: log spacing needs from > 0, got \(from)")
      }
      let signs = try grid["signs"].map {
        InputGenerator.Signs(rawValue: try oneOf($0, ["positive", "negative", "both"]))!
      } ?? .positive
      let complement = try grid["complement"].map { node -> Bool in
        guard let flag = node.bool else { throw fail(line(node), "complement must be true or false") }
        return flag
      } ?? false
      return .grid(from: from, to: to, count: count, log: spacing == "log", signs: signs, complement: complement)
    case "uniform":
      let (from, to) = try range(value)
      return .uniform(from: from, to: to)
    case "normal", "sigmoid-normal":
      let params = try mapping(value, "'\(key)'")
      try checkKeys(params, allowed: ["mean", "std"])
      let mean = try params["mean"].map(number) ?? 0
      let std = try params["std"].map { try positive($0, "std") } ?? 1
      return key == "normal" ? .normal(mean: mean, std: std) : .sigmoidNormal(mean: mean, std: std)
    case "bits": return .bitPatterns(try parseFormat(value))
    case "special": return .special(try parseFormat(value))
    case "exhaustive":
      // `exhaustive: float16`, or `exhaustive: {format: float16, from: 0, to: 1}` for the values
      // in a closed range.
      var formatNode = value
      var range: ClosedRange<Double>? = nil
      if case .mapping(let params) = value {
        try checkKeys(params, allowed: ["format", "from", "to"])
        guard let node = params["format"], let fromNode = params["from"], let toNode = params["to"]
        else {
          throw fail(line(value), "exhaustive: a format name, or {format: float16, from: A, to: B}")
        }
        let from = try number(fromNode), to = try number(toNode)
        guard from <= to else { throw fail(line(fromNode), "from (\(from)) must be <= to (\(to))") }
        formatNode = node
        range = from...to
      }
      let format = try parseFormat(formatNode)
      guard format.isSixteenBit else {
        throw fail(line(formatNode), "exhaustive inputs exist for float16 and bfloat16 (63,487 and 65,279 finite values), not \(format.rawValue) (use bits: \(format.rawValue) to sample its bit patterns)")
      }
      if let range, !exhaustiveValues(format).contains(where: range.contains) {
        throw fail(line(value), "exhaustive: no finite \(format.rawValue) value lies in [\(range.lowerBound), \(range.upperBound)]")
      }
      return .exhaustive(format, range: range)
    case "bernoulli", "bernoulli-sigmoid":
      let text = try string(value)
      guard let source = InputName(rawValue: text) else {
        throw fail(line(value), unknownNameMessage(key, text, valid: InputName.allCases.map(\.rawValue)))
      }
      return .bernoulli(of: source, logits: key == "bernoulli-sigmoid")
    case "class":
      _ = try oneOf(value, ["random"])
      return .randomClass
    case "decay":
      let params = try mapping(value, "'decay'")
      try checkKeys(params, allowed: ["from", "to", "noise"])
      guard let from = params["from"], let to = params["to"] else {
        throw fail(line(value), "decay needs 'from' and 'to'")
      }
      let noise = try params["noise"].map { try nonNegative($0, "noise") } ?? 0
      return .decay(from: try number(from), to: try number(to), noise: noise)
    default:
      throw fail(line(node), "'then' needs 'first'")
    }
  }

  // MARK: - Values

  func fail(_ line: Int, _ message: String) -> SpecError {
    SpecError(file: file, line: line, message)
  }

  func line(_ node: Node) -> Int { node.mark?.line ?? 1 }

  func mapping(_ node: Node, _ what: String) throws -> Node.Mapping {
    guard case .mapping(let map) = node else { throw fail(line(node), "\(what) must be a mapping") }
    var seen = Set<String>()
    for key in map.keys {
      guard let name = key.string else { throw fail(line(key), "keys must be names") }
      guard seen.insert(name).inserted else { throw fail(line(key), "duplicate key '\(name)'") }
    }
    return map
  }

  func checkKeys(_ map: Node.Mapping, allowed: [String]) throws {
    for key in map.keys where !allowed.contains(key.string!) {
      throw fail(line(key), unknownNameMessage("key", key.string!, valid: allowed))
    }
  }

  /// A scalar or a list of scalars, as a list.
  func list(_ node: Node) throws -> [Node] {
    switch node {
    case .sequence(let items):
      guard !items.isEmpty else { throw fail(line(node), "the list is empty") }
      return Array(items)
    case .mapping:
      throw fail(line(node), "expected a value or a list of values such as [a, b], got a mapping ({sweep: ...} is for inputs; a list here is already an axis)")
    case .scalar, .alias: return [node]
    }
  }

  /// A list of values, each read by `parse`, none twice.
  func distinct<T: Hashable>(_ node: Node, _ what: String, _ parse: (Node) throws -> T) throws -> [T] {
    let nodes = try list(node)
    let values = try nodes.map(parse)
    try checkDistinct(Array(zip(values, nodes)), what, shown: { "\($0)" })
    return values
  }

  func string(_ node: Node) throws -> String {
    guard case .scalar(let scalar) = node else {
      throw fail(line(node), "expected a single value, got a \(node.mapping != nil ? "mapping" : "list")")
    }
    return scalar.string
  }

  func named<T: RawRepresentable & CaseIterable>(_ node: Node, _ type: T.Type, _ what: String)
    throws -> T where T.RawValue == String
  {
    let text = try string(node)
    guard let value = T(rawValue: text) else {
      throw fail(line(node), unknownNameMessage(what, text, valid: T.allCases.map(\.rawValue)))
    }
    return value
  }

  func oneOf(_ node: Node, _ valid: [String]) throws -> String {
    let text = try string(node)
    guard valid.contains(text) else {
      throw fail(line(node), unknownNameMessage("value", text, valid: valid))
    }
    return text
  }

  /// A number as written: decimal, hex (0x1p-12) or a power of two (2^-12, -2^-12).
  func numberText(_ node: Node) throws -> String {
    var text = try string(node).trimmingCharacters(in: .whitespaces)
    if let caret = text.firstIndex(of: "^") {
      let base = text[..<caret], exponent = text[text.index(after: caret)...]
      guard base == "2" || base == "-2", let k = Int(exponent) else {
        throw fail(line(node), "'\(text)' is not a number (powers are written 2^k)")
      }
      text = (base == "-2" ? "-" : "") + "0x1p\(k)"
    }
    guard let value = MPFRReal.roundDecimal(text, in: .float64) else {
      throw fail(line(node), "'\(text)' is not a number")
    }
    guard !value.isNaN else { throw fail(line(node), "nan is not a value a spec can give") }
    if value.isInfinite && !SpecParser.infinityWords.contains(text.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "+-"))) {
      throw fail(line(node), "'\(text)' overflows binary64 (the largest finite is 1.7976931348623157e308)")
    }
    return text
  }

  static let infinityWords: Set<String> = ["inf", "infinity"]

  /// A finite number (every number of a spec but input values).
  func number(_ node: Node) throws -> Double {
    let value = MPFRReal.roundDecimal(try numberText(node), in: .float64)!
    guard value.isFinite else {
      throw fail(line(node), "\(try string(node)) is not finite: only input values (a number, values, sweep, first/then) may be inf")
    }
    return value
  }

  /// An input value: a number, or ±inf (what a loss does on an overflowed input); never NaN.
  func inputValue(_ node: Node) throws -> Double {
    MPFRReal.roundDecimal(try numberText(node), in: .float64)!
  }

  func positive(_ node: Node, _ what: String) throws -> Double {
    let value = try number(node)
    guard value > 0, value.isFinite else { throw fail(line(node), "\(what) must be > 0, got \(value)") }
    return value
  }

  func nonNegative(_ node: Node, _ what: String) throws -> Double {
    let value = try number(node)
    guard value >= 0, value.isFinite else { throw fail(line(node), "\(what) must be >= 0, got \(value)") }
    return value
  }

  func integer(_ node: Node, in range: ClosedRange<Int>) throws -> Int {
    let value = try number(node)
    guard value == value.rounded(), let int = Int(exactly: value), range.contains(int) else {
      throw fail(line(node), "expected a whole number in \(range.lowerBound)...\(range.upperBound), got \(try string(node))")
    }
    return int
  }

  func range(_ node: Node) throws -> (Double, Double) {
    let params = try mapping(node, "a range")
    try checkKeys(params, allowed: ["from", "to"])
    guard let fromNode = params["from"], let toNode = params["to"] else {
      throw fail(line(node), "a range needs 'from' and 'to'")
    }
    let from = try number(fromNode), to = try number(toNode)
    guard from < to else { throw fail(line(fromNode), "from (\(from)) must be < to (\(to))") }
    return (from, to)
  }
}
