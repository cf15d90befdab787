/// A problem in an experiment file, reported as `FILE:LINE: message` before any work is done.
public struct SpecError: Error, CustomStringConvertible, Sendable {
  public var file: String
  public var line: Int
  /// The column, where the problem is inside a value (an expression).
  public var column: Int?
  public var message: String

  public init(file: String, line: Int, column: Int? = nil, _ message: String) {
    self.file = file
    self.line = line
    self.column = column
    self.message = message
  }

  public var description: String {
    "\(file):\(line):" + (column.map { "\($0):" } ?? "") + " \(message)"
  }
}
