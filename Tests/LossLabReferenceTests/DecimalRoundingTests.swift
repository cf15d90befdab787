import LossLabFormats
import Testing

@testable import LossLabReference

/// `roundDecimal` takes a decimal to a format in one rounding, so decimals on or next to a
/// midpoint land where IEEE 754 says, where going through Double first would round twice.
@Suite("Decimal inputs rounded once")
struct DecimalRoundingTests {
  static func bits(_ value: Double?) -> UInt64? { value?.bitPattern }

  @Test("1e-8 is 0 in Float16 and -1e-8 is -0")
  func float16UnderflowsToZero() {
    #expect(Self.bits(MPFRReal.roundDecimal("1e-8", in: .float16)) == (0.0).bitPattern)
    #expect(Self.bits(MPFRReal.roundDecimal("-1e-8", in: .float16)) == (-0.0).bitPattern)
  }

  @Test("1e-7 is 2^-23 in Float16 (1e-7 / 2^-24 ≈ 1.68 rounds to 2 subnormal quanta)")
  func float16SubnormalEpsilon() {
    #expect(MPFRReal.roundDecimal("1e-7", in: .float16) == 0x1p-23)
    #expect(MPFRReal.roundDecimal("1e-7", in: .float16) == Layout.of(.float16).value(0x0002))
  }

  @Test("0.1 is 0x3DCD in bfloat16, as BFloat16(0.1) says: 0.1 = 1.6 · 2^-4 and 0.6 · 2^7 = 76.8 rounds to 77 = 0x4D")
  func bfloat16OneTenth() {
    let expected = Layout.of(.bfloat16).value(0x3DCD)
    #expect(MPFRReal.roundDecimal("0.1", in: .bfloat16) == expected)
    #expect(BFloat16(0.1 as Double).bitPattern == 0x3DCD)
    #expect(MPFRReal.scope { MPFRReal(decimal: "0.1")!.rounded(to: BFloat16.self).bitPattern } == 0x3DCD)
  }

  @Test("1 - 1e-7 is 1 in Float16 and bfloat16; 1e-7 in bfloat16 is 1.00117e-7 (the numerics card)")
  func numericsCardRoundings() {
    #expect(MPFRReal.roundDecimal("0.9999999", in: .float16) == 1)
    #expect(MPFRReal.roundDecimal("0.9999999", in: .bfloat16) == 1)
    // 1e-7 lies in [2^-24, 2^-23), where bfloat16's spacing is 2^-31: 1e-7 / 2^-31 ≈ 214.75 → 215.
    #expect(MPFRReal.roundDecimal("1e-7", in: .bfloat16) == 215 * 0x1p-31)
    #expect(MPFRReal.roundDecimal("1e-8", in: .bfloat16)! > 0)
  }

  @Test("1.00048828125 = 1 + 2^-11, the Float16 midpoint above 1, ties to 1; a hair above rounds up to 1 + 2^-10")
  func float16DoubleRoundingCase() throws {
    #expect(exactDecimal(1 + 0x1p-11) == "1.00048828125")
    #expect(MPFRReal.roundDecimal("1.00048828125", in: .float16) == 1)
    let justAbove = "1.000488281250000000000000001"
    #expect(MPFRReal.roundDecimal(justAbove, in: .float16) == 1 + 0x1p-10)
    #expect(MPFRReal.roundDecimal("-" + justAbove, in: .float16) == -(1 + 0x1p-10))
    #expect(MPFRReal.roundDecimal("1.000488281249999999999999999", in: .float16) == 1)
    // Through Double the hair is lost (it is far below half an ulp of Double) and the tie goes to 1.
    let viaDouble = try #require(Double(justAbove))
    #expect(viaDouble == 1 + 0x1p-11)
    #expect(Float16(viaDouble) == 1)
  }

  /// The midpoint above 1 in each format: `1 + 2^-p`.
  @Test("1 + 2^-p written in decimal ties to 1, a hair above goes to 1 + 2^(1-p), a hair below to 1", arguments: Format.allCases)
  func midpointAboveOne(format: Format) {
    let layout = Layout.of(format)
    let one = UInt64(layout.bias) << UInt64(layout.fractionBits)
    let midpoint = exactMidpointDecimal(above: one, in: layout)
    #expect(midpoint.hasPrefix("1.") && midpoint.hasSuffix("5"))
    #expect(MPFRReal.roundDecimal(midpoint, in: format) == 1)
    #expect(MPFRReal.roundDecimal(hairAbove(midpoint), in: format) == layout.value(one + 1))
    #expect(MPFRReal.roundDecimal(hairBelow(midpoint), in: format) == 1)
    // The next midpoint up lies between an odd and an even pattern and goes up.
    let next = exactMidpointDecimal(above: one + 1, in: layout)
    #expect(MPFRReal.roundDecimal(next, in: format) == layout.value(one + 2))
  }

  /// For random finite patterns: the exact decimal of the midpoint above, the same decimal a hair
  /// above and a hair below; expected patterns from the parity rule.
  struct RandomDecimalMidpoints: FormatVisitor {
    let count: Int
    func visit<T: MachineFloat>(_ type: T.Type) -> [String] {
      let layout = Layout.of(T.format)
      var random = SplitMix64(seed: 0xDEC1_0000 + UInt64(T.format.precision))
      var failures: [String] = []
      func expect(_ text: String, _ expected: UInt64) {
        let value = MPFRReal.roundDecimal(text, in: T.format)
        let want = layout.isFinite(expected)
          ? layout.value(expected) : (expected & layout.signBit == 0 ? .infinity : -.infinity)
        if value?.bitPattern != want.bitPattern && failures.count < 10 {
          let shown = text.count > 60 ? String(text.prefix(30)) + "…" + String(text.suffix(25)) : text
          failures.append("\(T.format) \(shown): expected \(want), got \(value.map { "\($0)" } ?? "nil")")
        }
      }
      for i in 0..<count {
        let low = WideFormatRoundingTests.randomFinitePattern(layout, kind: i, using: &random)
        let sign = low & layout.signBit
        let magnitude = low & ~layout.signBit
        let high = magnitude == layout.maxFinitePattern ? sign | layout.infinityPattern : low + 1
        let midpoint = exactMidpointDecimal(above: magnitude, in: layout, negative: sign != 0)
        expect(midpoint, low & 1 == 0 ? low : high)
        expect(hairAbove(midpoint), high)
        expect(hairBelow(midpoint), low)
      }
      return failures
    }
  }

  @Test("exact decimal midpoints of random neighbours tie to even; a hair either side goes to the nearer", arguments: Format.allCases)
  func randomMidpoints(format: Format) {
    let failures = format.visit(RandomDecimalMidpoints(count: format == .float64 ? 300 : 1_000))
    #expect(failures.isEmpty, "\(failures.joined(separator: "\n"))")
  }

  @Test("the hair helpers: 2225 → 2224.999…9 and 2225.000…01, 1.5 → 1.4999…, 2240 → 2239.999…")
  func hairHelpers() {
    let nines = String(repeating: "9", count: 22)
    #expect(hairBelow("2225") == "2224." + nines)
    #expect(hairAbove("2225") == "2225." + String(repeating: "0", count: 23) + "1")
    #expect(hairBelow("-1.5") == "-1.4" + nines)
    #expect(hairBelow("2240") == "2239." + nines)
  }

  @Test("Float16: 65520 overflows to +inf, 65519.999999999 rounds to 65504; bfloat16: 2^128 - 2^119 overflows")
  func overflowInDecimal() {
    #expect(MPFRReal.roundDecimal("65520", in: .float16) == .infinity)
    #expect(MPFRReal.roundDecimal("-65520", in: .float16) == -.infinity)
    #expect(MPFRReal.roundDecimal("65519.999999999", in: .float16) == 65504)
    let threshold = exactDecimal(significand: (1 << 9) - 1, exponent: 119)  // 2^128 - 2^119
    #expect(MPFRReal.roundDecimal(threshold, in: .bfloat16) == .infinity)
    #expect(MPFRReal.roundDecimal(threshold + ".0", in: .bfloat16) == .infinity)
    #expect(MPFRReal.roundDecimal("3.3895e38", in: .bfloat16) == Layout.of(.bfloat16).value(0x7F7F))
  }

  @Test("random decimals round to Double as strtod does and to Float as strtof does (both correctly rounded)")
  func agreesWithTheCLibrary() {
    var random = SplitMix64(seed: 0x57D0)
    var mismatches: [String] = []
    for _ in 0..<4_000 {
      let digits = 1 + Int(random.next() % 30)
      var text = random.next() & 1 == 0 ? "" : "-"
      text += String(1 + random.next() % 9)
      text += "."
      for _ in 1..<digits { text += String(random.next() % 10) }
      let exponent = Int(random.next() % 700) - 350
      let small = text + "e\(exponent / 7)"
      text += "e\(exponent)"
      let asDouble = MPFRReal.roundDecimal(text, in: .float64)
      if asDouble?.bitPattern != Double(text)?.bitPattern {
        mismatches.append("\(text): float64 \(String(describing: asDouble)) vs strtod \(String(describing: Double(text)))")
      }
      let asFloat = MPFRReal.roundDecimal(small, in: .float32)
      if asFloat?.bitPattern != Float(small).map({ Double($0).bitPattern }) {
        mismatches.append("\(small): float32 \(String(describing: asFloat)) vs strtof \(String(describing: Float(small)))")
      }
    }
    #expect(mismatches.isEmpty, "\(mismatches.prefix(10).joined(separator: "\n"))")
  }

  /// Hex floats are read exactly (MPFR's base 0), so a worst input can be pasted back exactly.
  @Test("hex floats are exact: 0x1p-12 is 2^-12, 0x1.8p1 is 3, 0x10 is 16")
  func hex() {
    #expect(MPFRReal.roundDecimal("0x1p-12", in: .float64) == 0x1p-12)
    #expect(MPFRReal.roundDecimal("0x1.8p1", in: .float16) == 3)
    #expect(MPFRReal.roundDecimal("0x10", in: .bfloat16) == 16)
    #expect(MPFRReal.roundDecimal("-0x1.000002p0", in: .float32) == -(1 + 0x1p-23))
  }

  @Test("strings that are not whole numbers give nil", arguments: ["", "1e", "abc", " 1", "1 ", "\t1", "1,5", "--1", "0x", "0x1p", ".", "e5", "1e5x"])
  func invalid(text: String) {
    for format in Format.allCases {
      #expect(MPFRReal.roundDecimal(text, in: format) == nil, "\(format)")
    }
    #expect(MPFRReal.scope { MPFRReal(decimal: text) == nil })
  }

  @Test("a string with a NUL after a number is not a number")
  func embeddedNul() {
    // Swift strings may hold NUL; C's strtofr stops there and would see only "1".
    #expect(MPFRReal.roundDecimal("1\u{0}5", in: .float16) == nil)
    #expect(MPFRReal.scope { MPFRReal(decimal: "1\u{0}5") == nil })
  }

  @Test("inf, -inf and nan parse in every format", arguments: Format.allCases)
  func nonFinite(format: Format) {
    #expect(MPFRReal.roundDecimal("inf", in: format) == .infinity)
    #expect(MPFRReal.roundDecimal("-inf", in: format) == -.infinity)
    #expect(MPFRReal.roundDecimal("nan", in: format)?.isNaN == true)
    MPFRReal.scope {
      #expect(MPFRReal(decimal: "inf")?.isInfinite == true)
      #expect(MPFRReal(decimal: "inf")?.isNegative == false)
      #expect(MPFRReal(decimal: "-inf")?.isInfinite == true)
      #expect(MPFRReal(decimal: "-inf")?.isNegative == true)
      #expect(MPFRReal(decimal: "nan")?.isNaN == true)
    }
  }

  @Test("valid spellings parse: signs, exponents, leading point", arguments: [
    ("+1.5", 1.5), ("-1.5e-7", -1.5e-7), ("1E3", 1000), (".5", 0.5), ("-0", -0.0), ("0.000", 0),
  ])
  func validSpellings(text: String, value: Double) {
    #expect(Self.bits(MPFRReal.roundDecimal(text, in: .float64)) == value.bitPattern)
    #expect(MPFRReal.scope { MPFRReal(decimal: text).map(\.doubleValue)?.bitPattern } == value.bitPattern)
  }
}
