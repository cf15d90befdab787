/// A problem in an experiment file, reported as `FILE:LINE: message` before any work is done.
public struct SpecError: Error, CustomStringConvertible, Sendable {
  public var file: String
  public var line: Int
  public var message: String

  public init(file: String, line: Int, _ message: String) {
    self.file = file
    self.line = line
    self.message = message
  }

  public var description: String { "\(file):\(line): \(message)" }
}
