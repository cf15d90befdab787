/// An independent protobuf wire-format decoder for the tests: a message as its fields in order.
struct ProtobufFields {
  enum Value: Equatable {
    case varint(UInt64)
    case fixed64(UInt64)
    case bytes([UInt8])
    case fixed32(UInt32)
  }

  struct DecodeError: Error {}

  var fields: [(number: Int, value: Value)] = []

  init(_ bytes: [UInt8]) throws {
    var index = 0
    func varint() throws -> UInt64 {
      var result: UInt64 = 0
      var shift: UInt64 = 0
      while true {
        guard index < bytes.count, shift < 64 else { throw DecodeError() }
        let byte = bytes[index]
        index += 1
        result |= UInt64(byte & 0x7F) << shift
        if byte < 0x80 { return result }
        shift += 7
      }
    }
    func take(_ count: Int) throws -> [UInt8] {
      guard count >= 0, index + count <= bytes.count else { throw DecodeError() }
      defer { index += count }
      return Array(bytes[index..<index + count])
    }
    func littleEndian(_ bytes: [UInt8]) -> UInt64 {
      bytes.reversed().reduce(0) { $0 << 8 | UInt64($1) }
    }
    while index < bytes.count {
      let key = try varint()
      let number = Int(key >> 3)
      switch key & 7 {
      case 0: fields.append((number, .varint(try varint())))
      case 1: fields.append((number, .fixed64(littleEndian(try take(8)))))
      case 2: fields.append((number, .bytes(try take(Int(try varint())))))
      case 5: fields.append((number, .fixed32(UInt32(littleEndian(try take(4))))))
      default: throw DecodeError()
      }
    }
  }

  func all(_ number: Int) -> [Value] { fields.filter { $0.number == number }.map(\.value) }

  func double(_ number: Int) -> Double? {
    if case .fixed64(let bits) = all(number).last { return Double(bitPattern: bits) }
    return nil
  }

  func float(_ number: Int) -> Float? {
    if case .fixed32(let bits) = all(number).last { return Float(bitPattern: bits) }
    return nil
  }

  func int64(_ number: Int) -> Int64? {
    if case .varint(let value) = all(number).last { return Int64(bitPattern: value) }
    return nil
  }

  func bytes(_ number: Int) -> [UInt8]? {
    if case .bytes(let value) = all(number).last { return value }
    return nil
  }

  func string(_ number: Int) -> String? {
    bytes(number).map { String(decoding: $0, as: UTF8.self) }
  }

  func message(_ number: Int) throws -> ProtobufFields? {
    try bytes(number).map(ProtobufFields.init)
  }

  /// A packed `repeated double`.
  func packedDoubles(_ number: Int) -> [Double] {
    all(number).flatMap { value -> [Double] in
      guard case .bytes(let bytes) = value else { return [] }
      return stride(from: 0, to: bytes.count, by: 8).map { start in
        Double(bitPattern: bytes[start..<start + 8].reversed().reduce(0) { $0 << 8 | UInt64($1) })
      }
    }
  }
}
