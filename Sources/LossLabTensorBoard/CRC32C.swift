/// CRC-32C (Castagnoli), the checksum TFRecord frames carry, and TFRecord's mask of it.
///
/// Reflected polynomial 0x82F63B78, initial value and final xor 0xFFFFFFFF, one table lookup per
/// byte. Check values: "123456789" gives 0xE3069283, 32 zero bytes give 0x8A9136AA.
enum CRC32C {
  static let table: [UInt32] = (0..<256).map { byte in
    var crc = UInt32(byte)
    for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0x82F6_3B78 : crc >> 1 }
    return crc
  }

  static func checksum(_ bytes: some Sequence<UInt8>) -> UInt32 {
    var crc: UInt32 = 0xFFFF_FFFF
    for byte in bytes { crc = table[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8) }
    return crc ^ 0xFFFF_FFFF
  }

  /// TFRecord stores CRCs rotated right by 15 bits plus a constant, so that a CRC of data that
  /// itself contains CRCs does not degenerate.
  static func masked(_ crc: UInt32) -> UInt32 {
    ((crc >> 15) | (crc << 17)) &+ 0xA282_EAD8
  }
}
