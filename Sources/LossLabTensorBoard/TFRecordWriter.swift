/// Frames records the way TensorFlow's `RecordWriter` does; an event file is a sequence of these.
///
/// Each record: the data length as a little-endian `UInt64`, the masked CRC-32C of those 8 bytes
/// (little-endian `UInt32`), the data, the masked CRC-32C of the data.
struct TFRecordWriter {
  private(set) var bytes: [UInt8] = []

  mutating func append(record data: [UInt8]) {
    var length: [UInt8] = []
    length.appendLittleEndian(UInt64(data.count))
    bytes += length
    bytes.appendLittleEndian(CRC32C.masked(CRC32C.checksum(length)))
    bytes += data
    bytes.appendLittleEndian(CRC32C.masked(CRC32C.checksum(data)))
  }
}
