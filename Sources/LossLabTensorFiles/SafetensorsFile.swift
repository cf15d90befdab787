import Foundation

/// A `.safetensors` file (Hugging Face's format): an 8-byte little-endian header length N, N
/// bytes of JSON mapping each tensor's name to its `dtype`, `shape` and `data_offsets` [begin,
/// end) in the data that follows (plus an optional `__metadata__`), then the data, little-endian
/// and in C order.
enum SafetensorsFile {
  /// A type's safetensors name.
  static func name(of dtype: TensorDType) -> String {
    switch dtype {
    case .float16: "F16"
    case .bfloat16: "BF16"
    case .float32: "F32"
    case .float64: "F64"
    case .bool: "BOOL"
    case .int8: "I8"
    case .uint8: "U8"
    case .int16: "I16"
    case .uint16: "U16"
    case .int32: "I32"
    case .uint32: "U32"
    case .int64: "I64"
    case .uint64: "U64"
    }
  }

  /// The types of `TensorDType`, by their safetensors names.
  static let types = Dictionary(uniqueKeysWithValues: TensorDType.allCases.map { (name(of: $0), $0) })
  /// The safetensors reference implementation refuses headers over 100 MB.
  static let maximumHeader = 100_000_000

  /// The tensor `name`; without a name, the file's only tensor.
  static func read(_ file: BinaryFile, tensor name: String?) throws -> Tensor {
    let fileName = file.name
    let lengthBytes = try file.bytes(at: 0, count: 8, for: "the header length")
    let length = lengthBytes.reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
    guard length <= maximumHeader else {
      throw TensorFileError(fileName, "not a .safetensors file (its first 8 bytes give a header of \(length) bytes)")
    }
    let headerBytes = try file.bytes(at: 8, count: Int(length), for: "the header")
    guard let object = try? JSONSerialization.jsonObject(with: Data(headerBytes)),
      let header = object as? [String: Any]
    else {
      throw TensorFileError(fileName, "bad header: not a JSON object")
    }
    let names = header.keys.filter { $0 != "__metadata__" }.sorted()
    let listed = "tensors: \(names.isEmpty ? "none" : names.joined(separator: ", "))"
    let chosen: String
    if let name {
      guard names.contains(name) else { throw TensorFileError(fileName, "no tensor '\(name)' (\(listed))") }
      chosen = name
    } else {
      guard names.count == 1 else {
        throw TensorFileError(fileName, names.isEmpty ? "holds no tensor" : "holds \(names.count) tensors: name one (\(listed))")
      }
      chosen = names[0]
    }
    let what = "tensor '\(chosen)'"
    guard let entry = header[chosen] as? [String: Any], let dtypeName = entry["dtype"] as? String,
      let shape = (entry["shape"] as? [Any])?.compactMap(wholeNumber),
      shape.count == (entry["shape"] as? [Any])?.count, shape.allSatisfy({ $0 >= 0 }),
      let offsets = (entry["data_offsets"] as? [Any])?.compactMap(wholeNumber), offsets.count == 2,
      offsets[0] >= 0, offsets[0] <= offsets[1]
    else {
      throw TensorFileError(fileName, "bad header: \(what) needs dtype, shape and data_offsets [begin, end]")
    }
    guard let dtype = types[dtypeName] else {
      let valid = TensorDType.allCases.map(name(of:)).joined(separator: ", ")
      throw TensorFileError(fileName, "\(what) has dtype \(dtypeName), which is not supported (valid: \(valid))")
    }
    let count = try NumPyFile.elementCount(shape, file: fileName)
    let (bytes, overflow) = count.multipliedReportingOverflow(by: dtype.size)
    guard !overflow, offsets[1] - offsets[0] == bytes else {
      throw TensorFileError(fileName, "bad header: \(what) of shape \(shapeDescription(shape)) in \(dtypeName) needs \(overflow ? "more than \(Int.max)" : String(bytes)) bytes, its data_offsets span \(offsets[1] - offsets[0])")
    }
    let values = try file.values(
      at: 8 + length + UInt64(offsets[0]), count: count, dtype: dtype, bigEndian: false,
      what: "\(what) of shape \(shapeDescription(shape))")
    return Tensor(file: fileName, name: chosen, dtype: dtype, shape: shape, values: values)
  }

  /// A JSON number that is a whole number.
  static func wholeNumber(_ value: Any) -> Int? {
    guard let number = value as? NSNumber, let n = Int(exactly: number.doubleValue) else { return nil }
    return n
  }
}
