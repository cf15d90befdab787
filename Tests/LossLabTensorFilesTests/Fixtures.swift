import Foundation

/// The files numpy, ml_dtypes and safetensors write for these tests (write_fixtures.py, run
/// once per test process into a temporary folder), and the values they hold as Python reads
/// them.
///
/// The interpreter is `$LOSSLAB_TENSORFILES_PYTHON`, else the virtualenv `make
/// tensorfiles-venv` creates at `.build/tensorfiles-venv/bin/python` in the package root.
enum Fixtures {
  struct Missing: Error, CustomStringConvertible {
    var description: String
  }

  /// One readable file of manifest.json: what LossLab should read from it.
  struct Expected: Decodable {
    var file: String
    var tensor: String?
    var hint: String?
    var dtype: String
    var shape: [Int]
    /// float.hex of each value, or inf, -inf, nan.
    var values: [String]
  }

  struct Manifest: Decodable {
    var versions: [String: String]
    var files: [Expected]
  }

  static let testsDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
  static let packageRoot = testsDirectory.deletingLastPathComponent().deletingLastPathComponent()

  static var python: String {
    ProcessInfo.processInfo.environment["LOSSLAB_TENSORFILES_PYTHON"]
      ?? packageRoot.appendingPathComponent(".build/tensorfiles-venv/bin/python").path
  }

  /// The folder of files, written on first use.
  static let written: Result<String, Missing> = Result { try write() }.mapError {
    $0 as? Missing ?? Missing(description: "\($0)")
  }

  static var directory: String { get throws { try written.get() } }

  static func path(_ name: String) throws -> String {
    (try directory as NSString).appendingPathComponent(name)
  }

  static func manifest() throws -> Manifest {
    let data = try Data(contentsOf: URL(fileURLWithPath: try path("manifest.json")))
    return try JSONDecoder().decode(Manifest.self, from: data)
  }

  static func write() throws -> String {
    let hint = "run `make tensorfiles-venv` (or set LOSSLAB_TENSORFILES_PYTHON to a python with numpy, ml_dtypes and safetensors)"
    guard FileManager.default.isExecutableFile(atPath: python) else {
      throw Missing(description: "no \(python); \(hint)")
    }
    let directory = FileManager.default.temporaryDirectory
      .appendingPathComponent("losslab-tensorfiles-\(getpid())").path
    atexit {
      let directory = FileManager.default.temporaryDirectory
        .appendingPathComponent("losslab-tensorfiles-\(getpid())").path
      try? FileManager.default.removeItem(atPath: directory)
    }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: python)
    process.arguments = [testsDirectory.appendingPathComponent("write_fixtures.py").path, directory]
    let errors = Pipe()
    process.standardError = errors
    try process.run()
    let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
      let last = message.split(separator: "\n").last.map(String.init) ?? ""
      throw Missing(description: "write_fixtures.py failed (\(last)); \(hint)")
    }
    return directory
  }
}
