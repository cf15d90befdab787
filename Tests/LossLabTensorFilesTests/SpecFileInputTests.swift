import Foundation
import LossLabFormats
import LossLabLosses
import LossLabMeasurement
import LossLabRunner
import LossLabTensorFiles
import Testing

@Suite("{file: ...} inputs in a spec")
struct SpecFileInputTests {
  /// The spec `text` as if it were a file beside the fixtures (its paths relative to them).
  static func parse(_ text: String) throws -> ExperimentSpec {
    try SpecParser(file: try Fixtures.path("files.yaml")).parse("question: Is my loss right?\n" + text)
  }

  /// The error `text` raises, with the spec's folder left out.
  static func error(_ text: String) throws -> String? {
    do {
      _ = try parse(text)
      return nil
    } catch let error as SpecError {
      return "files.yaml:\(error.line): \(error.message)"
    }
  }

  static let sparse = """
    losses: [sparse-cce-logits/stable, sparse-cce-logits/naive]
    inputs:
      y_pred: {file: model.safetensors, tensor: logits}
      y_true: {file: model.safetensors, tensor: labels}
    """

  @Test("A file is one batch: n and classes are its rows and last dimension, one point")
  func batchShape() throws {
    let spec = try Self.parse(Self.sparse)
    let only = try #require(spec.cases.first)
    #expect(only.batchSizes == [4] && only.classCounts == [3] && only.points == 1)
    let given = try Self.parse(Self.sparse + "\nn: 4\nclasses: 3")
    #expect(given.cases[0].batchSizes == [4] && given.cases[0].classCounts == [3])
  }

  @Test("A {file:} case's figures are eval's on the same values, in every format")
  func sameAsEval() throws {
    let result = ExperimentRunner(threads: 1, quick: false).run(try Self.parse(Self.sparse))
    let logits = try TensorFile.read(path: try Fixtures.path("model.safetensors"), tensor: "logits")
    #expect(result.rows.count == 8)
    for row in result.rows {
      let query = LossQuery(
        formula: row.formula, yTrue: [], yPred: logits.values.map { "\($0)" }, labels: [2, 0, 1, 1],
        columns: 3)
      let evaluation = try query.evaluate(formats: [row.format])
      #expect(row.statistics.points == 1)
      #expect(row.statistics.maxULP == evaluation.results[0].endToEnd.ulpError, "\(row.formula.name) \(row.format)")
      #expect(row.statistics.maxValue == evaluation.results[0].value)
    }
  }

  @Test("bfloat16 from ml_dtypes (dtype: bfloat16), CSV and a file beside a random input run")
  func otherFiles() throws {
    let spec = try Self.parse("""
      cases:
        - losses: [mse]
          formats: [bfloat16, float32]
          inputs:
            y_pred: {file: bfloat16.npy, dtype: bfloat16}
            y_true: 0
        - losses: [identity]
          reduction: [sum]
          inputs: {y_pred: {file: column.csv}}
        - losses: [bce-logits]
          points: 3
          inputs:
            y_pred: {file: float32-2d.npy}
            y_true: {bernoulli-sigmoid: y_pred}
      """)
    #expect(spec.cases.map(\.batchSizes) == [[8], [8], [5]])
    #expect(spec.cases.map(\.classCounts) == [[1], [1], [4]])
    let result = ExperimentRunner(threads: 1, quick: false).run(spec)
    let mse = result.rows.filter { $0.caseName == "case 1" }
    #expect(mse.count == 2 && mse.allSatisfy { $0.statistics.points == 1 && $0.statistics.classCounts[.nan] == 1 }, "bfloat16.npy holds a nan")
    let identity = try #require(result.rows.first { $0.caseName == "case 2" && $0.format == .float64 })
    #expect(identity.statistics.classCounts[.nan] == 1, "column.csv holds a nan")
    #expect(result.rows.filter { $0.caseName == "case 3" }.allSatisfy { $0.statistics.points == 3 })
  }

  /// (the case, the error: FILE:LINE, then the data file and what is wrong).
  static let badCases: [(String, String)] = [
    ("""
      losses: [sparse-cce-logits]
      n: 4096
      classes: 10
      inputs:
        y_pred: {file: logits-4095x10.npy}
        y_true: {class: random}
      """,
     "files.yaml:6: logits-4095x10.npy: expected 4096 rows of 10 (40960 values), found 40950 (shape (4095, 10))"),
    (Self.sparse + "\nclasses: 12",
     "files.yaml:4: model.safetensors:logits: shape (4, 3) has rows of 3 values, expected 12 classes"),
    (Self.sparse.replacingOccurrences(of: "tensor: labels", with: "tensor: label"),
     "files.yaml:5: model.safetensors: no tensor 'label' (tensors: brain, double, flags, half, int16, int32, labels, logits, uint8)"),
    ("""
      losses: [sparse-cce-logits]
      inputs:
        y_pred: {normal: {std: 3}}
        y_true: {file: labels-range.npy}
      classes: 10
      """,
     "files.yaml:5: labels-range.npy: label 1 is 12, not a class index in 0..<10"),
    ("""
      losses: [sparse-cce]
      inputs:
        y_pred: {file: float32-2d.npy}
        y_true: {file: labels-nan.npy}
      """,
     "files.yaml:5: labels-nan.npy: expected 5 labels (one per row), found 3"),
    (Self.sparse + "\nn: [4, 8]", "files.yaml:6: model.safetensors:logits is one batch: give n one value (or leave it out to take the file's)"),
    (Self.sparse + "\npoints: 5", "files.yaml:6: every input is a file or a constant, so every point would be the same batch: leave points out"),
    ("""
      losses: [mse]
      inputs:
        y_pred: [{file: float64.npy}, {values: [1]}]
        y_true: 0
      """,
     "files.yaml:4: a file is an input on its own, not part of a list"),
    ("""
      losses: [mse]
      inputs:
        y_pred: {file: float16.npy, dtype: bfloat16}
        y_true: 0
      """,
     "files.yaml:4: float16.npy holds float16, not bfloat16"),
    ("""
      losses: [mse]
      inputs:
        y_pred: {file: bfloat16.npy}
        y_true: 0
      """,
     "files.yaml:4: bfloat16.npy: dtype <V2 is 2 raw bytes per value, which is how ml_dtypes saves bfloat16: say it is bfloat16 (dtype: bfloat16 in a spec, --npy-bfloat16 for eval)"),
    ("""
      losses: [cce-logits]
      inputs:
        y_pred: {file: float64.npy}
        y_true: {class: random}
      """,
     "files.yaml:4: float64.npy: a 1-D array of 5 values for a categorical loss: give classes: C, or save it as rows × classes"),
    ("""
      losses: [mse]
      inputs:
        y_pred: {file: bad-truncated.npy}
        y_true: 0
      """,
     "files.yaml:4: bad-truncated.npy: truncated: shape (4, 10) needs 40 float32 values (160 bytes) from byte 128; the file has 140 bytes there (35 values)"),
  ]

  @Test("A bad file input is FILE:LINE of the spec, the data file and what is wrong", arguments: badCases)
  func badCase(_ text: String, _ message: String) throws {
    #expect(try Self.error(text) == message)
  }
}
