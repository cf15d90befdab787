/// Bad input to a comparison: one line naming the file (and line) and what would be valid.
public struct CompareError: Error, CustomStringConvertible, Sendable {
  public var description: String

  public init(_ description: String) { self.description = description }

  init(_ path: String, line: Int? = nil, _ message: String) {
    description = line.map { "\(path):\($0): \(message)" } ?? "\(path): \(message)"
  }
}
