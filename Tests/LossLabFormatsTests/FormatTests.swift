import Testing
@testable import LossLabFormats

// The expected constants are the numerics card's table (/work/shared/numerics-card.md, "Formats"),
// typed in here, and Swift's own Float16/Float/Double; expected roundings come from
// `referenceRound` (Support/ReferenceRounding.swift) or are worked out in comments.

/// The numerics card's row for a format, typed in by hand. `greatestFinite` is exact, worked out
/// from p and the top binade; `printedGreatestFinite` is the card's rounded figure, as a
/// significand and a power of ten (1.7977e308 itself is past Double's largest finite).
struct CardRow: Sendable {
  let card: CardFormat
  let precision: Int
  let leastNonzeroMagnitude: Double
  let leastNormalMagnitude: Double
  let greatestFinite: Double
  let printedGreatestFinite: (significand: Double, powerOfTen: Double)
  let unitRoundoff: Double
  let bitWidth: Int
  /// MPFR's emin and emax (card: binary16 -23 and 16, bfloat16 -132 and 128; float32 and float64
  /// by the same rule: the least subnormal is 0.5·2^emin, the largest finite < 2^emax).
  let mpfrMinExponent: Int
  let mpfrMaxExponent: Int
  /// 1 - ε rounds to 1 for ε up to this (card: 2^-12 in Float16, 2^-9 in bfloat16; half the
  /// spacing 2^-p below 1 in general).
  let oneMinusEpsilonThreshold: Double
  /// A running sum of ones stalls here (card: 2048 in Float16, 256 in bfloat16, counts exact up
  /// to 2^24 in Float; 2^53 in Double by the same rule).
  let runningSumStall: Double

  static func of(_ format: Format) -> CardRow {
    switch format {
    case .float16:
      CardRow(
        card: .float16, precision: 11, leastNonzeroMagnitude: 0x1p-24, leastNormalMagnitude: 0x1p-14,
        greatestFinite: 65504, printedGreatestFinite: (6.5504, 1e4), unitRoundoff: 0x1p-11, bitWidth: 16,
        mpfrMinExponent: -23, mpfrMaxExponent: 16, oneMinusEpsilonThreshold: 0x1p-12, runningSumStall: 2048)
    case .bfloat16:
      CardRow(
        card: .bfloat16, precision: 8, leastNonzeroMagnitude: 0x1p-133, leastNormalMagnitude: 0x1p-126,
        greatestFinite: 0x1.FEp127, printedGreatestFinite: (3.3895, 1e38), unitRoundoff: 0x1p-8, bitWidth: 16,
        mpfrMinExponent: -132, mpfrMaxExponent: 128, oneMinusEpsilonThreshold: 0x1p-9, runningSumStall: 256)
    case .float32:
      CardRow(
        card: .float32, precision: 24, leastNonzeroMagnitude: 0x1p-149, leastNormalMagnitude: 0x1p-126,
        greatestFinite: 0x1.FFFFFEp127, printedGreatestFinite: (3.4028, 1e38), unitRoundoff: 0x1p-24, bitWidth: 32,
        mpfrMinExponent: -148, mpfrMaxExponent: 128, oneMinusEpsilonThreshold: 0x1p-25, runningSumStall: 0x1p24)
    case .float64:
      CardRow(
        card: .float64, precision: 53, leastNonzeroMagnitude: 0x1p-1074, leastNormalMagnitude: 0x1p-1022,
        greatestFinite: 0x1.FFFFFFFFFFFFFp1023, printedGreatestFinite: (1.7977, 1e308), unitRoundoff: 0x1p-53,
        bitWidth: 64, mpfrMinExponent: -1073, mpfrMaxExponent: 1024, oneMinusEpsilonThreshold: 0x1p-54,
        runningSumStall: 0x1p53)
    }
  }
}

/// Swift's own constants for a binary floating-point type, as Doubles.
private struct SwiftConstants: Equatable {
  let precision: Int
  let leastNonzeroMagnitude: Double
  let leastNormalMagnitude: Double
  let greatestFiniteMagnitude: Double
  let unitRoundoff: Double
  let bitWidth: Int

  init<F: BinaryFloatingPoint>(_: F.Type) {
    precision = F.significandBitCount + 1
    leastNonzeroMagnitude = Double(F.leastNonzeroMagnitude)
    leastNormalMagnitude = Double(F.leastNormalMagnitude)
    greatestFiniteMagnitude = Double(F.greatestFiniteMagnitude)
    unitRoundoff = Double(F.ulpOfOne) / 2
    bitWidth = MemoryLayout<F>.size * 8
  }
}

@Suite("Format")
struct FormatTests {

  // MARK: - Constants

  @Test("the format's constants are the numerics card's", arguments: Format.allCases)
  func constantsMatchCard(format: Format) {
    let row = CardRow.of(format)
    #expect(format.precision == row.precision)
    #expect(format.leastNonzeroMagnitude == row.leastNonzeroMagnitude)
    #expect(format.leastNormalMagnitude == row.leastNormalMagnitude)
    #expect(format.greatestFiniteMagnitude == row.greatestFinite)
    #expect(format.unitRoundoff == row.unitRoundoff)
    #expect(format.bitWidth == row.bitWidth)
    #expect(format.mpfrMinExponent == row.mpfrMinExponent)
    #expect(format.mpfrMaxExponent == row.mpfrMaxExponent)
    // The exact largest finite value is the card's printed one to the digits printed.
    let (significand, powerOfTen) = row.printedGreatestFinite
    #expect(abs(row.greatestFinite / powerOfTen - significand) <= 0.00005 * 1.0001)
    // And it is (2^p - 1)·2^(emax - p + 1), from the card's precision and top binade.
    #expect(row.greatestFinite == row.card.greatestFinite)
  }

  @Test("float16, float32 and float64 constants are Swift's Float16, Float and Double constants",
        arguments: [Format.float16, .float32, .float64])
  func constantsMatchSwift(format: Format) {
    let swift: SwiftConstants
    switch format {
    case .float16: swift = SwiftConstants(Float16.self)
    case .float32: swift = SwiftConstants(Float.self)
    case .float64: swift = SwiftConstants(Double.self)
    case .bfloat16: Issue.record("no Swift type"); return
    }
    #expect(format.precision == swift.precision)
    #expect(format.leastNonzeroMagnitude == swift.leastNonzeroMagnitude)
    #expect(format.leastNormalMagnitude == swift.leastNormalMagnitude)
    #expect(format.greatestFiniteMagnitude == swift.greatestFiniteMagnitude)
    #expect(format.unitRoundoff == swift.unitRoundoff)
    #expect(format.bitWidth == swift.bitWidth)
  }

  @Test("formats are named as on the command line and ordered by width, bfloat16 after float16")
  func namesAndOrder() {
    #expect(Format.allCases.map(\.rawValue) == ["float16", "bfloat16", "float32", "float64"])
    #expect(Format.float16 < .bfloat16 && Format.bfloat16 < .float32 && Format.float32 < .float64)
    #expect(!(Format.float32 < .float32))
    #expect(Format(rawValue: "bfloat16") == .bfloat16)
  }

  private struct TypeMatches: FormatVisitor {
    let format: Format
    func visit<T: MachineFloat>(_ type: T.Type) -> Bool {
      let expected: Any.Type
      switch format {
      case .float16: expected = Float16.self
      case .bfloat16: expected = BFloat16.self
      case .float32: expected = Float.self
      case .float64: expected = Double.self
      }
      return T.self == expected && T.format == format && MemoryLayout<T>.size * 8 == CardRow.of(format).bitWidth
    }
  }

  @Test("visit(_:) hands over the format's own Swift type", arguments: Format.allCases)
  func visitHandsOverType(format: Format) {
    #expect(format.visit(TypeMatches(format: format)))
  }

  private struct BoundaryValues: FormatVisitor {
    let row: CardRow
    func visit<T: MachineFloat>(_ type: T.Type) {
      let tiny = row.leastNonzeroMagnitude, normal = row.leastNormalMagnitude
      let greatest = row.greatestFinite
      #expect(T(nearest: tiny).doubleValue == tiny)
      #expect(T(nearest: tiny).isSubnormal)
      #expect(T(nearest: normal).doubleValue == normal)
      #expect(!T(nearest: normal).isSubnormal)
      #expect(T(nearest: normal - tiny).isSubnormal)
      #expect(T(nearest: normal - tiny).doubleValue == normal - tiny)
      #expect(T(nearest: greatest).doubleValue == greatest)
      #expect(T(nearest: greatest).isFinite)
      #expect(T(nearest: -greatest).doubleValue == -greatest)
      // Half the least subnormal is a tie with 0 (even): it rounds to zero.
      if row.precision < 53 {
        #expect(T(nearest: tiny / 2).isZero)
        #expect(T(nearest: tiny / 2 * 1.5).doubleValue == tiny)
        // Halfway from the largest finite to 2^(emax+1): rounds to infinity.
        let overflowMidpoint = greatest + pow2(row.card.maxExponent - row.precision)
        #expect(T(nearest: overflowMidpoint).isInfinite)
        #expect(T(nearest: overflowMidpoint.nextDown).doubleValue == greatest)
      }
      #expect(T.infinity.doubleValue == .infinity)
      #expect(T.nan.isNaN && T.nan.doubleValue.isNaN)
      #expect(T.zero.doubleValue == 0 && T.one.doubleValue == 1)
    }
  }

  @Test("the least subnormal, least normal and largest finite values are the format's own, and the ties below and above them round as the card says",
        arguments: Format.allCases)
  func boundaryValues(format: Format) {
    format.visit(BoundaryValues(row: .of(format)))
  }

  // MARK: - ulp(at:)

  @Test("float16 ulp(at:) is Float16.ulp at all 63,488 finite Float16 values")
  func ulpMatchesFloat16() {
    var bad = Mismatches()
    for b in UInt16.min...UInt16.max {
      let x = Float16(bitPattern: b)
      guard x.isFinite else { continue }
      let got = Format.float16.ulp(at: Double(x)), want = Double(x.ulp)
      bad.check(got == want, "\(x): \(got), want \(want)")
    }
    #expect(bad.tested == 63488)
    #expect(bad.wrong == 0, "\(bad)")
  }

  @Test("float32 and float64 ulp(at:) are Float.ulp and Double.ulp at 300,000 random finite values each (seed 0x0171)")
  func ulpMatchesFloatAndDouble() {
    var rng = SplitMix64(seed: 0x0171)
    var bad = Mismatches()
    for special: Float in [0, -0, .leastNonzeroMagnitude, .leastNormalMagnitude, .greatestFiniteMagnitude, 1, -1] {
      bad.check(Format.float32.ulp(at: Double(special)) == Double(special.ulp), "Float \(special)")
    }
    for special: Double in [0, .leastNonzeroMagnitude, .leastNormalMagnitude, .greatestFiniteMagnitude, 1, -1] {
      bad.check(Format.float64.ulp(at: special) == special.ulp, "Double \(special)")
    }
    for _ in 0..<300_000 {
      let w = rng.next()
      let f = Float(bitPattern: UInt32(truncatingIfNeeded: w))
      if f.isFinite {
        bad.check(Format.float32.ulp(at: Double(f)) == Double(f.ulp), "Float \(f)")
      }
      let d = Double(bitPattern: rng.next())
      if d.isFinite {
        bad.check(Format.float64.ulp(at: d) == d.ulp, "Double \(d)")
      }
    }
    #expect(bad.wrong == 0, "\(bad)")
  }

  @Test("bfloat16 ulp(at:) is the gap to the next bfloat16 bit pattern, at every finite bfloat16 value")
  func ulpMatchesBFloat16Gaps() {
    func value(_ bits: UInt16) -> Float { Float(bitPattern: UInt32(bits) << 16) }
    var bad = Mismatches()
    for b in UInt16.min...UInt16.max {
      let magnitude = b & 0x7FFF
      guard magnitude < 0x7F80 else { continue }
      // Gap above, except at the largest finite (0x7F7F), whose next pattern is infinity.
      let gap = magnitude < 0x7F7F
        ? value(magnitude + 1) - value(magnitude)
        : value(magnitude) - value(magnitude - 1)
      let got = Format.bfloat16.ulp(at: Double(value(b)))
      bad.check(got == Double(gap), "\(hex(b, width: 4)): \(got), want \(gap)")
    }
    #expect(bad.tested == 2 * 0x7F80)
    #expect(bad.wrong == 0, "\(bad)")
  }

  @Test("ulp(at:) of a value between two representable numbers is its binade's spacing; below the normals, the least subnormal; beyond the largest finite, the top binade's")
  func ulpBetweenRepresentables() {
    #expect(Format.float16.ulp(at: 1.5000001) == 0x1p-10)
    #expect(Format.float16.ulp(at: -1.9999999) == 0x1p-10)
    #expect(Format.float16.ulp(at: 65519) == 32)
    #expect(Format.float16.ulp(at: 1e-6) == 0x1p-24)
    #expect(Format.float16.ulp(at: 0) == 0x1p-24)
    #expect(Format.bfloat16.ulp(at: 1e-7) == 0x1p-31)
    #expect(Format.bfloat16.ulp(at: 1 - 1e-7) == 0x1p-8)
    #expect(Format.bfloat16.ulp(at: 1e-40) == 0x1p-133)
    #expect(Format.float32.ulp(at: 1e-7) == 0x1p-47)
    // The clamp to the top binade: an exact value past the largest finite still gets a spacing.
    #expect(Format.float16.ulp(at: 1e6) == 32)
    #expect(Format.bfloat16.ulp(at: 1e300) == 0x1p120)
  }

  // MARK: - ordinal

  @Test("Float16 ordinals count the number line: walking up by nextUp from -inf to +inf, each value's ordinal is one more; +0 and -0 share 0; every non-NaN pattern is on the walk")
  func float16Ordinals() {
    var expected: [UInt16: Int64] = [:]
    var x = -Float16.infinity
    var position: Int64 = -0x7C00
    expected[x.bitPattern] = position
    while x != .infinity {
      x = x.nextUp
      position += 1
      expected[x.bitPattern] = position
    }
    #expect(position == 0x7C00)
    #expect(expected[0x8000] == 0, "-0 is on the walk at 0")
    expected[0x0000] = 0  // +0: nextUp goes -0 → least subnormal, skipping +0
    var bad = Mismatches()
    for b in UInt16.min...UInt16.max where !Float16(bitPattern: b).isNaN {
      let got = Float16(bitPattern: b).ordinal
      bad.check(got == expected[b], "\(hex(b, width: 4)): \(got), want \(String(describing: expected[b]))")
    }
    #expect(bad.tested == 65536 - 2046)
    #expect(bad.wrong == 0, "\(bad)")
  }

  @Test("BFloat16 ordinals count the number line: sorted by value, each larger value's ordinal is one more; +0 and -0 share 0")
  func bfloat16Ordinals() {
    // Order the 65,536 - 254 non-NaN patterns by their Float values, read off the encoding.
    let patterns = (UInt16.min...UInt16.max)
      .map { ($0, Float(bitPattern: UInt32($0) << 16)) }
      .filter { !$0.1.isNaN }
      .sorted { $0.1 < $1.1 }
    #expect(patterns.count == 65536 - 254)
    var bad = Mismatches()
    var expected: Int64 = -0x7F80
    var previous = -Float.infinity
    for (bits, value) in patterns {
      if value > previous { expected += 1 }
      previous = value
      let got = BFloat16(bitPattern: bits).ordinal
      bad.check(got == expected, "\(hex(bits, width: 4)): \(got), want \(expected)")
    }
    #expect(expected == 0x7F80)
    #expect(BFloat16(bitPattern: 0x0000).ordinal == 0 && BFloat16(bitPattern: 0x8000).ordinal == 0)
    #expect(bad.wrong == 0, "\(bad)")
  }

  @Test("Float and Double ordinals step by one from each value to its nextUp, on 200,000 random values each (seed 0x02D1); ±0 are 0, ±inf are ±(the infinity encoding)")
  func floatAndDoubleOrdinals() {
    var rng = SplitMix64(seed: 0x02D1)
    var bad = Mismatches()
    let floats: [Float] = [-.infinity, -.greatestFiniteMagnitude, -1, -.leastNonzeroMagnitude, -0, 0, .leastNonzeroMagnitude]
    let doubles: [Double] = [-.infinity, -.greatestFiniteMagnitude, -1, -.leastNonzeroMagnitude, -0, 0, .leastNonzeroMagnitude]
    func check<F: BinaryFloatingPoint & MachineFloat>(_ x: F) {
      guard !x.isNaN, x != .infinity else { return }
      bad.check(x.nextUp.ordinal == x.ordinal + 1, "\(F.self) \(x): \(x.ordinal) → \(x.nextUp.ordinal)")
    }
    floats.forEach(check)
    doubles.forEach(check)
    for _ in 0..<200_000 {
      check(Float(bitPattern: UInt32(truncatingIfNeeded: rng.next())))
      check(Double(bitPattern: rng.next()))
    }
    #expect(bad.wrong == 0, "\(bad)")
    #expect(Float(0).ordinal == 0 && Float(-0.0).ordinal == 0)
    #expect(Double(0).ordinal == 0 && Double(-0.0).ordinal == 0)
    #expect(Float.infinity.ordinal == 0x7F80_0000 && (-Float.infinity).ordinal == -0x7F80_0000)
    #expect(Double.infinity.ordinal == 0x7FF0_0000_0000_0000)
    #expect((-Double.infinity).ordinal == -0x7FF0_0000_0000_0000)
    #expect(Float(1).ordinal == 0x3F80_0000 && Double(-1).ordinal == -0x3FF0_0000_0000_0000)
  }
}
