/// A tensor read as a loss's input: rows of values (predictions, dense targets), or one value
/// per row (labels, weights).
///
/// A tensor of two or more dimensions is rows of its last dimension (leading dimensions
/// flattened, as Keras averages over the last axis); a 1-D tensor is rows of the given number of
/// columns (one by default); a scalar is one row of one value.
extension Tensor {
  /// The rows and columns of the tensor read as rows of values; `rows` and `columns`, when
  /// given, must be what the tensor holds.
  public func matrix(rows: Int?, columns: Int?) throws -> (rows: Int, columns: Int) {
    if shape.count >= 2, let columns, shape.last! != columns {
      throw TensorFileError(source, "shape \(shapeText) has rows of \(shape.last!) values, expected \(columns) classes")
    }
    let width = shape.count >= 2 ? shape.last! : columns ?? 1
    if let rows {
      let (expected, overflow) = rows.multipliedReportingOverflow(by: width)
      guard !overflow, values.count == expected else {
        throw TensorFileError(source, "expected \(rows) rows of \(width) (\(overflow ? "too many" : String(expected)) values), found \(values.count)\(shape.count > 1 ? " (shape \(shapeText))" : "")")
      }
    }
    guard width > 0, values.count % width == 0, values.count > 0 else {
      throw TensorFileError(source, values.isEmpty ? "holds no values (shape \(shapeText))" : "\(values.count) values are not rows of \(width)")
    }
    return (values.count / width, width)
  }

  /// The number of rows of a tensor of one value per row (`what`: labels, weights); 1-D, or
  /// rows × 1.
  public func perRow(rows: Int?, what: String) throws -> Int {
    guard shape.count <= 1 || shape.dropFirst().allSatisfy({ $0 == 1 }) else {
      throw TensorFileError(source, "shape \(shapeText): expected a 1-D array, one of the \(what) per row")
    }
    if let rows, values.count != rows {
      throw TensorFileError(source, "expected \(rows) \(what) (one per row), found \(values.count)")
    }
    guard !values.isEmpty else { throw TensorFileError(source, "holds no \(what)") }
    return values.count
  }

  /// The values as class labels: each a whole number in 0..<classes.
  public func labels(classes: Int) throws -> [Int] {
    try values.enumerated().map { index, value in
      guard value == value.rounded(), (0..<Double(classes)).contains(value) else {
        let text = Int64(exactly: value).map(String.init) ?? "\(value)"
        let reason = value.isNaN || value != value.rounded() ? "not a whole number" : "not a class index in 0..<\(classes)"
        throw TensorFileError(source, "label \(index) is \(text), \(reason)")
      }
      return Int(value)
    }
  }
}
