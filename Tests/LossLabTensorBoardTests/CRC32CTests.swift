import Testing

@testable import LossLabTensorBoard

@Suite("CRC-32C")
struct CRC32CTests {
  @Test("CRC-32C of \"123456789\" is 0xE3069283")
  func checkString() {
    #expect(CRC32C.checksum(Array("123456789".utf8)) == 0xE306_9283)
  }

  @Test("CRC-32C of 32 zero bytes is 0x8A9136AA")
  func zeros() {
    #expect(CRC32C.checksum([UInt8](repeating: 0, count: 32)) == 0x8A91_36AA)
  }

  @Test("The TFRecord mask rotates right by 15 and adds 0xa282ead8")
  func mask() {
    #expect(CRC32C.masked(0) == 0xA282_EAD8)
    #expect(CRC32C.masked(0x0000_8000) == 0xA282_EAD9)
    #expect(CRC32C.masked(0xE306_9283) == 0xC78A_B0E5)
  }
}
