/// An array read from a file: its values as binary64, its shape and the type it was stored in.
///
/// Every stored type converts exactly (float16, bfloat16, float32 and integers up to 2^53 are
/// all binary64 values); CSV text is rounded once to binary64, as the command line rounds a
/// decimal.
public struct Tensor: Sendable, Equatable {
  /// The file as the user named it (for messages).
  public var file: String
  /// The tensor's name inside a .safetensors file; nil for the other formats.
  public var name: String?
  public var dtype: TensorDType
  /// The dimensions, outermost first ([] for a scalar), C order.
  public var shape: [Int]
  /// The values in C order (the last dimension varies fastest).
  public var values: [Double]

  public init(file: String, name: String? = nil, dtype: TensorDType, shape: [Int], values: [Double]) {
    self.file = file
    self.name = name
    self.dtype = dtype
    self.shape = shape
    self.values = values
  }

  /// The shape as NumPy prints it: `(4096, 10)`, `(3,)`, `()`.
  public var shapeText: String { shapeDescription(shape) }

  /// The file, and the tensor for a .safetensors file: `model.safetensors:logits`.
  public var source: String { name.map { "\(file):\($0)" } ?? file }
}

/// `(4096, 10)`, `(3,)`, `()`: a shape as NumPy prints it.
func shapeDescription(_ shape: [Int]) -> String {
  shape.count == 1 ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
}

/// How a file stores its values.
public enum TensorDType: String, CaseIterable, Sendable {
  case float16, bfloat16, float32, float64
  case bool, int8, uint8, int16, uint16, int32, uint32, int64, uint64

  /// Bytes per value.
  public var size: Int {
    switch self {
    case .bool, .int8, .uint8: 1
    case .float16, .bfloat16, .int16, .uint16: 2
    case .float32, .int32, .uint32: 4
    case .float64, .int64, .uint64: 8
    }
  }

  /// The names of the supported types, for messages.
  static var validList: String { allCases.map(\.rawValue).joined(separator: ", ") }
}

/// A file that cannot be read as a tensor: one line naming the file and what is wrong
/// (`logits.npy: expected 4096 rows of 10 classes (40960 values), found 40950`).
public struct TensorFileError: Error, CustomStringConvertible, Sendable, Equatable {
  /// The file as the user named it, with `:LINE:COLUMN` for a CSV cell.
  public var file: String
  public var message: String

  public init(_ file: String, _ message: String) {
    self.file = file
    self.message = message
  }

  public var description: String { "\(file): \(message)" }
}
