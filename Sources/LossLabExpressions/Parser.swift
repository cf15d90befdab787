/// Recursive descent over the tokens, lowest precedence first:
///
///     comparison := additive (('<' | '<=' | '>' | '>=' | '==' | '!=') additive)?
///     additive   := term (('+' | '-') term)*
///     term       := unary (('*' | '/') unary)*
///     unary      := '-' unary | power
///     power      := postfix ('^' exponent)?          right-associative
///     exponent   := '-' exponent | power
///     postfix    := primary ('[' comparison ']')*
///     primary    := number | name | name '(' arguments ')' | '(' comparison ')'
///
/// So `^` binds tighter than unary minus (`-x^2` is `-(x^2)`, as in Python and maths) but takes a
/// signed exponent (`x^-1`), and comparisons do not chain (`a < b < c` is an error).
struct Parser {
  private let tokens: [Token]
  private let source: String
  private var position = 0

  static func parse(_ tokens: [Token], source: String) throws(ExpressionError) -> SyntaxNode {
    var parser = Parser(tokens: tokens, source: source)
    let tree = try parser.comparison()
    let rest = parser.current
    switch rest.kind {
    case .end:
      return tree
    case .symbol(")"):
      throw parser.error("this ')' closes nothing", at: rest)
    case .number, .name, .symbol:
      throw parser.error("expected an operator before '\(rest.text)'", at: rest)
    }
  }

  private init(tokens: [Token], source: String) {
    self.tokens = tokens
    self.source = source
  }

  private var current: Token { tokens[position] }

  private func error(_ message: String, at token: Token) -> ExpressionError {
    ExpressionError(column: token.column, message: message, source: source)
  }

  /// Consumes the current token if it is the symbol `symbol`.
  private mutating func take(_ symbol: String) -> Token? {
    guard current.kind == .symbol(symbol) else { return nil }
    defer { position += 1 }
    return current
  }

  private mutating func expect(_ symbol: String) throws(ExpressionError) {
    guard take(symbol) != nil else { throw error("expected '\(symbol)' here", at: current) }
  }

  private mutating func comparison() throws(ExpressionError) -> SyntaxNode {
    let lhs = try additive()
    guard case .symbol(let op) = current.kind, let comparison = Comparison(rawValue: op) else {
      return lhs
    }
    let token = current
    position += 1
    let rhs = try additive()
    if case .symbol(let next) = current.kind, Comparison(rawValue: next) != nil {
      throw error(
        "comparisons do not chain: compare two numbers, as the condition of select", at: current)
    }
    return SyntaxNode(kind: .comparison(comparison, lhs, rhs), column: token.column)
  }

  private mutating func additive() throws(ExpressionError) -> SyntaxNode {
    var lhs = try term()
    while let token = take("+") ?? take("-") {
      let op: ArithmeticOperator = token.text == "+" ? .add : .subtract
      lhs = SyntaxNode(kind: .arithmetic(op, lhs, try term()), column: token.column)
    }
    return lhs
  }

  private mutating func term() throws(ExpressionError) -> SyntaxNode {
    var lhs = try unary()
    while let token = take("*") ?? take("/") {
      let op: ArithmeticOperator = token.text == "*" ? .multiply : .divide
      lhs = SyntaxNode(kind: .arithmetic(op, lhs, try unary()), column: token.column)
    }
    return lhs
  }

  private mutating func unary() throws(ExpressionError) -> SyntaxNode {
    if let token = take("-") {
      return SyntaxNode(kind: .negate(try unary()), column: token.column)
    }
    return try power()
  }

  private mutating func power() throws(ExpressionError) -> SyntaxNode {
    let base = try postfix()
    guard let token = take("^") else { return base }
    return SyntaxNode(kind: .arithmetic(.power, base, try exponent()), column: token.column)
  }

  private mutating func exponent() throws(ExpressionError) -> SyntaxNode {
    if let token = take("-") {
      return SyntaxNode(kind: .negate(try exponent()), column: token.column)
    }
    return try power()
  }

  private mutating func postfix() throws(ExpressionError) -> SyntaxNode {
    var node = try primary()
    while let token = take("[") {
      let index = try comparison()
      try expect("]")
      node = SyntaxNode(kind: .index(node, index), column: token.column)
    }
    return node
  }

  private mutating func primary() throws(ExpressionError) -> SyntaxNode {
    let token = current
    switch token.kind {
    case .number(let text):
      position += 1
      return SyntaxNode(kind: .number(text), column: token.column)
    case .name(let name):
      position += 1
      guard take("(") != nil else { return SyntaxNode(kind: .name(name), column: token.column) }
      var arguments: [SyntaxNode] = []
      if take(")") == nil {
        repeat { arguments.append(try comparison()) } while take(",") != nil
        try expect(")")
      }
      return SyntaxNode(kind: .call(name, arguments), column: token.column)
    case .symbol("("):
      position += 1
      let inner = try comparison()
      try expect(")")
      return inner
    case .symbol, .end:
      throw error("expected a number, a name or '(' here", at: token)
    }
  }
}
