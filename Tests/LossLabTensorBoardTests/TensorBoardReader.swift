import Foundation

/// Runs TensorBoard's own `EventAccumulator` (read_events.py) on a log directory.
///
/// The interpreter is `$LOSSLAB_PYTHON`, else the virtualenv `make tensorboard-reader` creates at
/// `.build/tensorboard-venv/bin/python` in the package root.
enum TensorBoardReader {
  struct Failure: Error, CustomStringConvertible {
    var description: String
  }

  static let testsDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
  static let packageRoot = testsDirectory.deletingLastPathComponent().deletingLastPathComponent()

  static var python: String {
    ProcessInfo.processInfo.environment["LOSSLAB_PYTHON"]
      ?? packageRoot.appendingPathComponent(".build/tensorboard-venv/bin/python").path
  }

  /// One run as TensorBoard's data provider serves it to the dashboards.
  struct Run {
    var scalars: [String: [(step: Int64, value: Double, wallTime: Double)]] = [:]
    /// Each step's buckets as `[left, right, count]`, after TensorBoard's own conversion of `histo`.
    var histograms: [String: [(step: Int64, buckets: [[Double]])]] = [:]
    var texts: [String: [(step: Int64, text: String)]] = [:]
    var descriptions: [String: String] = [:]
  }

  /// The runs of `logdir` by name, read by read_events.py.
  static func read(_ logdir: String) throws -> [String: Run] {
    try readJSON(logdir).mapValues { entry in
      let run = entry as? [String: Any] ?? [:]
      var read = Run()
      for (tag, points) in run["scalars"] as? [String: [[Any]]] ?? [:] {
        read.scalars[tag] = try points.map { (try step($0[0]), try number($0[1]), try number($0[2])) }
      }
      for (tag, points) in run["histograms"] as? [String: [[Any]]] ?? [:] {
        read.histograms[tag] = try points.map { point in
          (try step(point[0]), try (point[1] as? [[Any]] ?? []).map { try $0.map(number) })
        }
      }
      for (tag, points) in run["texts"] as? [String: [[Any]]] ?? [:] {
        read.texts[tag] = try points.map { (try step($0[0]), $0[1] as? String ?? "") }
      }
      read.descriptions = run["descriptions"] as? [String: String] ?? [:]
      return read
    }
  }

  /// A JSON number, or read_events.py's "nan", "inf" and "-inf"; anything else is an error.
  private static func number(_ value: Any) throws -> Double {
    if let x = value as? Double { return x }
    switch value as? String {
    case "nan": return .nan
    case "inf": return .infinity
    case "-inf": return -.infinity
    default: throw Failure(description: "TensorBoard reader: \(value) is not a number")
    }
  }

  private static func step(_ value: Any) throws -> Int64 { Int64(try number(value)) }

  private static func readJSON(_ logdir: String) throws -> [String: Any] {
    let hint = "run `make tensorboard-reader` (or set LOSSLAB_PYTHON to a python with tensorboard)"
    guard FileManager.default.isExecutableFile(atPath: python) else {
      throw Failure(description: "TensorBoard reader missing: no \(python); \(hint)")
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
      throw Failure(description: "TensorBoard reader failed (\(last)); \(hint)")
    }
    return try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
  }
}
