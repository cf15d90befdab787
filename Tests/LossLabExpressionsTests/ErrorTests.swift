import LossLabExpressions
import Testing

/// An expression that must not compile, the column the error points at and its message.
struct BadExpression: Sendable, CustomStringConvertible {
  let source: String
  var shape = ExpressionShape.elementwise
  var parameters: [String] = []
  var weights = false
  let column: Int
  let message: String

  var description: String { "\(shape): \(source)" }
}

let badExpressions: [BadExpression] = [
  // Syntax.
  BadExpression(source: "log(p", column: 6, message: "expected ')' here"),
  BadExpression(source: "(y - p", column: 7, message: "expected ')' here"),
  BadExpression(source: "y - ", column: 5, message: "expected a number, a name or '(' here"),
  BadExpression(source: "", column: 1, message: "expected a number, a name or '(' here"),
  BadExpression(source: "y p", column: 3, message: "expected an operator before 'p'"),
  BadExpression(source: "y - p)", column: 6, message: "this ')' closes nothing"),
  BadExpression(source: "y $ p", column: 3, message: "unexpected character '$'"),
  BadExpression(
    source: "y = p", column: 3,
    message: "unexpected '=': comparisons are written ==, !=, <, <=, >, >="),
  BadExpression(
    source: "2p", column: 2, message: "a number cannot run into 'p': write an operator between them"
  ),
  BadExpression(source: "1e-", column: 4, message: "expected the exponent's digits after 'e'"),
  BadExpression(
    source: "select(0 < y < 1, y, p)", column: 14,
    message: "comparisons do not chain: compare two numbers, as the condition of select"),
  // Unknown functions and names.
  BadExpression(
    source: "-y * lg(p)", column: 6, message: "unknown function 'lg' (did you mean 'log'?)"),
  BadExpression(source: "frobnicate(p)", column: 1, message: "unknown function 'frobnicate'"),
  BadExpression(
    source: "-alpha * (1 - p)^gama * log(p)", parameters: ["alpha", "gamma"], column: 18,
    message: "unknown name 'gama' (did you mean 'gamma'?)"),
  BadExpression(
    source: "y - q", parameters: ["alpha"], column: 5,
    message: "unknown name 'q' (the names here are 'y', 'p', 'alpha')"),
  BadExpression(source: "exp + p", column: 1, message: "'exp' is a function: write exp(…)"),
  BadExpression(
    source: "y(p)", column: 1, message: "'y' is not a function: write an operator before '('"),
  // Argument counts.
  BadExpression(source: "clip(p, 0)", column: 1, message: "'clip' takes 3 arguments, got 2"),
  BadExpression(source: "y * log(p, 2)", column: 5, message: "'log' takes 1 argument, got 2"),
  BadExpression(
    source: "max(y, p, 0)", column: 1,
    message: "'max' takes 1 argument (a row) or 2 arguments, got 3"),
  // Rows where the loss has none, and rows where one number is needed.
  BadExpression(
    source: "1 - sum(y * p)", column: 5,
    message: "'sum' needs rows: this loss is element-wise (write shape: rows)"),
  BadExpression(
    source: "y + max(p)", column: 5,
    message: "'max' needs rows: this loss is element-wise (write shape: rows)"),
  BadExpression(
    source: "-y * log_softmax(p)", shape: .rows, column: 4,
    message:
      "the loss must be one number per example: reduce the row with sum, mean, max or logsumexp"),
  BadExpression(
    source: "sum(alpha)", shape: .rows, parameters: ["alpha"], column: 1,
    message: "'sum' reduces a row, and its argument is one number"),
  // Inputs the shape does not have.
  BadExpression(
    source: "-log(p[label])", column: 8,
    message: "'label' needs shape labels (this loss has shape elementwise)"),
  BadExpression(
    source: "sum(y) - label", shape: .rows, column: 10,
    message: "'label' needs shape labels (this loss has shape rows)"),
  BadExpression(
    source: "logsumexp(p) - label", shape: .labels, column: 16,
    message: "'label' is a class index, not a number: use it as p[label]"),
  BadExpression(
    source: "logsumexp(p) - y[label]", shape: .labels, column: 16,
    message: "a labels loss has no 'y': its target is the class index, p[label]"),
  BadExpression(
    source: "logsumexp(p) - p[0]", shape: .labels, column: 18,
    message: "a row is indexed by the class index only: write [label]"),
  BadExpression(
    source: "logsumexp(p) - logsumexp(p)[label]", shape: .labels, column: 28,
    message: "only a row can be indexed, and this is one number"),
  BadExpression(
    source: "w * (y - p)^2", column: 1,
    message: "'w' is the example's weight, and this loss has no weights"),
  BadExpression(
    source: "sum(w * y)", shape: .rows, column: 5,
    message: "'w' is the example's weight, which only an element-wise loss has"),
  // Comparisons and numbers in each other's places.
  BadExpression(
    source: "(y > p) * p", column: 4,
    message: "a comparison is not a number: it can only be the condition of select(c, a, b)"),
  BadExpression(
    source: "y < p", column: 3,
    message: "a comparison is not a number: it can only be the condition of select(c, a, b)"),
  BadExpression(
    source: "select(y - p, y, p)", column: 10,
    message: "select's condition must be a comparison such as p > 0"),
  // Parameters named like an input or a function.
  BadExpression(
    source: "y * p", parameters: ["p"], column: 5,
    message: "parameter 'p' has the name of an input: rename the parameter"),
  BadExpression(
    source: "y * p", parameters: ["label"], column: 1,
    message: "parameter 'label' has the name of an input: rename the parameter"),
  BadExpression(
    source: "y * exp(p)", parameters: ["exp"], column: 5,
    message: "parameter 'exp' has the name of a function: rename the parameter"),
  BadExpression(
    source: "y * p", parameters: ["a b"], column: 1,
    message: "parameter 'a b' is not a name: use letters, digits and '_'"),
]

@Suite("Every error is found before evaluation and points at its column")
struct ErrorTests {
  @Test(
    "Each bad expression is rejected with its message, at its column", arguments: badExpressions)
  func rejected(bad: BadExpression) {
    #expect(
      throws: ExpressionError(column: bad.column, message: bad.message, source: bad.source)
    ) {
      try ExpressionProgram.compile(
        bad.source, shape: bad.shape, parameters: bad.parameters, weights: bad.weights)
    }
  }

  @Test("The rendered error puts a caret under the column")
  func caret() {
    let error = ExpressionError(column: 6, message: "unknown function 'lg'", source: "-y * lg(p)")
    #expect(error.pointingAtColumn() == "-y * lg(p)\n     ^")
  }
}
