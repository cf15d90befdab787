/// What is wrong with a loss expression, and where: every syntax, name, type and shape error is
/// found before anything is evaluated.
///
/// `column` counts characters of `source` from 1; a column one past the end means "here the
/// expression ended too early".
public struct ExpressionError: Error, Sendable, Equatable, CustomStringConvertible {
  /// 1-based column of the offending token in `source`.
  public let column: Int
  /// What was wrong and, where it helps, what would be right.
  public let message: String
  /// The expression as written.
  public let source: String

  public init(column: Int, message: String, source: String) {
    self.column = column
    self.message = message
    self.source = source
  }

  /// Two lines: the expression, and a caret under the offending column.
  ///
  ///     -alpha * (1 - p)^gama * log(p)
  ///                       ^
  public func pointingAtColumn() -> String {
    source + "\n" + String(repeating: " ", count: max(column - 1, 0)) + "^"
  }

  public var description: String { "column \(column): \(message)" }
}
