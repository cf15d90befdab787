import Foundation
import Testing

/// `losslab eval` on files numpy, ml_dtypes and safetensors wrote (write_fixtures.py of the
/// LossLabTensorFiles tests, run with the venv of `make tensorfiles-venv`).
@Suite("losslab eval with files")
struct EvalFileTests {
  static let packageRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

  /// The folder of fixture files, written once per test process.
  static let fixtures: Result<URL, EvalFileError> = Result {
    let python = ProcessInfo.processInfo.environment["LOSSLAB_TENSORFILES_PYTHON"]
      ?? packageRoot.appendingPathComponent(".build/tensorfiles-venv/bin/python").path
    let directory = FileManager.default.temporaryDirectory
      .appendingPathComponent("losslab-eval-files-\(getpid())")
    let script = packageRoot.appendingPathComponent("Tests/LossLabTensorFilesTests/write_fixtures.py")
    let run = try LossLabRun(
      [script.path, directory.path], executable: URL(fileURLWithPath: python))
    guard run.status == 0 else {
      throw EvalFileError(description: "write_fixtures.py failed: \(run.stderr); run `make tensorfiles-venv`")
    }
    atexit {
      try? FileManager.default.removeItem(
        at: FileManager.default.temporaryDirectory.appendingPathComponent("losslab-eval-files-\(getpid())"))
    }
    return directory
  }.mapError { $0 as? EvalFileError ?? EvalFileError(description: "\($0); run `make tensorfiles-venv`") }

  /// losslab with `arguments`, in the fixtures' folder.
  static func eval(_ arguments: [String]) throws -> LossLabRun {
    try LossLabRun(["eval"] + arguments, currentDirectory: try fixtures.get())
  }

  /// The values of `file` as exact hex floats, comma-separated (Python's float.hex).
  static func hexValues(_ file: String, tensor: String? = nil) throws -> String {
    let data = try Data(contentsOf: try fixtures.get().appendingPathComponent("manifest.json"))
    let manifest = try JSONSerialization.jsonObject(with: data) as? [String: Any]
    let files = manifest?["files"] as? [[String: Any]] ?? []
    let entry = try #require(files.first { $0["file"] as? String == file && $0["tensor"] as? String == tensor })
    return (entry["values"] as? [String] ?? []).joined(separator: ",")
  }

  @Test("Files give the same output as their values typed on the command line", arguments: [
    ["--loss", "sparse-cce-logits", "--formula", "naive"],
    ["--loss", "sparse-cce-logits", "--json", "--profile", "all"],
  ])
  func sameAsValues(_ options: [String]) throws {
    let files = try Self.eval(
      options + ["--y-pred-file", "model.safetensors:logits", "--y-true-file", "model.safetensors:labels"])
    let values = try Self.eval(
      options + ["--classes", "3", "--y-pred", try Self.hexValues("model.safetensors", tensor: "logits"),
      "--y-true", "2,0,1,1"])
    #expect(files.status == 0 && values.status == 0)
    #expect(files.stdout == values.stdout)
    #expect(!files.stdout.contains("not a binary64"), "a file's values are binary64 already")
  }

  @Test("Weights from a file: one per row, as typed; a 2-D CSV is not")
  func weights() throws {
    let options = ["--loss", "weighted-mse", "--y-pred-file", "float32-2d.npy", "--y-true-file", "float32-2d.npy"]
    let files = try Self.eval(options + ["--weights-file", "float64.npy", "--json"])
    let typed = try Self.eval(options + ["--weights", try Self.hexValues("float64.npy"), "--json"])
    #expect(files.status == 0 && files.stdout == typed.stdout)
    let csv = try Self.eval(options + ["--weights-file", "savetxt.csv"])
    #expect(csv.status == 2)
    #expect(csv.stderr == "losslab: savetxt.csv: shape (4, 3): expected a 1-D array, one of the weights per row\n")
  }

  @Test("bfloat16 from ml_dtypes reads with --npy-bfloat16 as its values typed")
  func bfloat16() throws {
    let brain = try Self.eval([
      "--loss", "mae", "--y-pred-file", "bfloat16.npy", "--npy-bfloat16", "--y-true",
      Array(repeating: "0", count: 8).joined(separator: ","), "--format", "float32",
    ])
    let typed = try Self.eval([
      "--loss", "mae", "--y-pred", try Self.hexValues("bfloat16.npy"), "--y-true",
      Array(repeating: "0", count: 8).joined(separator: ","), "--format", "float32",
    ])
    #expect(brain.status == 0 && brain.stdout == typed.stdout)
  }

  /// (arguments, the one line on stderr).
  static let badArguments: [([String], String)] = [
    (["--loss", "mse", "--y-pred", "1", "--y-pred-file", "float64.npy", "--y-true", "0"],
     "--y-pred-file: give either --y-pred or --y-pred-file, not both"),
    (["--loss", "mse", "--y-true", "0"], "--y-pred: missing; give values or --y-pred-file FILE"),
    (["--loss", "sparse-cce-logits", "--y-pred-file", "model.safetensors:logit", "--y-true", "0"],
     "model.safetensors: no tensor 'logit' (tensors: brain, double, flags, half, int16, int32, labels, logits, uint8)"),
    (["--loss", "sparse-cce-logits", "--y-pred-file", "logits-4095x10.npy", "--y-true-file", "labels-range.npy"],
     "labels-range.npy: expected 4095 labels (one per row), found 3"),
    (["--loss", "sparse-cce-logits", "--classes", "10", "--y-pred-file", "float32-3d.npy", "--y-true-file", "labels-range.npy"],
     "float32-3d.npy: shape (2, 3, 4) has rows of 4 values, expected 10 classes"),
    (["--loss", "sparse-cce-logits", "--y-pred-file", "float32-2d.npy", "--y-true-file", "labels-nan.npy"],
     "labels-nan.npy: expected 5 labels (one per row), found 3"),
    (["--loss", "sparse-cce-logits", "--classes", "13", "--y-pred-file", "int32.npy", "--y-true-file", "labels-range.npy"],
     "int32.npy: 4 values are not rows of 13"),
    (["--loss", "sparse-cce", "--y-pred-file", "logits-4095x10.npy", "--y-true-file", "bad-int64-beyond.npy"],
     "bad-int64-beyond.npy: int64 value 9007199254740993 at index 1 is beyond 2^53, where a binary64 no longer holds every integer"),
    (["--loss", "mse", "--y-pred-file", "float32-2d.npy", "--y-true-file", "float64.npy"],
     "float64.npy: expected 5 rows of 4 (20 values), found 5"),
    (["--loss", "mse", "--y-pred-file", "bfloat16.npy", "--y-true", "0"],
     "bfloat16.npy: dtype <V2 is 2 raw bytes per value, which is how ml_dtypes saves bfloat16: say it is bfloat16 (dtype: bfloat16 in a spec, --npy-bfloat16 for eval)"),
    (["--loss", "mse", "--y-pred-file", "float64.npy", "--y-true", "0", "--weights-file", "float64.npy"],
     "--weights-file: mse takes no weights"),
    (["--loss", "mse", "--y-pred-file", "nowhere.npy", "--y-true", "0"], "nowhere.npy: no such file"),
  ]

  @Test("A bad file or a clash of options: one line on stderr, exit status 2, nothing on stdout", arguments: badArguments)
  func badArgument(_ arguments: [String], _ message: String) throws {
    let run = try Self.eval(arguments)
    #expect(run.status == 2)
    #expect(run.stdout.isEmpty)
    #expect(run.stderr == "losslab: \(message)\n")
  }
}

struct EvalFileError: Error, CustomStringConvertible {
  var description: String
}
