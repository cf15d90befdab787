import Foundation
import Testing

@testable import LossLabTensorFiles

@Suite("Tensor files written by numpy, ml_dtypes and safetensors")
struct TensorFileTests {
  /// The tensor `expected` describes, read as the user would name it (the base name).
  static func read(_ expected: Fixtures.Expected) throws -> Tensor {
    try TensorFile.read(
      path: try Fixtures.path(expected.file), name: expected.file, tensor: expected.tensor,
      rawTwoBytes: expected.hint.flatMap(TensorDType.init(rawValue:)))
  }

  /// Whether `values` are, bit for bit, the float.hex texts Python wrote (any NaN for nan).
  static func sameValues(_ values: [Double], _ texts: [String]) -> Bool {
    values.count == texts.count
      && zip(values, texts).allSatisfy { value, text in
        guard let expected = Double(text) else { return false }
        return expected.isNaN ? value.isNaN : value.bitPattern == expected.bitPattern
      }
  }

  @Test("Every file reads back with the library's dtype and shape and its values bit for bit")
  func everyFile() throws {
    let manifest = try Fixtures.manifest()
    #expect(manifest.files.count >= 35)
    var dtypes = Set<String>()
    for expected in manifest.files {
      let label = "\(expected.file) \(expected.tensor ?? "")"
      let tensor = try Self.read(expected)
      #expect(tensor.dtype.rawValue == expected.dtype, "\(label)")
      #expect(tensor.shape == expected.shape, "\(label)")
      #expect(Self.sameValues(tensor.values, expected.values), "\(label)")
      dtypes.insert(expected.dtype)
    }
    #expect(dtypes == Set(TensorDType.allCases.map(\.rawValue)), "every dtype is covered")
  }

  @Test("bfloat16 from ml_dtypes: the .npy says only <V2, safetensors says BF16; the same bits either way")
  func bfloat16() throws {
    let npy = try TensorFile.read(path: try Fixtures.path("bfloat16.npy"), rawTwoBytes: .bfloat16)
    #expect(npy.dtype == .bfloat16)
    // 3.3895e38 rounds to bfloat16's largest finite value; 2^-133 is its smallest subnormal.
    #expect(npy.values[0] == 1.5 && npy.values[2] == 0x1.fep127 && npy.values[7] == 0x1p-133)
    #expect(npy.values[3] == 0x1p-133)  // 1e-40: the nearest subnormal
    let model = try TensorFile.read(path: try Fixtures.path("model.safetensors"), tensor: "brain")
    #expect(model.dtype == .bfloat16)
    #expect(model.values == [1.5, -2, 0x1.9ap-4, 0x1.c4p+127])  // 0.1 and 3e38 as ml_dtypes rounds them
    #expect(model.values[2] == npy.values[4])
  }

  @Test("A value split between two reads decodes whole: odd chunk sizes give the same values")
  func oddChunks() throws {
    for (name, chunk) in [("large-f2.npy", 1001), ("large.npy", 4093), ("float32-2d.npy", 3)] {
      let whole = try TensorFile.read(path: try Fixtures.path(name))
      let file = try BinaryFile(path: try Fixtures.path(name), name: name, chunkSize: chunk)
      let split = try NumPyFile.read(file, rawTwoBytes: nil)
      #expect(split.values.elementsEqual(whole.values) { $0.bitPattern == $1.bitPattern }, "\(name)")
    }
    let csv = try BinaryFile(path: try Fixtures.path("savetxt.csv"), name: "savetxt.csv", chunkSize: 7)
    let whole = try TensorFile.read(path: try Fixtures.path("savetxt.csv"))
    #expect(try CSVFile.read(csv) == Tensor(file: "savetxt.csv", dtype: .float64, shape: [4, 3], values: whole.values))
  }

  /// (file, tensor, read <V2 as bfloat16, the one-line error).
  static let badFiles: [(String, String?, Bool, String)] = [
    ("bad-truncated.npy", nil, false, "bad-truncated.npy: truncated: shape (4, 10) needs 40 float32 values (160 bytes) from byte 128; the file has 140 bytes there (35 values)"),
    ("bad-magic.npy", nil, false, "bad-magic.npy: not a NumPy .npy file (it does not start with \\x93NUMPY)"),
    ("bad-complex.npy", nil, false, "bad-complex.npy: dtype <c8 is not supported (valid: float16, bfloat16, float32, float64, bool, int8, uint8, int16, uint16, int32, uint32, int64, uint64)"),
    ("bad-fortran.npy", nil, false, "bad-fortran.npy: fortran_order is True (column-major) for shape (4, 10): save np.ascontiguousarray(x) instead"),
    ("bad-structured.npy", nil, false, "bad-structured.npy: a structured dtype (several fields per element) is not supported"),
    ("bad-float8.npy", nil, true, "bad-float8.npy: dtype <V1 is not supported (valid: float16, bfloat16, float32, float64, bool, int8, uint8, int16, uint16, int32, uint32, int64, uint64)"),
    ("bfloat16.npy", nil, false, "bfloat16.npy: dtype <V2 is 2 raw bytes per value, which is how ml_dtypes saves bfloat16: say it is bfloat16 (dtype: bfloat16 in a spec, --npy-bfloat16 for eval)"),
    ("bad-int64-beyond.npy", nil, false, "bad-int64-beyond.npy: int64 value 9007199254740993 at index 1 is beyond 2^53, where a binary64 no longer holds every integer"),
    ("bad-version.npy", nil, false, "bad-version.npy: NumPy format version 4.0 is not supported (valid: 1.0, 2.0, 3.0)"),
    ("bad-header.npy", nil, false, "bad-header.npy: bad header: expected ':' at character 10"),
    ("bad-truncated.safetensors", "logits", false, "bad-truncated.safetensors: truncated: tensor 'logits' of shape (4, 10) needs 40 float32 values (160 bytes) from byte 168; the file has 152 bytes there (38 values)"),
    ("bad-header-length.safetensors", nil, false, "bad-header-length.safetensors: not a .safetensors file (its first 8 bytes give a header of 18446744073709551615 bytes)"),
    ("bad-float8.safetensors", nil, false, "bad-float8.safetensors: tensor 'w' has dtype F8_E4M3, which is not supported (valid: F16, BF16, F32, F64, BOOL, I8, U8, I16, U16, I32, U32, I64, U64)"),
    ("two.safetensors", "logit", false, "two.safetensors: no tensor 'logit' (tensors: labels, logits)"),
    ("two.safetensors", nil, false, "two.safetensors: holds 2 tensors: name one (tensors: labels, logits)"),
    ("float16.npy", "x", false, "float16.npy: holds one array: a tensor name is for .safetensors files"),
    ("bad-number.csv", nil, false, "bad-number.csv:2:2: 'x4' is not a number"),
    ("bad-ragged.csv", nil, false, "bad-ragged.csv:3: 1 value, the lines before have 2"),
    ("bad-empty.csv", nil, false, "bad-empty.csv: holds no numbers"),
    ("bad.txt", nil, false, "bad.txt: unknown file type (valid: .npy, .safetensors, .csv)"),
    ("missing.npy", nil, false, "missing.npy: no such file"),
  ]

  @Test("A bad file gives one line naming the file and what is wrong", arguments: badFiles)
  func badFile(_ file: String, _ tensor: String?, _ bfloat16: Bool, _ message: String) throws {
    let error = #expect(throws: TensorFileError.self) {
      try TensorFile.read(
        path: try Fixtures.path(file), name: file, tensor: tensor,
        rawTwoBytes: bfloat16 ? .bfloat16 : nil)
    }
    #expect(error?.description == message)
    #expect(error?.description.contains("\n") == false)
  }

  static func tensor(_ file: String) throws -> Tensor {
    try TensorFile.read(path: try Fixtures.path(file), name: file)
  }

  @Test("Shapes: 2-D and 3-D files are rows of their last dimension; 1-D files rows of the columns given")
  func layouts() throws {
    #expect(try Self.tensor("float32-2d.npy").matrix(rows: nil, columns: nil) == (5, 4))
    #expect(try Self.tensor("float32-3d.npy").matrix(rows: 6, columns: 4) == (6, 4))
    #expect(try Self.tensor("int32.npy").matrix(rows: nil, columns: 2) == (2, 2))
    #expect(try Self.tensor("scalar.npy").matrix(rows: 1, columns: nil) == (1, 1))
    #expect(try Self.tensor("int64.npy").perRow(rows: 4, what: "labels") == 4)
    #expect(try Self.tensor("fortran-1d.npy").perRow(rows: nil, what: "weights") == 2)
  }

  /// (file, the check, the one-line error).
  static let badShapes: [(String, @Sendable (Tensor) throws -> Void, String)] = [
    ("logits-4095x10.npy", { _ = try $0.matrix(rows: 4096, columns: 10) }, "logits-4095x10.npy: expected 4096 rows of 10 (40960 values), found 40950 (shape (4095, 10))"),
    ("float32-2d.npy", { _ = try $0.matrix(rows: nil, columns: 3) }, "float32-2d.npy: shape (5, 4) has rows of 4 values, expected 3 classes"),
    ("float64.npy", { _ = try $0.matrix(rows: nil, columns: 2) }, "float64.npy: 5 values are not rows of 2"),
    ("float32-2d.npy", { _ = try $0.perRow(rows: nil, what: "labels") }, "float32-2d.npy: shape (5, 4): expected a 1-D array, one of the labels per row"),
    ("int32.npy", { _ = try $0.perRow(rows: 5, what: "weights") }, "int32.npy: expected 5 weights (one per row), found 4"),
    ("labels-nan.npy", { _ = try $0.labels(classes: 3) }, "labels-nan.npy: label 1 is nan, not a whole number"),
    ("labels-fraction.npy", { _ = try $0.labels(classes: 3) }, "labels-fraction.npy: label 1 is 1.5, not a whole number"),
    ("labels-range.npy", { _ = try $0.labels(classes: 10) }, "labels-range.npy: label 1 is 12, not a class index in 0..<10"),
    ("int64.npy", { _ = try $0.labels(classes: 10) }, "int64.npy: label 2 is 9007199254740992, not a class index in 0..<10"),
  ]

  @Test("A file of the wrong shape or bad labels gives one line naming it", arguments: badShapes)
  func badShape(_ file: String, _ check: @Sendable (Tensor) throws -> Void, _ message: String) throws {
    let tensor = try Self.tensor(file)
    let error = #expect(throws: TensorFileError.self) { try check(tensor) }
    #expect(error?.description == message)
  }

  @Test("Labels from integer and whole float files are class indices")
  func labels() throws {
    #expect(try Self.tensor("int32.npy").labels(classes: 10) == [0, 1, 2, 9])
    #expect(try Self.tensor("bool.npy").labels(classes: 2) == [1, 0, 1])
    let model = try TensorFile.read(path: try Fixtures.path("model.safetensors"), tensor: "labels")
    #expect(try model.labels(classes: 3) == [2, 0, 1, 1])
  }
}
