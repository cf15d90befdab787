import LossLabFormats
import Testing

@testable import LossLabReference

/// Every finite Float16 and bfloat16 value, and every midpoint between neighbours, rounds from the
/// reference exactly as IEEE 754 says. Expected bit patterns come from the patterns themselves:
/// a value rounds to its own pattern, a midpoint to the even one of its two neighbours.
@Suite("Exhaustive rounding to the 16-bit formats")
struct SixteenBitRoundingTests {
  /// Walks every finite pattern of both signs through `checkNeighbourhood`.
  struct Exhaustive: FormatVisitor {
    func visit<T: MachineFloat>(_ type: T.Type) -> (finite: Int, checked: Int, report: String, failed: Bool) {
      var ledger = RoundingLedger(T.self)
      let layout = ledger.layout
      var finite = 0
      for sign in [0, layout.signBit] {
        for magnitude in 0...layout.maxFinitePattern {
          finite += 1
          checkNeighbourhood(of: sign | magnitude, in: &ledger)
        }
      }
      return (finite, ledger.checked, ledger.report, ledger.failureCount > 0)
    }
  }

  @Test("Float16: all 63,488 finite values round-trip, midpoints tie to even, nudged midpoints go to the nearer")
  func float16() {
    let result = Format.float16.visit(Exhaustive())
    #expect(result.finite == 63_488)
    #expect(result.checked == 4 * 63_488)
    #expect(!result.failed, "\(result.report)")
  }

  @Test("bfloat16: all 65,280 finite values round-trip, midpoints tie to even, nudged midpoints go to the nearer")
  func bfloat16() {
    let result = Format.bfloat16.visit(Exhaustive())
    #expect(result.finite == 65_280)
    #expect(result.checked == 4 * 65_280)
    #expect(!result.failed, "\(result.report)")
  }

  @Test("the bit-pattern decoder used as oracle agrees with Swift's Float16 and with bfloat16 as a Float's top half")
  func decoderIsSound() {
    let half = Layout.of(.float16), brain = Layout.of(.bfloat16)
    var mismatches: [UInt16] = []
    for bits in UInt16.min...UInt16.max {
      if half.isFinite(UInt64(bits)),
        half.value(UInt64(bits)).bitPattern != Double(Float16(bitPattern: bits)).bitPattern
      {
        mismatches.append(bits)
      }
      if brain.isFinite(UInt64(bits)),
        brain.value(UInt64(bits)).bitPattern
          != Double(Float(bitPattern: UInt32(bits) << 16)).bitPattern
      {
        mismatches.append(bits)
      }
    }
    #expect(mismatches.isEmpty)
  }

  // The named edge cases, each written out from its bit pattern.

  @Test("Float16: 65520, halfway from 65504 (0x7BFF) to 65536, rounds to +inf; just below it to 65504")
  func float16Overflow() {
    MPFRReal.scope {
      let midpoint = MPFRReal(65520)
      let below = midpoint - MPFRReal(1).timesPowerOfTwo(-30)
      #expect(midpoint.rounded(to: Float16.self).bitPattern == 0x7C00)
      #expect(below.rounded(to: Float16.self).bitPattern == 0x7BFF)
      #expect((-midpoint).rounded(to: Float16.self).bitPattern == 0xFC00)
      #expect((-below).rounded(to: Float16.self).bitPattern == 0xFBFF)
      #expect(MPFRReal(65504).rounded(to: Float16.self).bitPattern == 0x7BFF)
    }
  }

  @Test("Float16: 2^-25, half the least subnormal, rounds to 0; just above it to 2^-24 (0x0001)")
  func float16Underflow() {
    MPFRReal.scope {
      let half = MPFRReal(1).timesPowerOfTwo(-25)
      let above = half + MPFRReal(1).timesPowerOfTwo(-60)
      #expect(half.rounded(to: Float16.self).bitPattern == 0x0000)
      #expect(above.rounded(to: Float16.self).bitPattern == 0x0001)
      #expect((-half).rounded(to: Float16.self).bitPattern == 0x8000)
      #expect((-above).rounded(to: Float16.self).bitPattern == 0x8001)
      // 1.5 · 2^-24 is a tie between 0x0001 (odd) and 0x0002 (even).
      #expect(MPFRReal(3).timesPowerOfTwo(-25).rounded(to: Float16.self).bitPattern == 0x0002)
    }
  }

  @Test("Float16: -0 stays -0 and +0 stays +0")
  func float16SignedZero() {
    MPFRReal.scope {
      #expect(MPFRReal(-0.0).rounded(to: Float16.self).bitPattern == 0x8000)
      #expect(MPFRReal(0.0).rounded(to: Float16.self).bitPattern == 0x0000)
      #expect(MPFRReal(-0.0).roundedValue(in: .float16).sign == .minus)
    }
  }

  @Test("bfloat16: (0x7F7F + 2^128)/2 = 2^128 - 2^119 rounds to +inf; just below it to 0x7F7F (emax = 128)")
  func bfloat16Overflow() {
    MPFRReal.scope {
      // 0x7F7F = (2 - 2^-7) · 2^127 = 2^128 - 2^120
      let two128 = MPFRReal(1).timesPowerOfTwo(128)
      let max = two128 - MPFRReal(1).timesPowerOfTwo(120)
      let midpoint = (max + two128).timesPowerOfTwo(-1)
      #expect(midpoint == two128 - MPFRReal(1).timesPowerOfTwo(119))
      let below = midpoint - MPFRReal(1).timesPowerOfTwo(80)
      #expect(max.rounded(to: BFloat16.self).bitPattern == 0x7F7F)
      #expect(midpoint.rounded(to: BFloat16.self).bitPattern == 0x7F80)
      #expect(below.rounded(to: BFloat16.self).bitPattern == 0x7F7F)
      #expect((-midpoint).rounded(to: BFloat16.self).bitPattern == 0xFF80)
      #expect((-below).rounded(to: BFloat16.self).bitPattern == 0xFF7F)
    }
  }

  @Test("bfloat16: 2^-134, half the least subnormal 2^-133, rounds to 0; just above it to 0x0001 (emin = -132)")
  func bfloat16Underflow() {
    MPFRReal.scope {
      let half = MPFRReal(1).timesPowerOfTwo(-134)
      let above = half + MPFRReal(1).timesPowerOfTwo(-180)
      #expect(half.rounded(to: BFloat16.self).bitPattern == 0x0000)
      #expect(above.rounded(to: BFloat16.self).bitPattern == 0x0001)
      #expect((-half).rounded(to: BFloat16.self).bitPattern == 0x8000)
      #expect((-above).rounded(to: BFloat16.self).bitPattern == 0x8001)
      #expect(MPFRReal(1).timesPowerOfTwo(-133).rounded(to: BFloat16.self).bitPattern == 0x0001)
      #expect(MPFRReal(1).timesPowerOfTwo(-126).rounded(to: BFloat16.self).bitPattern == 0x0080)
    }
  }
}
