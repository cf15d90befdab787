/// Reads one tensor from a file, by its extension: `.npy` (NumPy), `.safetensors` or `.csv`.
public enum TensorFile {
  /// The extensions read, for messages.
  public static let extensions = ["npy", "safetensors", "csv"]

  /// The tensor in the file at `path`.
  ///
  /// - Parameters:
  ///   - name: the file as the user named it, for messages (default: `path`).
  ///   - tensor: the tensor to read from a .safetensors file (optional when it holds one).
  ///   - rawTwoBytes: how to read an .npy file of raw 2-byte values (`<V2`, how ml_dtypes saves
  ///     bfloat16, which the header cannot name); such a file is refused without it.
  /// - Throws: `TensorFileError`, one line naming the file and what is wrong.
  public static func read(
    path: String, name: String? = nil, tensor: String? = nil, rawTwoBytes: TensorDType? = nil
  ) throws -> Tensor {
    let name = name ?? path
    let suffix = path.split(separator: ".").last.map { $0.lowercased() } ?? ""
    guard extensions.contains(suffix), path.contains(".") else {
      throw TensorFileError(name, "unknown file type (valid: \(extensions.map { "." + $0 }.joined(separator: ", ")))")
    }
    if tensor != nil && suffix != "safetensors" {
      throw TensorFileError(name, "holds one array: a tensor name is for .safetensors files")
    }
    let file = try BinaryFile(path: path, name: name)
    defer { file.close() }
    switch suffix {
    case "npy": return try NumPyFile.read(file, rawTwoBytes: rawTwoBytes)
    case "safetensors": return try SafetensorsFile.read(file, tensor: tensor)
    default: return try CSVFile.read(file)
    }
  }
}
