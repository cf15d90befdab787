@testable import LossLabTensorBoard

/// Splits an event file into its records, checking both masked CRCs of every frame.
enum TFRecordFrames {
  struct FrameError: Error, CustomStringConvertible {
    var description: String
  }

  static func records(_ file: [UInt8]) throws -> [[UInt8]] {
    func uint(_ bytes: ArraySlice<UInt8>) -> UInt64 {
      bytes.reversed().reduce(0) { $0 << 8 | UInt64($1) }
    }
    var records: [[UInt8]] = []
    var index = 0
    while index < file.count {
      guard index + 12 <= file.count else { throw FrameError(description: "truncated header") }
      let lengthBytes = file[index..<index + 8]
      let length = Int(uint(lengthBytes))
      guard
        UInt32(uint(file[index + 8..<index + 12])) == CRC32C.masked(CRC32C.checksum(lengthBytes))
      else { throw FrameError(description: "length CRC mismatch at \(index)") }
      let start = index + 12
      guard start + length + 4 <= file.count else {
        throw FrameError(description: "truncated data")
      }
      let data = Array(file[start..<start + length])
      guard
        UInt32(uint(file[start + length..<start + length + 4]))
          == CRC32C.masked(CRC32C.checksum(data))
      else { throw FrameError(description: "data CRC mismatch at \(index)") }
      records.append(data)
      index = start + length + 4
    }
    return records
  }
}
