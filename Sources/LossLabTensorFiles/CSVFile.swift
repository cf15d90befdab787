import Foundation

/// Numbers as comma-separated text: one row per line, the same number of values on every line.
///
/// Each value is a decimal or hex float (`0.1`, `-2.5e-3`, `0x1p-12`, `inf`, `nan`), rounded
/// once to binary64 as the command line rounds its values. Blank lines and lines starting with
/// `#` (`numpy.savetxt`'s header) are skipped; a first line none of whose fields is a number is
/// a header of column names, skipped too. One value per line reads as a 1-D tensor of the
/// lines; several as rows × columns. Read line by line in chunks.
enum CSVFile {
  static func read(_ file: BinaryFile) throws -> Tensor {
    var values: [Double] = []
    var columns: Int? = nil
    var rows = 0
    var lineNumber = 0
    var firstLine = true
    var pending: [UInt8] = []

    func parse(_ line: ArraySlice<UInt8>) throws {
      lineNumber += 1
      var text = String(decoding: line, as: UTF8.self)
      if text.hasSuffix("\r") { text.removeLast() }
      let trimmed = text.trimmingCharacters(in: .whitespaces)
      if trimmed.isEmpty || trimmed.hasPrefix("#") { return }
      let fields = trimmed.split(separator: ",", omittingEmptySubsequences: false).map {
        $0.trimmingCharacters(in: .whitespaces)
      }
      defer { firstLine = false }
      if firstLine && fields.allSatisfy({ Double($0) == nil }) { return }  // a header
      for (column, field) in fields.enumerated() {
        guard let value = Double(field) else {
          throw TensorFileError("\(file.name):\(lineNumber):\(column + 1)", "'\(field)' is not a number")
        }
        values.append(value)
      }
      if let columns, fields.count != columns {
        throw TensorFileError("\(file.name):\(lineNumber)", "\(fields.count) \(fields.count == 1 ? "value" : "values"), the lines before have \(columns)")
      }
      columns = fields.count
      rows += 1
    }

    try file.handle.seek(toOffset: 0)
    while let chunk = try file.handle.read(upToCount: file.chunkSize), !chunk.isEmpty {
      pending.append(contentsOf: chunk)
      var start = pending.startIndex
      while let end = pending[start...].firstIndex(of: UInt8(ascii: "\n")) {
        try parse(pending[start..<end])
        start = end + 1
      }
      pending.removeFirst(start)
    }
    if !pending.isEmpty { try parse(pending[...]) }
    guard let columns else { throw TensorFileError(file.name, "holds no numbers") }
    return Tensor(
      file: file.name, dtype: .float64, shape: columns == 1 ? [rows] : [rows, columns],
      values: values)
  }
}
