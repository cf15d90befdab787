/// An expression as parsed, before names are resolved: what the user wrote and where.
struct SyntaxNode: Sendable {
  indirect enum Kind: Sendable {
    /// A number literal, its text as written.
    case number(String)
    case name(String)
    /// `-operand`.
    case negate(SyntaxNode)
    case arithmetic(ArithmeticOperator, SyntaxNode, SyntaxNode)
    case comparison(Comparison, SyntaxNode, SyntaxNode)
    /// `name(arguments…)`.
    case call(String, [SyntaxNode])
    /// `row[index]`.
    case index(SyntaxNode, SyntaxNode)
  }

  let kind: Kind
  /// The column of the node's own token: the operator of an operation, the name of a call, the
  /// bracket of an index, the first character of a literal or name.
  let column: Int
}

/// The arithmetic operators, by the symbol the user writes.
enum ArithmeticOperator: String, Sendable {
  case add = "+"
  case subtract = "-"
  case multiply = "*"
  case divide = "/"
  case power = "^"
}
