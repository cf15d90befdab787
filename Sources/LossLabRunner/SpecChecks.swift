import LossLabFormats
import LossLabLosses
import LossLabMeasurement
import LossLabReductions
import Yams

/// The checks that look at a case as a whole (its inputs against its losses and axes), the
/// size limit on a file, and the lines of YAML syntax errors: everything the runner relies on
/// is refused here, at the boundary, with FILE:LINE, rather than trapped in the hot loop.
extension SpecParser {
  /// The most YAML nodes a spec may expand to, aliases counted at every use (an alias bomb
  /// expands 9^9-fold from a kilobyte).
  public static let nodeLimit = 100_000

  /// Refuses a file whose node tree, with every alias expanded, passes `nodeLimit`.
  func checkSize(_ root: Node) throws {
    var count = 0
    var stack = [root]
    while let node = stack.popLast() {
      count += 1
      if count > SpecParser.nodeLimit {
        throw fail(line(node), "the spec expands to more than \(SpecParser.nodeLimit) YAML values (an alias used too often?)")
      }
      switch node {
      case .mapping(let map):
        for (key, value) in map { stack.append(key); stack.append(value) }
      case .sequence(let items): stack.append(contentsOf: items)
      case .scalar, .alias: break
      }
    }
  }

  /// The inputs of one case against its losses and sweep axes: every input the losses read is
  /// there; sparse labels are whole numbers in 0..<classes for every class count; a `bernoulli`
  /// draws from an input generated before it; a fixed list of values in a sampled batch has one
  /// value, one row, or one value per element; a sampled case says how many points.
  func checkInputs(
    _ inputs: [InputName: InputGenerator], nodes: Node.Mapping, formulas: [Formula],
    batchSizes: [Int], classCounts: [Int], pointsGiven: Bool, at caseLine: Int
  ) throws {
    let shape = formulas[0].shape
    var order: [InputName] = [.yPred]
    if shape.usesTargets { order.append(.yTrue) }
    if shape.usesWeights { order.append(.weights) }
    func node(_ name: InputName) -> Node { nodes.first { $0.key.string == name.rawValue }!.value }
    for (name, generator) in inputs.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
      let at = line(node(name))
      guard let position = order.firstIndex(of: name) else {
        throw fail(line(node(name)), "inputs: '\(name.rawValue)' is not read by \(formulas[0].lossName) (it reads \(order.map(\.rawValue).joined(separator: ", ")))")
      }
      if case .bernoulli(let source, let logits) = generator {
        let key = logits ? "bernoulli-sigmoid" : "bernoulli"
        if source == name {
          throw fail(at, "\(name.rawValue): {\(key): \(source.rawValue)} draws from itself; draw from an input generated before it (y_pred, then y_true, then weights)")
        }
        guard let sourcePosition = order.firstIndex(of: source), inputs[source] != nil else {
          throw fail(at, "\(name.rawValue): {\(key): \(source.rawValue)} draws from an input this case does not have (it has \(order.map(\.rawValue).joined(separator: ", ")))")
        }
        guard sourcePosition < position else {
          throw fail(at, "\(name.rawValue): {\(key): \(source.rawValue)} draws from an input generated after it (the order is \(order.map(\.rawValue).joined(separator: ", ")))")
        }
        if shape.hasLabels, name == .yTrue {
          throw fail(at, "y_true: sparse labels come from a number, {values: [...]}, {sweep: [...]} or {class: random}, not from {\(key)}")
        }
      }
      if case .randomClass = generator, name != .yTrue {
        throw fail(at, "\(name.rawValue): {class: random} draws targets; give it to y_true")
      }
    }
    // A grid's points are the product of its inputs' lists: refuse one past any run's reach
    // (and past Int's, which would trap).
    let used = order.compactMap { inputs[$0] }
    if used.allSatisfy({ !$0.isRandom }), batchSizes == [1], classCounts == [1] {
      var total = 1
      for generator in used {
        let count = max(generator.valueCount(quickGridCount: nil) ?? 1, 1)
        let (product, overflow) = total.multipliedReportingOverflow(by: count)
        guard !overflow, product <= SpecParser.maxGridPoints else {
          throw fail(caseLine, "the grid has more than 10^12 points (the product of its inputs' values): no run would finish; give fewer values, or random inputs with points:")
        }
        total = product
      }
    }
    // A fixed batch is the same at every point (1 by default); random ones say how many.
    if inputs.values.contains(where: \.isRandom) && !pointsGiven {
      throw fail(caseLine, "a case with random inputs needs 'points': how many batches each row draws and measures")
    }
    if shape.hasLabels, let labels = inputs[.yTrue] {
      try checkLabels(labels, at: line(node(.yTrue)), classCounts: classCounts)
    }
    // Fixed lists in sampled batches: one value, one row of classes, or every element.
    for (name, generator) in inputs {
      guard let values = generator.explicitValues, values.count > 1 else { continue }
      for n in batchSizes {
        for classes in classCounts where n > 1 || classes > 1 || inputs.values.contains(where: \.isRandom) {
          let perRow = name == .weights || (name == .yTrue && shape.hasLabels)
          let elements = perRow ? n : n * classes
          let fits = values.count == elements || (!perRow && classes > 1 && values.count == classes)
          guard fits else {
            let wanted =
              perRow ? "\(n) (one per example)"
              : classes == 1 ? "\(elements) (n = \(n))"
              : n == 1 ? "\(classes) (one row of classes: \(classes))"
              : "\(classes) (one row) or \(elements) (n = \(n) rows of \(classes))"
            throw fail(line(node(name)), "\(name.rawValue): \(values.count) values where a batch takes 1 or \(wanted)")
          }
        }
      }
    }
  }

  /// Sparse labels: whole numbers in 0..<classes, for the smallest class count of the case.
  func checkLabels(_ generator: InputGenerator, at line: Int, classCounts: [Int]) throws {
    let classes = classCounts.min()!
    let values: [Double]
    switch generator {
    case .randomClass: return
    // Checked where the file is read (SpecParser.batchShape), with the file's name.
    case .file: return
    case .constant, .values, .sweep, .firstThen, .concatenation:
      values = generator.list(quickGridCount: nil)!
    case .grid, .uniform, .normal, .sigmoidNormal, .bitPatterns, .special, .exhaustive,
      .bernoulli, .decay:
      throw fail(line, "y_true: sparse labels come from a number, {values: [...]}, {sweep: [...]} or {class: random}")
    }
    for value in values where !(value == value.rounded() && value >= 0 && value < Double(classes)) {
      throw fail(line, "y_true: label \(formatted(value)) is not a class: labels are whole numbers in 0...\(classes - 1) (classes: \(classes))")
    }
  }

  /// Refuses a value listed twice (its line), named as `what`.
  func checkDistinct<T: Hashable>(_ items: [(T, Node)], _ what: String, shown: (T) -> String)
    throws
  {
    var seen = Set<T>()
    for (value, node) in items where !seen.insert(value).inserted {
      throw fail(line(node), "\(what) \(shown(value)) is listed twice")
    }
  }

  /// The line of a YAML syntax error: where the construct it is in began (an unterminated
  /// string's opening quote) when libyaml says, else the problem's mark; a reader error (a NUL
  /// byte, bad UTF-8) at its offset.
  func yamlLine(_ error: YamlError, in text: String) -> Int {
    switch error {
    case .scanner(let context, _, let mark, _), .parser(let context, _, let mark, _),
      .composer(let context, _, let mark, _):
      return context?.mark.line ?? mark.line
    case .duplicatedKeysInMapping(_, let context): return context.mark.line
    case .reader(_, let offset, _, _):
      guard let offset else { return 1 }
      return 1 + text.prefix(offset).filter { $0 == "\n" }.count
    case .no, .memory, .writer, .emitter, .representer, .dataCouldNotBeDecoded: return 1
    }
  }

  func yamlProblem(_ error: YamlError) -> String {
    switch error {
    case .scanner(let context, let problem, _, _), .parser(let context, let problem, _, _),
      .composer(let context, let problem, _, _):
      return (context.map { $0.text + ": " } ?? "") + problem
    case .duplicatedKeysInMapping(let duplicates, _):
      return "duplicate key \(duplicates.map { "'\($0)'" }.joined(separator: ", "))"
    case .reader(let problem, _, let value, _):
      return value == 0 ? "\(problem) (a NUL byte)" : "\(problem) (byte \(value))"
    case .no, .memory, .writer, .emitter, .representer, .dataCouldNotBeDecoded:
      return "\(error)".split(separator: "\n").first.map(String.init) ?? "invalid YAML"
    }
  }
}

extension InputGenerator {
  /// The values of an explicit list (`values:`, or a list of generators), nil for the rest.
  var explicitValues: [Double]? {
    switch self {
    case .values, .concatenation: list(quickGridCount: nil)
    case .constant, .grid, .uniform, .normal, .sigmoidNormal, .bitPatterns, .special,
      .exhaustive, .firstThen, .bernoulli, .randomClass, .decay, .sweep, .file:
      nil
    }
  }
}

/// A number for a message: whole numbers without a fraction.
func formatted(_ value: Double) -> String {
  value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : "\(value)"
}
