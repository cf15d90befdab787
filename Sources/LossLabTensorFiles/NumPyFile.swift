import Foundation

/// A NumPy `.npy` file (format versions 1.0, 2.0 and 3.0, as `numpy.save` writes them).
///
/// The file is the magic `\x93NUMPY`, the version (2 bytes), the header's length (2 bytes
/// little-endian in 1.0, 4 bytes in 2.0 and 3.0), the header (a Python dict literal with
/// `descr`, `fortran_order` and `shape`, Latin-1 in 1.0 and 2.0, UTF-8 in 3.0), then the data.
/// As `numpy.load`, bytes after the array (a second `np.save` to the same file) are ignored.
///
/// Supported: the descrs of `TensorDType` in either byte order (`<f4`, `>f8`, `|u1`, `<i8`...);
/// `fortran_order: True` for at most one dimension (the same bytes as C order); `<V2` (2 raw
/// bytes: how ml_dtypes saves bfloat16, which NumPy has no code for) only when the caller says
/// it is bfloat16.
enum NumPyFile {
  static let magic: [UInt8] = [0x93] + Array("NUMPY".utf8)

  static func read(_ file: BinaryFile, rawTwoBytes: TensorDType?) throws -> Tensor {
    let name = file.name
    let start = try file.bytes(at: 0, count: min(Int(file.size), 10), for: "the header")
    guard start.count >= 6, Array(start[0..<6]) == magic else {
      throw TensorFileError(name, "not a NumPy .npy file (it does not start with \\x93NUMPY)")
    }
    guard start.count >= 10 else { throw TensorFileError(name, "truncated: the header is cut short") }
    let major = start[6], minor = start[7]
    let lengthBytes: Int
    switch (major, minor) {
    case (1, 0): lengthBytes = 2
    case (2, 0), (3, 0): lengthBytes = 4
    default:
      throw TensorFileError(name, "NumPy format version \(major).\(minor) is not supported (valid: 1.0, 2.0, 3.0)")
    }
    let lengthField = try file.bytes(at: 8, count: lengthBytes, for: "the header length")
    let length = lengthField.reversed().reduce(0) { $0 << 8 | Int($1) }
    let headerBytes = try file.bytes(at: UInt64(8 + lengthBytes), count: length, for: "the header")
    let header: String
    if major == 3 {
      guard let text = String(bytes: headerBytes, encoding: .utf8) else {
        throw TensorFileError(name, "bad header: not UTF-8")
      }
      header = text
    } else {
      header = String(headerBytes.map { Character(Unicode.Scalar($0)) })  // Latin-1
    }
    let fields = try HeaderFields(header, file: name)
    let (dtype, bigEndian) = try dataType(fields.descr, rawTwoBytes: rawTwoBytes, file: name)
    if fields.fortranOrder && fields.shape.filter({ $0 > 1 }).count > 1 {
      throw TensorFileError(name, "fortran_order is True (column-major) for shape \(shapeDescription(fields.shape)): save np.ascontiguousarray(x) instead")
    }
    let count = try elementCount(fields.shape, file: name)
    let values = try file.values(
      at: UInt64(8 + lengthBytes + length), count: count, dtype: dtype, bigEndian: bigEndian,
      what: "shape \(shapeDescription(fields.shape))")
    return Tensor(file: name, dtype: dtype, shape: fields.shape, values: values)
  }

  /// The type and byte order of a descr such as `<f4`; `<V2` only as `rawTwoBytes`.
  static func dataType(_ descr: String, rawTwoBytes: TensorDType?, file: String) throws
    -> (TensorDType, bigEndian: Bool)
  {
    let valid = "valid: \(TensorDType.validList)"
    guard let order = descr.first, "<>|=".contains(order) else {
      throw TensorFileError(file, "dtype \(descr) is not supported (\(valid))")
    }
    let code = String(descr.dropFirst())
    // '=' is the writer's native order: little-endian on every machine NumPy's wheels target.
    let bigEndian = order == ">"
    let types: [String: TensorDType] = [
      "f2": .float16, "f4": .float32, "f8": .float64, "b1": .bool, "i1": .int8, "u1": .uint8,
      "i2": .int16, "u2": .uint16, "i4": .int32, "u4": .uint32, "i8": .int64, "u8": .uint64,
    ]
    if let dtype = types[code] { return (dtype, bigEndian) }
    if code == "V2" {
      guard let rawTwoBytes, rawTwoBytes.size == 2 else {
        throw TensorFileError(file, "dtype \(descr) is 2 raw bytes per value, which is how ml_dtypes saves bfloat16: say it is bfloat16 (dtype: bfloat16 in a spec, --npy-bfloat16 for eval)")
      }
      return (rawTwoBytes, bigEndian)
    }
    throw TensorFileError(file, "dtype \(descr) is not supported (\(valid))")
  }

  /// The product of the dimensions, checked against overflow.
  static func elementCount(_ shape: [Int], file: String) throws -> Int {
    try shape.reduce(1) { count, dimension in
      let (product, overflow) = count.multipliedReportingOverflow(by: dimension)
      guard !overflow else { throw TensorFileError(file, "bad header: shape \(shapeDescription(shape)) is too large") }
      return product
    }
  }
}

/// The three keys of an .npy header, parsed from its Python dict literal
/// (`{'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }`).
struct HeaderFields {
  var descr = ""
  var fortranOrder = false
  var shape: [Int] = []

  init(_ text: String, file: String) throws {
    var parser = LiteralParser(text: Array(text.unicodeScalars), file: file)
    guard case .dictionary(let entries) = try parser.value() else {
      throw parser.fail("the header is not a dictionary")
    }
    var seen = Set<String>()
    for (key, value) in entries {
      seen.insert(key)
      switch (key, value) {
      case ("descr", .string(let text)): descr = text
      case ("descr", .list), ("descr", .tuple):
        throw TensorFileError(file, "a structured dtype (several fields per element) is not supported")
      case ("fortran_order", .boolean(let flag)): fortranOrder = flag
      case ("shape", .tuple(let dimensions)):
        shape = try dimensions.map {
          guard case .integer(let n) = $0, n >= 0 else { throw parser.fail("a dimension of the shape is not a whole number ≥ 0") }
          return n
        }
      default:
        throw parser.fail("unexpected '\(key)' entry")
      }
    }
    for key in ["descr", "fortran_order", "shape"] where !seen.contains(key) {
      throw parser.fail("no '\(key)'")
    }
  }
}

/// The Python literals an .npy header uses: strings, integers, True/False, tuples, lists and
/// dictionaries with string keys.
struct LiteralParser {
  indirect enum Value {
    case string(String), integer(Int), boolean(Bool), tuple([Value]), list([Value])
    case dictionary([(String, Value)])
  }

  let text: [Unicode.Scalar]
  let file: String
  var position = 0

  func fail(_ message: String) -> TensorFileError { TensorFileError(file, "bad header: \(message)") }

  mutating func skipSpace() {
    while position < text.count, text[position].properties.isWhitespace { position += 1 }
  }

  mutating func expect(_ character: Unicode.Scalar) throws {
    skipSpace()
    guard position < text.count, text[position] == character else {
      throw fail("expected '\(character)' at character \(position + 1)")
    }
    position += 1
  }

  /// Whether the next character is `character` (consumed if so).
  mutating func next(is character: Unicode.Scalar) -> Bool {
    skipSpace()
    guard position < text.count, text[position] == character else { return false }
    position += 1
    return true
  }

  /// How deep the value is nested (a real header is at most 3 deep: a dictionary, a shape
  /// tuple); deeper is refused, not recursed into.
  var depth = 0

  mutating func value() throws -> Value {
    depth += 1
    defer { depth -= 1 }
    guard depth <= 16 else { throw fail("nests deeper than a NumPy header does") }
    skipSpace()
    guard position < text.count else { throw fail("ends early") }
    let c = text[position]
    switch c {
    case "'", "\"":
      position += 1
      var result = ""
      while position < text.count, text[position] != c {
        result.unicodeScalars.append(text[position])
        position += 1
      }
      guard position < text.count else { throw fail("a string is not closed") }
      position += 1
      return .string(result)
    case "(", "[":
      position += 1
      let close: Unicode.Scalar = c == "(" ? ")" : "]"
      var items: [Value] = []
      while !next(is: close) {
        items.append(try value())
        if !next(is: ",") { try expect(close); break }
      }
      return c == "(" ? .tuple(items) : .list(items)
    case "{":
      position += 1
      var entries: [(String, Value)] = []
      while !next(is: "}") {
        guard case .string(let key) = try value() else { throw fail("a key is not a string") }
        try expect(":")
        entries.append((key, try value()))
        if !next(is: ",") { try expect("}"); break }
      }
      return .dictionary(entries)
    default:
      var word = ""
      while position < text.count,
        text[position].properties.isAlphabetic || ("0"..."9").contains(text[position])
          || text[position] == "-"
      {
        word.unicodeScalars.append(text[position])
        position += 1
      }
      if word == "True" || word == "False" { return .boolean(word == "True") }
      // Python 2 wrote long integers with an L.
      if let n = Int(word.hasSuffix("L") ? String(word.dropLast()) : word) { return .integer(n) }
      throw fail(word.isEmpty ? "unexpected '\(c)' at character \(position + 1)" : "unexpected '\(word)'")
    }
  }
}
