/// An expression with its names resolved, its functions chosen and its types known: what the
/// compiler turns into instructions. Every error a user can make is found while building it.
struct CheckedExpression: Sendable {
  indirect enum Kind: Sendable {
    case input(Input)
    /// The loss's parameter at this position of `parameterNames`.
    case parameter(Int)
    /// An integer literal: `T(integer:)`.
    case integer(Int)
    /// Any other literal, by its text: rounded by the caller, once.
    case literal(String)
    case unary(UnaryOperation, CheckedExpression)
    case binary(BinaryOperation, CheckedExpression, CheckedExpression)
    case clip(CheckedExpression, low: CheckedExpression, high: CheckedExpression)
    case comparison(Comparison, CheckedExpression, CheckedExpression)
    case select(CheckedExpression, CheckedExpression, CheckedExpression)
    case reduction(RowReduction, CheckedExpression)
    case rowFunction(RowFunction, CheckedExpression)
    /// `row[label]`.
    case index(CheckedExpression)
  }

  let kind: Kind
  /// A row of numbers (or of comparisons) rather than one.
  let isRow: Bool
  /// A comparison: only a select's condition.
  let isBoolean: Bool

  init(_ kind: Kind, isRow: Bool, isBoolean: Bool = false) {
    self.kind = kind
    self.isRow = isRow
    self.isBoolean = isBoolean
  }
}

/// Resolves a parsed expression for one shape and parameter list, and says precisely what is
/// wrong when it cannot: unknown names and functions (with the nearest valid one), argument
/// counts, rows where one number is needed and the reverse, comparisons outside select.
struct Checker {
  let source: String
  let shape: ExpressionShape
  let parameters: [String]
  let weights: Bool

  private func error(_ message: String, at column: Int) -> ExpressionError {
    ExpressionError(column: column, message: message, source: source)
  }

  /// The names an expression of this shape may use, for suggestions.
  private var validNames: [String] {
    shape.inputs.filter { weights || $0 != .weight }.map(\.rawValue) + parameters
  }

  /// Rejects parameter names a user could not write or could not tell from an input or function.
  /// The error points at the name's first use in `tokens`, or at column 1.
  static func checkParameters(
    _ parameters: [String], tokens: [Token], source: String
  ) throws(ExpressionError) {
    var seen: Set<String> = []
    for name in parameters {
      let column = tokens.first { $0.kind == .name(name) }?.column ?? 1
      func fail(_ message: String) -> ExpressionError {
        ExpressionError(column: column, message: message, source: source)
      }
      if Input(rawValue: name) != nil {
        throw fail("parameter '\(name)' has the name of an input: rename the parameter")
      }
      if Function(rawValue: name) != nil {
        throw fail("parameter '\(name)' has the name of a function: rename the parameter")
      }
      guard let first = name.first, first.isASCII, first.isLetter || first == "_",
        name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") })
      else {
        throw fail("parameter '\(name)' is not a name: use letters, digits and '_'")
      }
      guard seen.insert(name).inserted else { throw fail("parameter '\(name)' is given twice") }
    }
  }

  /// The whole loss: one number per example.
  func check(_ tree: SyntaxNode) throws(ExpressionError) -> CheckedExpression {
    let checked = try number(tree)
    if checked.isRow {
      throw error(
        "the loss must be one number per example: reduce the row with sum, mean, max or logsumexp",
        at: tree.column)
    }
    return checked
  }

  /// A number or row of numbers (not a comparison).
  private func number(_ node: SyntaxNode) throws(ExpressionError) -> CheckedExpression {
    let checked = try expression(node)
    if checked.isBoolean {
      throw error(
        "a comparison is not a number: it can only be the condition of select(c, a, b)",
        at: node.column)
    }
    return checked
  }

  private func expression(_ node: SyntaxNode) throws(ExpressionError) -> CheckedExpression {
    switch node.kind {
    case .number(let text):
      return CheckedExpression(Self.literal(text), isRow: false)
    case .name(let name):
      return try self.name(name, at: node.column)
    case .negate(let operand):
      let x = try number(operand)
      return CheckedExpression(.unary(.negate, x), isRow: x.isRow)
    case .arithmetic(.power, let base, let exponent):
      return try power(base, exponent)
    case .arithmetic(let op, let lhs, let rhs):
      let a = try number(lhs)
      let b = try number(rhs)
      let operation: BinaryOperation =
        switch op {
        case .add: .add
        case .subtract: .subtract
        case .multiply: .multiply
        case .divide: .divide
        case .power: .power
        }
      return CheckedExpression(.binary(operation, a, b), isRow: a.isRow || b.isRow)
    case .comparison(let comparison, let lhs, let rhs):
      let a = try number(lhs)
      let b = try number(rhs)
      return CheckedExpression(
        .comparison(comparison, a, b), isRow: a.isRow || b.isRow, isBoolean: true)
    case .call(let name, let arguments):
      return try call(name, arguments, at: node.column)
    case .index(let row, let index):
      return try self.index(row, index, at: node.column)
    }
  }

  /// An integer literal that fits in Int is `T(integer:)`; any other number goes to the
  /// caller's rounding as written.
  static func literal(_ text: String) -> CheckedExpression.Kind {
    if text.allSatisfy(\.isNumber), let value = Int(text) { return .integer(value) }
    let lower = text.lowercased()
    if lower.hasPrefix("0x"), !lower.contains("."), !lower.contains("p"),
      let value = Int(lower.dropFirst(2), radix: 16)
    {
      return .integer(value)
    }
    return .literal(text)
  }

  private func name(_ name: String, at column: Int) throws(ExpressionError) -> CheckedExpression {
    if let input = Input(rawValue: name) {
      switch (input, shape) {
      case (.label, .labels):
        throw error("'label' is a class index, not a number: use it as p[label]", at: column)
      case (.label, .elementwise), (.label, .rows):
        throw error(
          "'label' needs shape labels (this loss has shape \(shape.rawValue))", at: column)
      case (.weight, .elementwise) where !weights:
        throw error("'w' is the example's weight, and this loss has no weights", at: column)
      case (.weight, .rows), (.weight, .labels):
        throw error("'w' is the example's weight, which only an element-wise loss has", at: column)
      case (.target, .labels):
        throw error("a labels loss has no 'y': its target is the class index, p[label]", at: column)
      case (.target, .elementwise), (.target, .rows), (.prediction, _), (.weight, .elementwise):
        return CheckedExpression(.input(input), isRow: shape.hasRows)
      }
    }
    if let position = parameters.firstIndex(of: name) {
      return CheckedExpression(.parameter(position), isRow: false)
    }
    if Function(rawValue: name) != nil {
      throw error("'\(name)' is a function: write \(name)(…)", at: column)
    }
    if let near = Self.nearest(name, in: validNames) {
      throw error("unknown name '\(name)' (did you mean '\(near)'?)", at: column)
    }
    let list = validNames.map { "'\($0)'" }.joined(separator: ", ")
    throw error("unknown name '\(name)' (the names here are \(list))", at: column)
  }

  /// `base ^ exponent`. `2 ^ k` with integer k is the exact constant `0x1pk`. A literal exponent
  /// takes PyTorch's `pow_tensor_scalar` fast paths; anything else is `T.pow`.
  private func power(
    _ baseNode: SyntaxNode, _ exponentNode: SyntaxNode
  ) throws(ExpressionError) -> CheckedExpression {
    let base = try number(baseNode)
    let exponent = try number(exponentNode)
    let k = Self.literalValue(exponentNode)
    if case .number(let text) = baseNode.kind, case .integer(2) = Self.literal(text),
      let k, let power = Int(exactly: k)
    {
      return CheckedExpression(.literal("0x1p\(power)"), isRow: false)
    }
    if let k {
      let fastPath: UnaryOperation? =
        switch k {
        case 2: .square
        case 3: .cube
        case -1: .reciprocal
        case -2: .reciprocalOfSquare
        case 0: .powerOfZero
        case 0.5: .sqrt
        default: nil
        }
      if k == 1 { return base }
      if let fastPath { return CheckedExpression(.unary(fastPath, base), isRow: base.isRow) }
    }
    return CheckedExpression(.binary(.power, base, exponent), isRow: base.isRow || exponent.isRow)
  }

  /// The value of a literal, possibly negated (`-1`), as Python would read it; nil for anything
  /// that is not a literal.
  static func literalValue(_ node: SyntaxNode) -> Double? {
    switch node.kind {
    case .number(let text): Double(text)
    case .negate(let operand): literalValue(operand).map { -$0 }
    case .name, .arithmetic, .comparison, .call, .index: nil
    }
  }

  private func index(
    _ rowNode: SyntaxNode, _ indexNode: SyntaxNode, at column: Int
  ) throws(ExpressionError) -> CheckedExpression {
    let row = try number(rowNode)
    guard case .name("label") = indexNode.kind else {
      throw error("a row is indexed by the class index only: write [label]", at: indexNode.column)
    }
    guard shape == .labels else {
      throw error(
        "'label' needs shape labels (this loss has shape \(shape.rawValue))",
        at: indexNode.column)
    }
    guard row.isRow else {
      throw error("only a row can be indexed, and this is one number", at: column)
    }
    return CheckedExpression(.index(row), isRow: false)
  }

  private func call(
    _ name: String, _ argumentNodes: [SyntaxNode], at column: Int
  ) throws(ExpressionError) -> CheckedExpression {
    guard let function = Function(rawValue: name) else {
      if Input(rawValue: name) != nil || parameters.contains(name) {
        throw error("'\(name)' is not a function: write an operator before '('", at: column)
      }
      let names = Function.allCases.map(\.rawValue)
      let hint = Self.nearest(name, in: names).map { " (did you mean '\($0)'?)" } ?? ""
      throw error("unknown function '\(name)'\(hint)", at: column)
    }
    guard function.arities.contains(argumentNodes.count) else {
      throw error(
        "'\(name)' \(function.arityText), got \(argumentNodes.count)", at: column)
    }
    let isReduction: Bool =
      switch function {
      case .sum, .mean, .logsumexp, .softmax, .logSoftmax: true
      case .max: argumentNodes.count == 1
      case .exp, .expm1, .log, .log1p, .sqrt, .abs, .min, .clip, .pow, .sigmoid, .softplus,
        .logSigmoid, .tanh, .select:
        false
      }
    if isReduction && !shape.hasRows {
      throw error("'\(name)' needs rows: this loss is element-wise (write shape: rows)", at: column)
    }
    if function == .select {
      let condition = try expression(argumentNodes[0])
      guard condition.isBoolean else {
        throw error(
          "select's condition must be a comparison such as p > 0", at: argumentNodes[0].column)
      }
      let a = try number(argumentNodes[1])
      let b = try number(argumentNodes[2])
      return CheckedExpression(
        .select(condition, a, b), isRow: condition.isRow || a.isRow || b.isRow)
    }
    var arguments: [CheckedExpression] = []
    for node in argumentNodes { arguments.append(try number(node)) }
    let anyRow = arguments.contains { $0.isRow }
    if isReduction {
      guard anyRow else {
        throw error("'\(name)' reduces a row, and its argument is one number", at: column)
      }
      let kind: CheckedExpression.Kind =
        switch function {
        case .softmax: .rowFunction(.softmax, arguments[0])
        case .logSoftmax: .rowFunction(.logSoftmax, arguments[0])
        case .sum: .reduction(.sum, arguments[0])
        case .mean: .reduction(.mean, arguments[0])
        case .logsumexp: .reduction(.logSumExp, arguments[0])
        case .max: .reduction(.max, arguments[0])
        case .exp, .expm1, .log, .log1p, .sqrt, .abs, .min, .clip, .pow, .sigmoid, .softplus,
          .logSigmoid, .tanh, .select:
          preconditionFailure("only the row functions reduce")
        }
      let isRow = if case .rowFunction = kind { true } else { false }
      return CheckedExpression(kind, isRow: isRow)
    }
    let kind: CheckedExpression.Kind =
      switch function {
      case .exp: .unary(.exp, arguments[0])
      case .expm1: .unary(.expMinusOne, arguments[0])
      case .log: .unary(.log, arguments[0])
      case .log1p: .unary(.logOnePlus, arguments[0])
      case .sqrt: .unary(.sqrt, arguments[0])
      case .abs: .unary(.magnitude, arguments[0])
      case .sigmoid: .unary(.sigmoid, arguments[0])
      case .softplus: .unary(.softplus, arguments[0])
      case .logSigmoid: .unary(.logSigmoid, arguments[0])
      case .tanh: .unary(.tanh, arguments[0])
      case .min: .binary(.smaller, arguments[0], arguments[1])
      case .max: .binary(.larger, arguments[0], arguments[1])
      case .pow: .binary(.power, arguments[0], arguments[1])
      case .clip: .clip(arguments[0], low: arguments[1], high: arguments[2])
      case .select, .sum, .mean, .logsumexp, .softmax, .logSoftmax:
        preconditionFailure("select and the row functions are handled above")
      }
    return CheckedExpression(kind, isRow: anyRow)
  }

  /// The candidate closest to `name` by edit distance, if it is close enough to be a typo: one
  /// edit for names up to 4 characters, two beyond, and never all of the name.
  static func nearest(_ name: String, in candidates: [String]) -> String? {
    let allowed = name.count > 4 ? 2 : 1
    var best: (name: String, distance: Int)? = nil
    for candidate in candidates {
      let d = editDistance(name, candidate)
      if d <= allowed, d < name.count, d < (best?.distance ?? .max) { best = (candidate, d) }
    }
    return best?.name
  }
}
