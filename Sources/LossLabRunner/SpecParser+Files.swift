import Foundation
import LossLabLosses
import LossLabTensorFiles
import Yams

/// Inputs read from files: `{file: logits.npy}`, `{file: model.safetensors, tensor: logits}`,
/// `{file: values.csv}`, `{file: x.npy, dtype: bfloat16}` (an .npy from ml_dtypes, whose
/// header says only `<V2`).
///
/// A file is one batch, the same in every point: `n` is its rows and `classes` its last
/// dimension (each may be left out, or given once and must then agree); labels and weights are
/// one per row. Paths are relative to the spec's folder; the file is read, and its shape and
/// labels checked, when the spec is parsed.
extension SpecParser {
  func parseFileInput(_ map: Node.Mapping, at node: Node) throws -> InputGenerator {
    try checkKeys(map, allowed: ["file", "tensor", "dtype"])
    let written = try string(map["file"]!)
    let tensor = try map["tensor"].map(string)
    let dtype = try map["dtype"].map { TensorDType(rawValue: try oneOf($0, ["bfloat16"]))! }
    let folder = parentPath(file)
    let path = written.hasPrefix("/") ? written : (folder as NSString).appendingPathComponent(written)
    let read: Tensor
    do {
      read = try TensorFile.read(path: path, name: written, tensor: tensor, rawTwoBytes: dtype)
    } catch let error as TensorFileError {
      throw fail(line(node), error.description)
    }
    if let dtype, read.dtype != dtype {
      throw fail(line(map["dtype"]!), "\(read.source) holds \(read.dtype.rawValue), not \(dtype.rawValue)")
    }
    return .file(read)
  }

  /// The case's `n` and `classes`: as given, or, with file inputs, the files' rows and last
  /// dimension, each file checked against them (a file is one batch: one n, one class count).
  func batchShape(
    _ inputs: [InputName: InputGenerator], _ shape: LossShape, inputsNode: Node,
    _ keys: [String: Node], n: [Int]?, classes: [Int]?
  ) throws -> (n: [Int], classes: [Int]) {
    let used: [InputName] =
      [.yPred] + (shape.usesTargets ? [.yTrue] : []) + (shape.usesWeights ? [.weights] : [])
    let files = used.compactMap { name -> (InputName, Tensor)? in
      if case .file(let tensor) = inputs[name] { return (name, tensor) }
      return nil
    }
    guard !files.isEmpty else { return (n ?? [1], classes ?? [1]) }
    for (key, values) in [("n", n), ("classes", classes)] where (values?.count ?? 1) > 1 {
      throw fail(line(keys[key]!), "\(files[0].1.source) is one batch: give \(key) one value (or leave it out to take the file's)")
    }
    let inputLines = try mapping(inputsNode, "'inputs'")
    var rows = n?.first, columns = classes?.first
    for (name, tensor) in files {
      let at = line(inputLines[name.rawValue]!)
      do {
        if name == .weights || (name == .yTrue && shape.hasLabels) {
          rows = try tensor.perRow(rows: rows, what: name == .weights ? "weights" : "labels")
        } else {
          if shape.isCategorical, tensor.shape.count < 2, columns == nil {
            throw fail(at, "\(tensor.source): a 1-D array of \(tensor.values.count) values for a categorical loss: give classes: C, or save it as rows × classes")
          }
          (rows, columns) = try tensor.matrix(rows: rows, columns: columns)
        }
      } catch let error as TensorFileError {
        throw fail(at, error.description)
      }
    }
    if shape.hasLabels, case .file(let tensor) = inputs[.yTrue] {
      do { _ = try tensor.labels(classes: columns ?? 1) } catch let error as TensorFileError {
        throw fail(line(inputLines[InputName.yTrue.rawValue]!), error.description)
      }
    }
    if let pointsNode = keys["points"], try integer(pointsNode, in: 1...Int.max) > 1,
      !used.contains(where: { inputs[$0]?.isRandom ?? false })
    {
      throw fail(line(pointsNode), "every input is a file or a constant, so every point would be the same batch: leave points out")
    }
    return ([rows ?? 1], [columns ?? 1])
  }
}
