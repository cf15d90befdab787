import Foundation

/// Runs TensorBoard's own `EventAccumulator` (read_events.py) on a log directory.
///
/// The interpreter is `$LOSSLAB_PYTHON`, else the virtualenv `make tensorboard-reader` creates at
/// `.build/tensorboard-venv/bin/python` in the package root.
enum TensorBoardReader {
  struct Missing: Error, CustomStringConvertible {
    var description: String
  }

  static let testsDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
  static let packageRoot = testsDirectory.deletingLastPathComponent().deletingLastPathComponent()

  static var python: String {
    ProcessInfo.processInfo.environment["LOSSLAB_PYTHON"]
      ?? packageRoot.appendingPathComponent(".build/tensorboard-venv/bin/python").path
  }

  /// `{run: {"scalars": {tag: [[step, value]]}, "histograms": {tag: [[step, num, limits,
  /// counts]]}, "descriptions": {tag: text}}}`.
  static func read(_ logdir: String) throws -> [String: Any] {
    let hint = "run `make tensorboard-reader` (or set LOSSLAB_PYTHON to a python with tensorboard)"
    guard FileManager.default.isExecutableFile(atPath: python) else {
      throw Missing(description: "TensorBoard reader missing: no \(python); \(hint)")
    }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: python)
    process.arguments = [testsDirectory.appendingPathComponent("read_events.py").path, logdir]
    let output = Pipe()
    let errors = Pipe()
    process.standardOutput = output
    process.standardError = errors
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
      let last = message.split(separator: "\n").last.map(String.init) ?? ""
      throw Missing(description: "TensorBoard reader failed (\(last)); \(hint)")
    }
    return try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
  }
}
