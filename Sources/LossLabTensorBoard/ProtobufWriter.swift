/// A minimal protocol-buffers wire-format encoder: just the field kinds TensorBoard's `Event`
/// needs. Fields are written in the order the caller adds them.
struct ProtobufWriter {
  private(set) var bytes: [UInt8] = []

  /// Wire types: 0 varint, 1 fixed 64-bit, 2 length-delimited, 5 fixed 32-bit.
  private mutating func key(_ field: Int, wireType: UInt64) {
    varint(UInt64(field) << 3 | wireType)
  }

  /// Base-128, least significant group first, high bit set on every byte but the last.
  mutating func varint(_ value: UInt64) {
    var rest = value
    while rest >= 0x80 {
      bytes.append(UInt8(rest & 0x7F) | 0x80)
      rest >>= 7
    }
    bytes.append(UInt8(rest))
  }

  /// An `int64` field: negative values take ten bytes (two's complement), as protobuf says.
  mutating func int64(_ field: Int, _ value: Int64) {
    key(field, wireType: 0)
    varint(UInt64(bitPattern: value))
  }

  /// A `uint64` or enum field.
  mutating func uint64(_ field: Int, _ value: UInt64) {
    key(field, wireType: 0)
    varint(value)
  }

  mutating func double(_ field: Int, _ value: Double) {
    key(field, wireType: 1)
    bytes.appendLittleEndian(value.bitPattern)
  }

  mutating func float(_ field: Int, _ value: Float) {
    key(field, wireType: 5)
    bytes.appendLittleEndian(value.bitPattern)
  }

  mutating func bytes(_ field: Int, _ value: [UInt8]) {
    key(field, wireType: 2)
    varint(UInt64(value.count))
    bytes.append(contentsOf: value)
  }

  mutating func string(_ field: Int, _ value: String) { bytes(field, Array(value.utf8)) }

  /// A `repeated double` in packed form: one length-delimited field of fixed 64-bit values (the
  /// proto3 default, and what `HistogramProto` declares).
  mutating func packedDoubles(_ field: Int, _ values: [Double]) {
    key(field, wireType: 2)
    varint(UInt64(values.count * 8))
    for value in values { bytes.appendLittleEndian(value.bitPattern) }
  }
}
