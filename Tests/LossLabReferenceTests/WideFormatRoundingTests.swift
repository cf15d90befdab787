import LossLabFormats
import Testing

@testable import LossLabReference

/// Float and Double are too wide to walk exhaustively; seeded random neighbourhoods (normal and
/// subnormal) and the hardware's own single roundings stand in.
@Suite("Rounding to Float and Double")
struct WideFormatRoundingTests {
  /// A random finite pattern of kind `kind % 3`: 0 anywhere, 1 subnormal, 2 within a binade
  /// of 1, of the normal/subnormal boundary or of the largest finite value. Either sign.
  static func randomFinitePattern(_ layout: Layout, kind: Int, using random: inout SplitMix64) -> UInt64 {
    let sign = random.next() & 1 == 0 ? 0 : layout.signBit
    let magnitude: UInt64
    switch kind % 3 {
    case 0: magnitude = random.next() % (layout.maxFinitePattern + 1)
    case 1: magnitude = random.next() & layout.fractionMask
    default:
      let centres: [UInt64] = [
        UInt64(layout.bias) << UInt64(layout.fractionBits),  // 1
        1 << UInt64(layout.fractionBits),  // least normal
        layout.maxFinitePattern,
      ]
      let centre = Int64(centres[Int(random.next() % 3)])
      let spread = Int64(1) << Int64(layout.fractionBits)  // one binade of patterns
      let offset = Int64(random.next() % UInt64(2 * spread)) - spread
      magnitude = UInt64(min(max(centre + offset, 0), Int64(layout.maxFinitePattern)))
    }
    return sign | magnitude
  }

  static func randomFinitePatterns(_ layout: Layout, count: Int, seed: UInt64) -> [UInt64] {
    var random = SplitMix64(seed: seed)
    return (0..<count).map { randomFinitePattern(layout, kind: $0, using: &random) }
  }

  struct RandomNeighbourhoods: FormatVisitor {
    let count: Int
    func visit<T: MachineFloat>(_ type: T.Type) -> (checked: Int, report: String, failed: Bool) {
      var ledger = RoundingLedger(T.self)
      let patterns = WideFormatRoundingTests.randomFinitePatterns(ledger.layout, count: count, seed: 0x5EED_0000 + UInt64(T.format.precision))
      for pattern in patterns {
        checkNeighbourhood(of: pattern, in: &ledger)
      }
      // The boundaries themselves, both signs.
      for sign in [0, ledger.layout.signBit] {
        for pattern: UInt64 in [0, 1, ledger.layout.fractionMask, ledger.layout.fractionMask + 1, ledger.layout.maxFinitePattern] {
          checkNeighbourhood(of: sign | pattern, in: &ledger)
        }
      }
      return (ledger.checked, ledger.report, ledger.failureCount > 0)
    }
  }

  @Test("random Float and Double neighbours: values round-trip, midpoints tie to even, nudged midpoints go to the nearer",
        arguments: [Format.float32, .float64])
  func randomMidpoints(format: Format) {
    let result = format.visit(RandomNeighbourhoods(count: 3_000))
    #expect(result.checked == 4 * (3_000 + 10))
    #expect(!result.failed, "\(result.report)")
  }

  /// Doubles that stress a conversion to `layout`: random bit patterns (NaN and infinities
  /// included), random values in and around the format's range, and exact midpoints of the
  /// format together with their Double neighbours.
  static func stressDoubles(for layout: Layout, count: Int, seed: UInt64) -> [Double] {
    var random = SplitMix64(seed: seed)
    let lowest = layout.minQuantumExponent - 3
    let highest = layout.bias + 3
    var doubles: [Double] = []
    doubles.reserveCapacity(count)
    while doubles.count < count {
      switch doubles.count % 4 {
      case 0:
        doubles.append(Double(bitPattern: random.next()))
      case 1:
        let exponent = lowest + Int(random.next() % UInt64(highest - lowest + 1))
        let significand = 1 + Double(random.next() >> 12) * 0x1p-52
        doubles.append(Double(sign: random.next() & 1 == 0 ? .plus : .minus, exponent: exponent, significand: significand))
      default:
        // The midpoint above a random finite pattern is a Double for every narrower format.
        let pattern = randomFinitePattern(layout, kind: Int(random.next() % 3), using: &random)
        let a = layout.value(pattern)
        let b = pattern & ~layout.signBit == layout.maxFinitePattern
          ? a + (a - layout.value(pattern - 1)) : layout.value(pattern + 1)
        let midpoint = a / 2 + b / 2
        doubles.append(contentsOf: [midpoint, midpoint.nextUp, midpoint.nextDown])
      }
    }
    return doubles
  }

  @Test("every one of 300,000 stress Doubles rounds to Float as Float(d), a single hardware rounding, does")
  func agreesWithFloatConversion() {
    var mismatches: [String] = []
    var checked = 0
    for d in Self.stressDoubles(for: Layout.of(.float32), count: 300_000, seed: 32) {
      checked += 1
      let (expected, got) = MPFRReal.scope { (Float(d), MPFRReal(d).rounded(to: Float.self)) }
      let same = expected.isNaN ? got.isNaN : expected.bitPattern == got.bitPattern
      if !same && mismatches.count < 10 {
        mismatches.append("\(d) (0x\(String(d.bitPattern, radix: 16))): Float(d) = \(expected), reference \(got)")
      }
    }
    #expect(checked >= 300_000)
    #expect(mismatches.isEmpty, "\(mismatches.joined(separator: "\n"))")
  }

  @Test("every one of 100,000 stress Doubles rounds to Float16 as Swift's Float16(d), a single rounding, does")
  func agreesWithFloat16Conversion() {
    var mismatches: [String] = []
    for d in Self.stressDoubles(for: Layout.of(.float16), count: 100_000, seed: 16) {
      let (expected, got) = MPFRReal.scope { (Float16(d), MPFRReal(d).rounded(to: Float16.self)) }
      let same = expected.isNaN ? got.isNaN : expected.bitPattern == got.bitPattern
      if !same && mismatches.count < 10 {
        mismatches.append("\(d): Float16(d) = \(expected), reference \(got)")
      }
    }
    #expect(mismatches.isEmpty, "\(mismatches.joined(separator: "\n"))")
  }

  /// Compares the reference with round-half-even on the integer significand (`Layout.nearestEvenPattern`).
  struct IntegerOracle: FormatVisitor {
    let count: Int
    func visit<T: MachineFloat>(_ type: T.Type) -> [String] {
      let layout = Layout.of(T.format)
      var mismatches: [String] = []
      for d in WideFormatRoundingTests.stressDoubles(for: layout, count: count, seed: 64 + UInt64(T.format.precision)) {
        let got = MPFRReal.scope { MPFRReal(d).rounded(to: T.self) }
        guard let expected = layout.nearestEvenPattern(d) else {
          if !got.isNaN { mismatches.append("\(d): expected NaN, got \(got.doubleValue)") }
          continue
        }
        if got.encoding != expected && mismatches.count < 10 {
          mismatches.append("\(d) (0x\(String(d.bitPattern, radix: 16))): expected 0x\(String(expected, radix: 16)), got 0x\(String(got.encoding, radix: 16))")
        }
      }
      return mismatches
    }
  }

  @Test("every stress Double rounds as round-half-even on its integer significand says", arguments: Format.allCases)
  func agreesWithIntegerRounding(format: Format) {
    let mismatches = format.visit(IntegerOracle(count: 50_000))
    #expect(mismatches.isEmpty, "\(mismatches.joined(separator: "\n"))")
  }

  @Test("the integer oracle itself agrees with Float(d) on the Float stress set")
  func integerOracleIsSound() {
    let layout = Layout.of(.float32)
    var mismatches = 0
    for d in Self.stressDoubles(for: layout, count: 50_000, seed: 7) where !d.isNaN {
      if layout.nearestEvenPattern(d) != UInt64(Float(d).bitPattern) { mismatches += 1 }
    }
    #expect(mismatches == 0)
  }
}

/// The edges of every format, from the bit patterns: the largest finite value, the overflow
/// threshold `max + ulp/2`, the least subnormal and half of it, and the least normal.
@Suite("Format edges")
struct FormatEdgeTests {
  struct Edges: FormatVisitor {
    func visit<T: MachineFloat>(_ type: T.Type) -> [String] {
      let layout = Layout.of(T.format)
      var failures: [String] = []
      MPFRReal.scope {
        let max = MPFRReal(layout.value(layout.maxFinitePattern))
        let ulp = max - MPFRReal(layout.value(layout.maxFinitePattern - 1))
        let threshold = max + ulp.timesPowerOfTwo(-1)
        let least = MPFRReal(layout.value(1))
        let tiny = least.timesPowerOfTwo(-30)
        let cases: [(String, MPFRReal, UInt64)] = [
          ("+0", MPFRReal(0.0), 0),
          ("-0", MPFRReal(-0.0), layout.signBit),
          ("max", max, layout.maxFinitePattern),
          ("max + ulp/2", threshold, layout.infinityPattern),
          ("max + ulp/2 - ulp·2^-30", threshold - ulp.timesPowerOfTwo(-30), layout.maxFinitePattern),
          ("-(max + ulp/2)", -threshold, layout.signBit | layout.infinityPattern),
          ("2·max", max + max, layout.infinityPattern),
          ("least subnormal", least, 1),
          ("half the least subnormal", least.timesPowerOfTwo(-1), 0),
          ("-half the least subnormal", -least.timesPowerOfTwo(-1), layout.signBit),
          ("just above half the least subnormal", least.timesPowerOfTwo(-1) + tiny, 1),
          ("a quarter of the least subnormal", least.timesPowerOfTwo(-2), 0),
          ("1.5 least subnormal", least + least.timesPowerOfTwo(-1), 2),
          ("2.5 least subnormal", least.timesPowerOfTwo(1) + least.timesPowerOfTwo(-1), 2),
          ("least normal", MPFRReal(layout.value(layout.fractionMask + 1)), layout.fractionMask + 1),
          ("largest subnormal + half a quantum", MPFRReal(layout.value(layout.fractionMask)) + least.timesPowerOfTwo(-1), layout.fractionMask + 1),
          ("1", MPFRReal(1), UInt64(layout.bias) << UInt64(layout.fractionBits)),
          ("-2", MPFRReal(-2), layout.signBit | UInt64(layout.bias + 1) << UInt64(layout.fractionBits)),
          ("+inf", MPFRReal.infinity, layout.infinityPattern),
          ("-inf", -MPFRReal.infinity, layout.signBit | layout.infinityPattern),
        ]
        for (name, x, expected) in cases {
          let got = x.rounded(to: T.self).encoding
          if got != expected {
            failures.append("\(T.format) \(name) (\(x.decimalString(significantDigits: 20))): expected 0x\(String(expected, radix: 16)), got 0x\(String(got, radix: 16))")
          }
        }
        if !MPFRReal.nan.rounded(to: T.self).isNaN { failures.append("\(T.format): NaN did not stay NaN") }
        if !MPFRReal.nan.roundedValue(in: T.format).isNaN { failures.append("\(T.format): NaN roundedValue") }
      }
      return failures
    }
  }

  @Test("max + ulp/2 overflows, half the least subnormal underflows to zero, ties go to even", arguments: Format.allCases)
  func edges(format: Format) {
    let failures = format.visit(Edges())
    #expect(failures.isEmpty, "\(failures.joined(separator: "\n"))")
  }

  @Test("Format's MPFR exponent range matches the bit layout: emin - 1 is the least subnormal's exponent, emax - 1 the top binade's",
        arguments: Format.allCases)
  func exponentRange(format: Format) {
    let layout = Layout.of(format)
    #expect(format.precision == layout.fractionBits + 1)
    #expect(format.mpfrMinExponent - 1 == layout.minQuantumExponent)
    #expect(format.mpfrMaxExponent - 1 == layout.bias)
  }

  @Test("bfloat16's MPFR range is emin = -132, emax = 128 and Float16's is emin = -23, emax = 16")
  func derivedRanges() {
    #expect(Format.bfloat16.mpfrMinExponent == -132)
    #expect(Format.bfloat16.mpfrMaxExponent == 128)
    #expect(Format.float16.mpfrMinExponent == -23)
    #expect(Format.float16.mpfrMaxExponent == 16)
  }
}
