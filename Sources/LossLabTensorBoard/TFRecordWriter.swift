/// Frames records the way TensorFlow's `RecordWriter` does; an event file is a sequence of these.
///
/// Each record: the data length as a little-endian `UInt64`, the masked CRC-32C of those 8 bytes
/// (little-endian `UInt32`), the data, the masked CRC-32C of the data.
struct TFRecordWriter {
  private(set) var bytes: [UInt8] = []

  mutating func append(record data: [UInt8]) {
    let length = withUnsafeBytes(of: UInt64(data.count).littleEndian) { Array($0) }
    bytes += length
    appendUInt32(CRC32C.masked(CRC32C.checksum(length)))
    bytes += data
    appendUInt32(CRC32C.masked(CRC32C.checksum(data)))
  }

  private mutating func appendUInt32(_ value: UInt32) {
    withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
  }
}
