import ArgumentParser
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// `losslab`: is my loss right in Float16, bfloat16, Float32, and when does it break?
@main
struct LossLabCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "losslab",
    abstract: "Measure ML losses in Float16, bfloat16, Float32 and Float64 against an exact MPFR reference.",
    discussion: """
      Every loss and reduction is written once, generically, and runs in each format. The \
      reference is GNU MPFR, certified and adaptive (each figure provably the same at both \
      ends of the reference's error ball, 128 to 4096 bits; --precision fixes it). Start with \
      `losslab list`, then e.g.
        losslab eval --loss bce --formula keras --y-true 1 --y-pred 1e-8
      """,
    subcommands: [
      EvalCommand.self, RunCommand.self, MergeCommand.self, SlurmCommand.self, CompareCommand.self,
      ListCommand.self,
    ]
  )

  /// Parses and runs; every error becomes one line on stderr (followed by the expression and a
  /// caret when the error is inside one) and exit status 2.
  static func main() {
    do {
      var command = try parseAsRoot()
      try command.run()
    } catch let status as ExitCode {
      Glibc.exit(status.rawValue)  // compare: 1 when something got worse
    } catch {
      let code = exitCode(for: error)
      if code == .success {
        exit(withError: error)  // --help, --version
      }
      let lines = fullMessage(for: error).split(separator: "\n").map(String.init)
      let message = lines.first ?? "\(error)"
      let line = message.hasPrefix("Error: ") ? String(message.dropFirst(7)) : message
      // An error inside an expression shows it, with a caret under the spot ("  | " lines).
      let excerpt = lines.dropFirst().prefix { $0.hasPrefix("  | ") }
      FileHandle.standardError.write(
        Data((["losslab: \(line)"] + excerpt).map { $0 + "\n" }.joined().utf8))
      Glibc.exit(2)
    }
  }
}
