import ArgumentParser
import LossLabLosses
import LossLabOutput
import LossLabTensorFiles

/// `losslab eval`'s inputs: each from its values on the command line or from a file, never both.
struct QueryInputs {
  var yTrue: [String] = []
  var yPred: [String] = []
  var labels: [Int] = []
  var weights: [String] = []
  var columns = 1
}

extension EvalCommand {
  /// The inputs, the files read and checked against each other: a 2-D predictions file gives
  /// the class count (unless --classes does), a targets file has the predictions' rows and
  /// columns, a labels or weights file one value per row, labels are class indices.
  ///
  /// A file's values become exact hex floats, so that they are measured as the same values
  /// typed on the command line (each already a binary64: none is reported as rounded).
  func queryInputs(_ formula: Formula) throws -> QueryInputs {
    let shape = formula.shape
    if weightsFile != nil && !shape.usesWeights {
      throw ValidationError("--weights-file: \(formula.lossName) takes no weights")
    }
    var inputs = QueryInputs()
    var rows: Int? = nil
    var columns = classes
    let predictions = try input(yPred, yPredFile, flag: "--y-pred", required: true)!
    switch predictions {
    case .values(let texts): inputs.yPred = texts
    case .file(let tensor):
      if shape.isCategorical, tensor.shape.count < 2, columns == nil {
        throw ValidationError("\(tensor.source): a 1-D array of \(tensor.values.count) values for a categorical loss: give --classes C, or save it as rows × classes")
      }
      (rows, columns) = try checked { try tensor.matrix(rows: nil, columns: columns) }
      inputs.yPred = tensor.values.map(hexNumber)
    }
    switch try input(yTrue, yTrueFile, flag: "--y-true", required: true)! {
    case .values(let texts) where shape.hasLabels:
      inputs.labels = try texts.map { text in
        guard let label = Int(text) else {
          throw ValidationError("--y-true: '\(text)' is not an integer class label (\(formula.lossName) takes one label per row)")
        }
        return label
      }
    case .values(let texts): inputs.yTrue = texts
    case .file(let tensor) where shape.hasLabels:
      _ = try checked { try tensor.perRow(rows: rows, what: "labels") }
      inputs.labels = try checked { try tensor.labels(classes: columns ?? 1) }
    case .file(let tensor):
      (rows, columns) = try checked { try tensor.matrix(rows: rows, columns: columns) }
      inputs.yTrue = tensor.values.map(hexNumber)
    }
    switch try input(weights, weightsFile, flag: "--weights", required: false) {
    case .values(let texts)?: inputs.weights = texts
    case .file(let tensor)?:
      _ = try checked { try tensor.perRow(rows: rows, what: "weights") }
      inputs.weights = tensor.values.map(hexNumber)
    case nil: break
    }
    inputs.columns = columns ?? 1
    return inputs
  }

  enum Input {
    case values([String])
    case file(Tensor)
  }

  /// `--NAME VALUES` or `--NAME-file FILE[:TENSOR]` (at most one of them; one when `required`).
  func input(_ values: String?, _ file: String?, flag: String, required: Bool) throws -> Input? {
    switch (values, file) {
    case (_?, _?): throw ValidationError("\(flag)-file: give either \(flag) or \(flag)-file, not both")
    case (let values?, nil): return .values(splitList(values))
    case (nil, let file?):
      // FILE:TENSOR names a tensor of a .safetensors file.
      var path = file, tensor: String? = nil
      if let colon = file.lastIndex(of: ":"), file[..<colon].hasSuffix(".safetensors") {
        (path, tensor) = (String(file[..<colon]), String(file[file.index(after: colon)...]))
      }
      return .file(try checked {
        try TensorFile.read(path: path, tensor: tensor, rawTwoBytes: npyBFloat16 ? .bfloat16 : nil)
      })
    case (nil, nil):
      guard !required else { throw ValidationError("\(flag): missing; give values or \(flag)-file FILE") }
      return nil
    }
  }

  /// `body`'s value; a file's error as the command's one-line error.
  func checked<T>(_ body: () throws -> T) throws -> T {
    do { return try body() } catch let error as TensorFileError {
      throw ValidationError(error.description)
    }
  }
}
