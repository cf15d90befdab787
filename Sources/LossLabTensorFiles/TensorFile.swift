/// Reads one tensor from a file, by its extension: `.npy` (NumPy), `.safetensors` or `.csv`.
public enum TensorFile {
  /// The kinds of file read, by their extension.
  enum Kind: String, CaseIterable {
    case npy, safetensors, csv
  }

  /// The extensions read, for messages.
  public static let extensions = Kind.allCases.map(\.rawValue)

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
    guard let kind = Kind(rawValue: suffix), path.contains(".") else {
      throw TensorFileError(name, "unknown file type (valid: \(extensions.map { "." + $0 }.joined(separator: ", ")))")
    }
    if tensor != nil && kind != .safetensors {
      throw TensorFileError(name, "holds one array: a tensor name is for .safetensors files")
    }
    let file = try BinaryFile(path: path, name: name)
    defer { file.close() }
    switch kind {
    case .npy: return try NumPyFile.read(file, rawTwoBytes: rawTwoBytes)
    case .safetensors: return try SafetensorsFile.read(file, tensor: tensor)
    case .csv: return try CSVFile.read(file)
    }
  }
}
