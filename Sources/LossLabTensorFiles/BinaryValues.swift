import Foundation
import LossLabFormats

/// Reads a file's bytes through a `FileHandle`, in chunks: the values of a large tensor go
/// straight into their `[Double]` (reserved once), with no copy of the file in memory.
struct BinaryFile {
  let handle: FileHandle
  /// The file as the user named it (for messages).
  let name: String
  /// The file's size in bytes.
  let size: UInt64

  /// Bytes read at a time (1 MiB; tests choose odd sizes, so that values straddle chunks).
  let chunkSize: Int

  init(path: String, name: String, chunkSize: Int = 1 << 20) throws {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
      throw TensorFileError(name, "no such file")
    }
    guard !isDirectory.boolValue, let handle = FileHandle(forReadingAtPath: path) else {
      throw TensorFileError(name, isDirectory.boolValue ? "is a directory" : "cannot be read")
    }
    self.handle = handle
    self.name = name
    self.chunkSize = chunkSize
    do {
      size = try handle.seekToEnd()
      try handle.seek(toOffset: 0)
    } catch {
      throw TensorFileError(name, "cannot be read (\(error.localizedDescription))")
    }
  }

  func close() { try? handle.close() }

  /// Exactly `count` bytes from `offset`, or a "truncated" error saying what they were for.
  func bytes(at offset: UInt64, count: Int, for what: String) throws -> [UInt8] {
    guard offset + UInt64(count) <= size else {
      throw TensorFileError(name, "truncated: \(what) needs \(count) bytes from byte \(offset); the file has \(size > offset ? size - offset : 0) there")
    }
    var result: [UInt8] = []
    result.reserveCapacity(count)
    try handle.seek(toOffset: offset)
    while result.count < count {
      guard let data = try handle.read(upToCount: count - result.count), !data.isEmpty else {
        throw TensorFileError(name, "truncated while reading \(what)")
      }
      result.append(contentsOf: data)
    }
    return result
  }

  /// `count` values of `dtype` from byte `offset`, converted exactly to binary64, read a chunk
  /// at a time (a value may straddle two chunks).
  ///
  /// - Throws: if the file ends before them (`what` names them), or for an integer beyond
  ///   2^53, which has no exact binary64.
  func values(
    at offset: UInt64, count: Int, dtype: TensorDType, bigEndian: Bool, what: String
  ) throws -> [Double] {
    let (total, overflow) = count.multipliedReportingOverflow(by: dtype.size)
    guard !overflow, offset + UInt64(total) <= size else {
      let available = size > offset ? size - offset : 0
      throw TensorFileError(name, "truncated: \(what) needs \(count) \(dtype.rawValue) values (\(overflow ? "more than \(Int.max)" : String(total)) bytes) from byte \(offset); the file has \(available) bytes there (\(available / UInt64(dtype.size)) values)")
    }
    var values: [Double] = []
    values.reserveCapacity(count)
    try handle.seek(toOffset: offset)
    var carry: [UInt8] = []  // the bytes of a value split between two reads
    var remaining = total
    while remaining > 0 {
      guard let chunk = try handle.read(upToCount: min(remaining, chunkSize)),
        !chunk.isEmpty
      else { throw TensorFileError(name, "truncated while reading \(what)") }
      remaining -= chunk.count
      if carry.isEmpty && chunk.count % dtype.size == 0 {
        try chunk.withUnsafeBytes { try decode($0, dtype, bigEndian, into: &values) }
      } else {
        carry.append(contentsOf: chunk)
        let whole = carry.count - carry.count % dtype.size
        try carry.withUnsafeBytes {
          try decode(UnsafeRawBufferPointer(rebasing: $0[..<whole]), dtype, bigEndian, into: &values)
        }
        carry.removeFirst(whole)
      }
    }
    return values
  }

  /// Appends the values in `bytes` (whole values of `dtype`).
  func decode(
    _ bytes: UnsafeRawBufferPointer, _ dtype: TensorDType, _ bigEndian: Bool,
    into values: inout [Double]
  ) throws {
    switch dtype {
    case .float16: append(bytes, UInt16.self, bigEndian, &values) { Double(Float16(bitPattern: $0)) }
    case .bfloat16: append(bytes, UInt16.self, bigEndian, &values) { Double(BFloat16(bitPattern: $0).floatValue) }
    case .float32: append(bytes, UInt32.self, bigEndian, &values) { Double(Float(bitPattern: $0)) }
    case .float64: append(bytes, UInt64.self, bigEndian, &values) { Double(bitPattern: $0) }
    case .bool, .uint8: append(bytes, UInt8.self, bigEndian, &values) { Double($0) }
    case .int8: append(bytes, Int8.self, bigEndian, &values) { Double($0) }
    case .int16: append(bytes, Int16.self, bigEndian, &values) { Double($0) }
    case .uint16: append(bytes, UInt16.self, bigEndian, &values) { Double($0) }
    case .int32: append(bytes, Int32.self, bigEndian, &values) { Double($0) }
    case .uint32: append(bytes, UInt32.self, bigEndian, &values) { Double($0) }
    case .int64:
      let start = values.count
      append(bytes, Int64.self, bigEndian, &values) { $0.magnitude <= 1 << 53 ? Double($0) : .nan }
      if let k = values[start...].firstIndex(where: \.isNaN) {
        let raw = bytes.loadUnaligned(fromByteOffset: (k - start) * 8, as: Int64.self)
        throw beyond2p53(String(bigEndian ? Int64(bigEndian: raw) : Int64(littleEndian: raw)), dtype, k)
      }
    case .uint64:
      let start = values.count
      append(bytes, UInt64.self, bigEndian, &values) { $0 <= 1 << 53 ? Double($0) : .nan }
      if let k = values[start...].firstIndex(where: \.isNaN) {
        let raw = bytes.loadUnaligned(fromByteOffset: (k - start) * 8, as: UInt64.self)
        throw beyond2p53(String(bigEndian ? UInt64(bigEndian: raw) : UInt64(littleEndian: raw)), dtype, k)
      }
    }
  }

  /// A 64-bit integer beyond 2^53 may not be a binary64: refused rather than measured rounded.
  func beyond2p53(_ value: String, _ dtype: TensorDType, _ index: Int) -> TensorFileError {
    TensorFileError(name, "\(dtype.rawValue) value \(value) at index \(index) is beyond 2^53, where a binary64 no longer holds every integer")
  }

}

/// Appends each `Bits` of `bytes` (in the file's byte order), converted by `convert`.
@inline(__always)
func append<Bits: FixedWidthInteger>(
  _ bytes: UnsafeRawBufferPointer, _: Bits.Type, _ bigEndian: Bool, _ values: inout [Double],
  _ convert: (Bits) -> Double
) {
  let size = MemoryLayout<Bits>.size
  for offset in stride(from: 0, to: bytes.count, by: size) {
    let raw = bytes.loadUnaligned(fromByteOffset: offset, as: Bits.self)
    values.append(convert(bigEndian ? Bits(bigEndian: raw) : Bits(littleEndian: raw)))
  }
}
