extension Array where Element == UInt8 {
  /// Appends `value`'s bytes, least significant first (TFRecord framing and protobuf's fixed
  /// 32- and 64-bit fields).
  mutating func appendLittleEndian<T: FixedWidthInteger>(_ value: T) {
    Swift.withUnsafeBytes(of: value.littleEndian) { append(contentsOf: $0) }
  }
}
