import Foundation

/// Runs the built `losslab` binary (beside the test bundle) and captures what it prints.
struct LossLabRun {
  var status: Int32
  var stdout: String
  var stderr: String

  static var binary: URL {
    // The test bundle lives in .build/<config>/; the executable is built beside it.
    var directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    while !FileManager.default.fileExists(atPath: directory.appendingPathComponent("losslab").path),
      directory.path != "/"
    {
      directory.deleteLastPathComponent()
    }
    return directory.appendingPathComponent("losslab")
  }

  /// Runs `executable` (default: losslab) with `arguments`, and `environment` added to this
  /// process's environment.
  init(
    _ arguments: [String], currentDirectory: URL? = nil, executable: URL = LossLabRun.binary,
    environment: [String: String] = [:]
  ) throws {
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    if !environment.isEmpty {
      process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
    }
    if let currentDirectory { process.currentDirectoryURL = currentDirectory }
    let out = Pipe(), err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    let errData = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    status = process.terminationStatus
    stdout = String(decoding: outData, as: UTF8.self)
    stderr = String(decoding: errData, as: UTF8.self)
  }
}

/// The words of a POSIX shell command line with plain words and single-quoted strings (what
/// the tables' `worst_input` commands contain), e.g. `eval --expr 'a * b'` → ["eval",
/// "--expr", "a * b"].
func shellWords(_ line: String) -> [String] {
  var words: [String] = [], word = "", quoted = false, inWord = false
  for character in line {
    if quoted {
      if character == "'" { quoted = false } else { word.append(character) }
    } else if character == "'" {
      quoted = true
      inWord = true
    } else if character == " " {
      if inWord { words.append(word) }
      word = ""
      inWord = false
    } else {
      word.append(character)
      inWord = true
    }
  }
  if inWord { words.append(word) }
  return words
}
