import Testing
@testable import LossLabFormats

// Every expected value here is worked out in the test: from the bfloat16 encoding (the upper 16
// bits of a binary32), from `referenceRound` (Support/ReferenceRounding.swift), or from the
// numerics card (/work/shared/numerics-card.md).

/// The value of a bfloat16 bit pattern, read directly off the encoding.
private func value(_ bits: UInt16) -> Float { Float(bitPattern: UInt32(bits) << 16) }

/// Float → bfloat16, round to nearest even, by a different method from the code under test:
/// the two candidates are the truncation toward zero and the next bfloat16 away from zero
/// (2^128 stands for the one past 0x7F7F); their distances to x are compared exactly in Double,
/// and a tie picks the candidate with an even last bit.
private func referenceBits(_ x: Float) -> UInt16 {
  precondition(!x.isNaN)
  let bits = x.bitPattern
  let sign = UInt16(truncatingIfNeeded: bits >> 31) << 15
  let magnitudeBits = bits & 0x7FFF_FFFF
  if magnitudeBits == 0x7F80_0000 { return sign | 0x7F80 }
  let below = magnitudeBits & 0xFFFF_0000
  let above = below + 0x1_0000
  let x = Double(Float(bitPattern: magnitudeBits))
  let low = Double(Float(bitPattern: below))
  let high = above == 0x7F80_0000 ? 0x1p128 : Double(Float(bitPattern: above))
  let toLow = x - low, toHigh = high - x  // exact: Doubles hold these differences
  let chosen: UInt32
  if toLow < toHigh {
    chosen = below
  } else if toHigh < toLow {
    chosen = above
  } else {
    chosen = (below >> 16) & 1 == 0 ? below : above
  }
  return sign | UInt16(truncatingIfNeeded: chosen >> 16)
}

/// The bfloat16 bits of a Double the reference rounding produced (it is a bfloat16 value, so the
/// Float holding it is exact, and its lower 16 bits are zero).
private func bits(ofRounded d: Double) -> UInt16 {
  let f = Float(d)
  precondition(f.bitPattern & 0xFFFF == 0 || f.isNaN)
  return UInt16(truncatingIfNeeded: f.bitPattern >> 16)
}

@Suite("BFloat16")
struct BFloat16Tests {

  // MARK: - Encoding

  @Test("every one of the 65,536 bfloat16 bit patterns survives bfloat16 → Float → bfloat16; NaN stays NaN with its sign")
  func roundTripThroughFloat() {
    var bad = Mismatches()
    for b in UInt16.min...UInt16.max {
      let f = BFloat16(bitPattern: b).floatValue
      bad.check(f.bitPattern == UInt32(b) << 16, "floatValue of \(hex(b, width: 4))")
      let back = BFloat16(f)
      let isNaN = b & 0x7F80 == 0x7F80 && b & 0x007F != 0
      if isNaN {
        let ok = back.bitPattern & 0x7F80 == 0x7F80 && back.bitPattern & 0x007F != 0
          && back.bitPattern & 0x8000 == b & 0x8000
        bad.check(ok, "NaN \(hex(b, width: 4)) → \(hex(back.bitPattern, width: 4))")
      } else {
        bad.check(back.bitPattern == b, "\(hex(b, width: 4)) → \(hex(back.bitPattern, width: 4))")
      }
    }
    #expect(bad.tested == 2 * 65536)
    #expect(bad.wrong == 0, "\(bad)")
  }

  @Test("every bfloat16 bit pattern survives bfloat16 → Double → bfloat16")
  func roundTripThroughDouble() {
    var bad = Mismatches()
    for b in UInt16.min...UInt16.max where !value(b).isNaN {
      let d = Double(value(b))
      let back = BFloat16(d)
      bad.check(back.bitPattern == b, "\(hex(b, width: 4)) → \(hex(back.bitPattern, width: 4))")
      bad.check(BFloat16(d).doubleValue.bitPattern == d.bitPattern, "doubleValue of \(hex(b, width: 4))")
    }
    #expect(bad.wrong == 0, "\(bad)")
  }

  @Test("zero, one, NaN and infinity have the binary32 encodings' upper halves")
  func namedConstants() {
    #expect(BFloat16.zero.bitPattern == UInt16(Float(0).bitPattern >> 16))
    #expect(BFloat16.one.bitPattern == UInt16(Float(1).bitPattern >> 16))
    #expect(BFloat16.one.bitPattern == 0x3F80)
    #expect(BFloat16.infinity.bitPattern == 0x7F80)
    #expect(BFloat16.nan.isNaN)
    #expect(value(BFloat16.nan.bitPattern).isNaN)
    #expect(BFloat16.nan.bitPattern & 0x0040 != 0, "quiet NaN")
  }

  // MARK: - Float → bfloat16

  @Test("BFloat16(Float) rounds to nearest even for every Float whose low half is 0x0000, 0x0001, 0x7FFF, 0x8000, 0x8001 or 0xFFFF")
  func floatConversionStructured() {
    var bad = Mismatches()
    var nanBad = Mismatches()
    for low: UInt32 in [0x0000, 0x0001, 0x7FFF, 0x8000, 0x8001, 0xFFFF] {
      for high in UInt32(0)...0xFFFF {
        let x = Float(bitPattern: high << 16 | low)
        let got = BFloat16(x).bitPattern
        if x.isNaN {
          // NaN stays NaN, sign kept, quiet bit set (a NaN whose payload is all in the low half
          // would otherwise truncate to infinity).
          let ok = got & 0x7FC0 == 0x7FC0 && UInt32(got >> 15) == high >> 15
          nanBad.check(ok, "\(hex(x.bitPattern, width: 8)) → \(hex(got, width: 4))")
        } else {
          let want = referenceBits(x)
          bad.check(got == want, "\(hex(x.bitPattern, width: 8)) → \(hex(got, width: 4)), want \(hex(want, width: 4))")
        }
      }
    }
    #expect(bad.tested + nanBad.tested == 6 * 65536)
    #expect(bad.wrong == 0, "\(bad)")
    #expect(nanBad.wrong == 0, "NaN: \(nanBad)")
  }

  @Test("BFloat16(Float) rounds to nearest even on 2,000,000 random Floats (SplitMix64 seed 0x5EED_BF16)")
  func floatConversionRandom() {
    var rng = SplitMix64(seed: 0x5EED_BF16)
    var bad = Mismatches()
    for _ in 0..<2_000_000 {
      let x = Float(bitPattern: UInt32(truncatingIfNeeded: rng.next() >> 32))
      if x.isNaN {
        bad.check(BFloat16(x).isNaN, "NaN \(hex(x.bitPattern, width: 8))")
        continue
      }
      let got = BFloat16(x).bitPattern, want = referenceBits(x)
      bad.check(got == want, "\(hex(x.bitPattern, width: 8)) → \(hex(got, width: 4)), want \(hex(want, width: 4))")
    }
    #expect(bad.wrong == 0, "\(bad)")
  }

  @Test("the Float reference and the Double reference agree on every structured Float (two methods, one answer)")
  func referencesAgree() {
    var bad = Mismatches()
    for low: UInt32 in [0x0000, 0x0001, 0x7FFF, 0x8000, 0x8001, 0xFFFF] {
      for high in UInt32(0)...0xFFFF {
        let x = Float(bitPattern: high << 16 | low)
        if x.isNaN { continue }
        let a = referenceBits(x), b = bits(ofRounded: referenceRound(Double(x), to: .bfloat16))
        bad.check(a == b, "\(hex(x.bitPattern, width: 8)): \(hex(a, width: 4)) vs \(hex(b, width: 4))")
      }
    }
    #expect(bad.wrong == 0, "\(bad)")
  }

  @Test("1 + 2^-8 is a tie that rounds to 1; 1 + 3·2^-8 is a tie that rounds to 1 + 2^-6")
  func tiesNearOne() {
    // Near 1 the bfloat16 spacing is 2^-7: 1 + 2^-8 is halfway between 1 (0x3F80, even) and
    // 1 + 2^-7 (0x3F81, odd); 1 + 3·2^-8 is halfway between 0x3F81 (odd) and 1 + 2^-6 (0x3F82).
    #expect(BFloat16(Float(1 + 0x1p-8)).bitPattern == 0x3F80)
    #expect(BFloat16(Float(1 + 3 * 0x1p-8)).bitPattern == 0x3F82)
    #expect(value(0x3F82) == 1 + 0x1p-6)
    #expect(BFloat16(1 + 0x1p-8 as Double).bitPattern == 0x3F80)
    #expect(BFloat16(1 + 3 * 0x1p-8 as Double).bitPattern == 0x3F82)
    // Just past the ties, the rounding goes up.
    #expect(BFloat16(Float(1 + 0x1p-8).nextUp).bitPattern == 0x3F81)
    #expect(BFloat16((1 + 0x1p-8 as Double).nextUp).bitPattern == 0x3F81)
    #expect(BFloat16(Float(-(1 + 0x1p-8))).bitPattern == 0xBF80)
    #expect(BFloat16(Float(-(1 + 3 * 0x1p-8))).bitPattern == 0xBF82)
  }

  @Test("subnormals: 2^-133 is exact, 2^-134 ties to 0, 1.5·2^-133 ties to 2^-132")
  func subnormals() {
    // 2^-133 = 0x0001 (the least subnormal), 2^-132 = 0x0002.
    #expect(value(0x0001) == 0x1p-133)
    #expect(value(0x0002) == 0x1p-132)
    for (x, want): (Double, UInt16) in [
      (0x1p-133, 0x0001), (0x1p-134, 0x0000), (1.5 * 0x1p-133, 0x0002),
      (-0x1p-134, 0x8000), (-0x1p-133, 0x8001), (-1.5 * 0x1p-133, 0x8002),
      (0x1p-134 + 0x1p-149, 0x0001), (2.5 * 0x1p-133, 0x0002),
      (0x1p-126, 0x0080), (0x1p-126 - 0x1p-133, 0x007F),  // least normal; greatest subnormal
    ] {
      #expect(BFloat16(Float(x)).bitPattern == want, "Float \(x)")
      #expect(BFloat16(x).bitPattern == want, "Double \(x)")
    }
    #expect(BFloat16(Float(0x1p-133)).isSubnormal)
    #expect(!BFloat16(Float(0x1p-126)).isSubnormal)
  }

  @Test("overflow: from the midpoint 2^128 - 2^119 ≈ 3.3961e38 up, a value rounds to infinity; below it, to 0x7F7F ≈ 3.3895e38")
  func overflow() {
    let greatest = Double(value(0x7F7F))
    #expect(greatest == 0x1p128 - 0x1p120)
    #expect(abs(greatest - 3.3895e38) < 0.0001e38)
    let midpoint = 0x1p128 - 0x1p119
    #expect(abs(midpoint - 3.3962e38) < 0.0001e38)
    #expect(BFloat16(Float(3.3961e38)).bitPattern == 0x7F7F)
    #expect(BFloat16(3.3961e38 as Double).bitPattern == 0x7F7F)
    #expect(BFloat16(Float(3.3963e38)).bitPattern == 0x7F80)
    #expect(BFloat16(3.3963e38 as Double).bitPattern == 0x7F80)
    #expect(BFloat16(Float(midpoint)).bitPattern == 0x7F80)
    #expect(BFloat16(midpoint).bitPattern == 0x7F80)
    #expect(BFloat16(Float(midpoint).nextDown).bitPattern == 0x7F7F)
    #expect(BFloat16(midpoint.nextDown).bitPattern == 0x7F7F)
    #expect(BFloat16(Float.greatestFiniteMagnitude).bitPattern == 0x7F80)
    #expect(BFloat16(-Float.greatestFiniteMagnitude).bitPattern == 0xFF80)
    #expect(BFloat16(Double(Float.greatestFiniteMagnitude)).bitPattern == 0x7F80)
    #expect(BFloat16(1e300).bitPattern == 0x7F80)
    #expect(BFloat16(-1e300).bitPattern == 0xFF80)
    #expect(BFloat16(Float.infinity).bitPattern == 0x7F80)
    #expect(BFloat16(-Double.infinity).bitPattern == 0xFF80)
  }

  @Test("NaN converts to a quiet NaN with its sign, from Float and from Double")
  func nan() {
    // 0x7F800001: a signalling NaN whose payload is all in the low half.
    for bits: UInt32 in [0x7FC0_0000, 0xFFC0_0000, 0x7F80_0001, 0xFF80_0001, 0x7FFF_FFFF, 0x7FA0_0000] {
      let got = BFloat16(Float(bitPattern: bits))
      #expect(got.isNaN && value(got.bitPattern).isNaN, "\(hex(bits, width: 8))")
      #expect(got.bitPattern >> 15 == UInt16(bits >> 31), "sign of \(hex(bits, width: 8))")
    }
    #expect(BFloat16(Double.nan).isNaN)
    #expect(BFloat16(-Double.nan).bitPattern & 0x8000 != 0)
    #expect(BFloat16(Double(bitPattern: 0x7FF0_0000_0000_0001)).isNaN)
  }

  // MARK: - Double → bfloat16

  @Test("BFloat16(Double) rounds once: 1,000,000 Doubles near bfloat16 midpoints (seed 0xD0_0B1E), where Double → Float → bfloat16 rounds twice")
  func doubleConversionRoundsOnce() {
    var rng = SplitMix64(seed: 0xD0_0B1E)
    var bad = Mismatches()
    var twoStepWrong = 0
    for _ in 0..<1_000_000 {
      let d = nearMidpoint(of: .bfloat16, using: &rng)
      let want = bits(ofRounded: referenceRound(d, to: .bfloat16))
      let got = BFloat16(d).bitPattern
      bad.check(got == want, "\(d) (\(hex(d.bitPattern, width: 16))) → \(hex(got, width: 4)), want \(hex(want, width: 4))")
      if referenceBits(Float(d)) != want { twoStepWrong += 1 }
    }
    #expect(bad.wrong == 0, "\(bad)")
    // The sample is one that would catch a double rounding: the two-step path misses many.
    #expect(twoStepWrong > 10_000, "Double → Float → bfloat16 was wrong on only \(twoStepWrong)")
  }

  @Test("BFloat16(Double) rounds once on Doubles below Float's subnormals and between bfloat16's, and on random Doubles in range (seed 0x7E57)")
  func doubleConversionRandom() {
    var rng = SplitMix64(seed: 0x7E57)
    var bad = Mismatches()
    // 2^-134 + 2^-170: Float rounds it to the tie 2^-134 (which would go to 0); it is above the
    // tie, so it rounds to 2^-133.
    #expect(BFloat16(0x1p-134 + 0x1p-170).bitPattern == 0x0001)
    #expect(BFloat16(0x1p-150).bitPattern == 0x0000)
    #expect(BFloat16(-0x1p-1074).bitPattern == 0x8000)
    #expect(BFloat16(1 + 0x1p-8 + 0x1p-40).bitPattern == 0x3F81)
    // One Double ulp off the ties: Float rounds them onto the ties, which then go the wrong way.
    #expect(BFloat16(1 + 0x1p-8 + 0x1p-52).bitPattern == 0x3F81)
    #expect(BFloat16(1 + 3 * 0x1p-8 - 0x1p-52).bitPattern == 0x3F81)
    #expect(Float(1 + 0x1p-8 + 0x1p-52) == Float(1 + 0x1p-8))
    for _ in 0..<500_000 {
      // Exponents from Double's subnormals to past bfloat16's overflow, any significand.
      let exponent = UInt64(rng.int(in: 0...(1023 + 130)))
      let d = Double(bitPattern: exponent << 52 | rng.next() >> 12 | (rng.coin() ? 1 << 63 : 0))
      let want = bits(ofRounded: referenceRound(d, to: .bfloat16))
      let got = BFloat16(d).bitPattern
      bad.check(got == want, "\(d) (\(hex(d.bitPattern, width: 16))) → \(hex(got, width: 4)), want \(hex(want, width: 4))")
    }
    #expect(bad.wrong == 0, "\(bad)")
  }

  @Test("bfloat16(1e-7) = 215·2^-31 ≈ 1.00117e-7, bfloat16(1e-8) = 172·2^-34 ≈ 1.00117e-8, bfloat16(1 - 1e-7) = 1")
  func cardRoundings() {
    // 1e-7 lies in [2^-24, 2^-23), spacing 2^-31: 1e-7 · 2^31 = 214.75 → 215.
    // 1e-8 lies in [2^-27, 2^-26), spacing 2^-34: 1e-8 · 2^34 = 171.80 → 172.
    #expect(1e-7 * 0x1p31 > 214.74 && 1e-7 * 0x1p31 < 214.75)
    #expect(1e-8 * 0x1p34 > 171.79 && 1e-8 * 0x1p34 < 171.80)
    #expect(BFloat16(1e-7).doubleValue == 215 * 0x1p-31)
    #expect(BFloat16(1e-8).doubleValue == 172 * 0x1p-34)
    #expect(abs(215 * 0x1p-31 - 1.00117e-7) < 0.000005e-7)
    #expect(abs(172 * 0x1p-34 - 1.00117e-8) < 0.000005e-8)
    #expect(BFloat16(1e-7).bitPattern == 0x33D7)
    #expect(BFloat16(1e-8).bitPattern == 0x322C)
    #expect(BFloat16(1 - 1e-7).bitPattern == 0x3F80)
    #expect(BFloat16(Float(1e-7)).bitPattern == 0x33D7)
    #expect(BFloat16(Float(1 - 1e-7)).bitPattern == 0x3F80)
  }

  @Test("BFloat16(integer:) rounds once: 2^53 + 2^45 + 1 is above the midpoint 2^53 + 2^45, so it rounds up to 2^53 + 2^46")
  func integerAboveTwoToTheFiftyThree() {
    // Near 2^53 the bfloat16 spacing is 2^46. Through Double, 2^53 + 2^45 + 1 first rounds to
    // the tie 2^53 + 2^45 (Double's spacing there is 2), which then goes to the even 2^53.
    let n = (1 << 53) + (1 << 45) + 1
    #expect(BFloat16(integer: n).bitPattern == 0x5A01)  // 2^53: exponent 127 + 53 = 0xB4, fraction 1
    #expect(Float(bitPattern: 0x5A01_0000) == 0x1p53 + 0x1p46)
    #expect(BFloat16(integer: -n).bitPattern == 0xDA01)
    // 2^62 + 2^54 + 1: spacing 2^55, Double spacing 2^10.
    #expect(BFloat16(integer: (1 << 62) + (1 << 54) + 1).bitPattern == 0x5E81)
    // Below 2^53 every Int is a Double, and the conversion is right.
    #expect(BFloat16(integer: (1 << 52) + (1 << 44) + 1).bitPattern == 0x5981)
  }

  // MARK: - Arithmetic

  @Test("a bfloat16 running sum of ones stalls at 256: 255 + 1 = 256, 256 + 1 = 256")
  func runningSumStallsAt256() {
    var sum = BFloat16.zero
    var steps = 0
    while sum + .one != sum && steps < 10_000 {
      sum = sum + .one
      steps += 1
    }
    #expect(steps == 256)
    #expect(sum.bitPattern == 0x4380)  // 256 = 2^8: exponent 127 + 8 = 0x87, fraction 0
    #expect(BFloat16(255 as Float) + .one == BFloat16(256 as Float))
    #expect((BFloat16(256 as Float) + .one).bitPattern == 0x4380)
    // 256 + 2 is representable (spacing 2 in [256, 512)), 256 + 3 ties to 260 (odd 258 loses).
    #expect((BFloat16(256 as Float) + BFloat16(2 as Float)).floatValue == 258)
    #expect((BFloat16(257 as Float)).floatValue == 256)
    #expect((BFloat16(256 as Float) + BFloat16(3 as Float)).floatValue == 260)
  }

  @Test("bfloat16 4096 + 1 = 4096 (averaging bfloat16 losses stalls; PyTorch/XLA PR 2425)")
  func fourThousandNinetySixPlusOne() {
    let x = BFloat16(4096 as Float)
    #expect(x.bitPattern == 0x4580)
    #expect((x + .one).bitPattern == 0x4580)
    #expect((x + .one + .one + .one).bitPattern == 0x4580)
    // Spacing at 4096 is 32: 4096 + 16 ties to 4096, 4096 + 17 goes to 4128.
    #expect((x + BFloat16(16 as Float)).floatValue == 4096)
    #expect((x + BFloat16(17 as Float)).floatValue == 4128)
  }

  @Test("each of + - * / and sqrt rounds once to bfloat16: 1,000,000 random operand pairs against the exact result rounded (seed 0xA817)")
  func arithmeticRoundsOnce() {
    // The exact sum, difference and product of two bfloat16 numbers round correctly to Double,
    // and so do the quotient and square root; since 53 >= 2·8 + 2, rounding that Double to
    // bfloat16 is the correct rounding of the exact result.
    var rng = SplitMix64(seed: 0xA817)
    var bad = Mismatches()
    func check(_ got: BFloat16, _ exact: Double, _ what: @autoclosure () -> String) {
      let want = referenceRound(exact, to: .bfloat16)
      if want.isNaN {
        bad.check(got.isNaN, what())
      } else {
        bad.check(got.bitPattern == bits(ofRounded: want), "\(what()) = \(hex(got.bitPattern, width: 4)), want \(hex(bits(ofRounded: want), width: 4))")
      }
    }
    for _ in 0..<1_000_000 {
      let word = rng.next()
      var a = UInt16(truncatingIfNeeded: word), b = UInt16(truncatingIfNeeded: word >> 16)
      // Half of the pairs share a binade, where cancellation and carries happen.
      if word >> 63 == 1 { b = (a & 0xFF80) | (b & 0x807F) }
      if value(a).isNaN || value(b).isNaN { a &= 0x3FFF; b &= 0xBFFF }
      let x = BFloat16(bitPattern: a), y = BFloat16(bitPattern: b)
      let p = Double(value(a)), q = Double(value(b))
      let names = "\(hex(a, width: 4)), \(hex(b, width: 4))"
      check(x + y, p + q, "+(\(names))")
      check(x - y, p - q, "-(\(names))")
      check(x * y, p * q, "*(\(names))")
      check(x / y, p / q, "/(\(names))")
      check(BFloat16.sqrt(x), p.squareRoot(), "sqrt(\(hex(a, width: 4)))")
    }
    #expect(bad.wrong == 0, "\(bad)")
  }

  // MARK: - Predicates, magnitude, negation, order

  @Test("isNaN, isFinite, isInfinite, isZero, isSubnormal, magnitude and negation agree with Float's on all 65,536 patterns")
  func predicatesAgreeWithFloat() {
    var bad = Mismatches()
    for b in UInt16.min...UInt16.max {
      let x = BFloat16(bitPattern: b), f = value(b)
      let name = hex(b, width: 4)
      bad.check(x.isNaN == f.isNaN, "isNaN \(name)")
      bad.check(x.isFinite == f.isFinite, "isFinite \(name)")
      bad.check(x.isInfinite == f.isInfinite, "isInfinite \(name)")
      bad.check(x.isZero == f.isZero, "isZero \(name)")
      bad.check(x.isSubnormal == f.isSubnormal, "isSubnormal \(name)")
      bad.check(UInt32(x.magnitude.bitPattern) << 16 == f.magnitude.bitPattern, "magnitude \(name)")
      bad.check(UInt32((-x).bitPattern) << 16 == (-f).bitPattern, "negation \(name)")
    }
    #expect(bad.wrong == 0, "\(bad)")
  }

  @Test("== < <= > >= agree with Float's on every pattern against 20 pivots, on every adjacent pair, and on 1,000,000 random pairs (seed 0x0DE2)")
  func orderingAgreesWithFloat() {
    var bad = Mismatches()
    func compare(_ a: UInt16, _ b: UInt16) {
      let x = BFloat16(bitPattern: a), y = BFloat16(bitPattern: b)
      let f = value(a), g = value(b)
      let ok = (x == y) == (f == g) && (x < y) == (f < g) && (x <= y) == (f <= g)
        && (x > y) == (f > g) && (x >= y) == (f >= g) && (x != y) == (f != g)
      bad.check(ok, "\(hex(a, width: 4)) vs \(hex(b, width: 4))")
    }
    let pivots: [UInt16] = [
      0x0000, 0x8000, 0x0001, 0x8001, 0x007F, 0x807F, 0x0080, 0x8080, 0x3F80, 0xBF80,
      0x3F81, 0x7F7F, 0xFF7F, 0x7F80, 0xFF80, 0x7FC0, 0xFFC0, 0x7F81, 0x4380, 0xC380,
    ]
    for a in UInt16.min...UInt16.max {
      for p in pivots { compare(a, p) }
      compare(a, a &+ 1)
    }
    var rng = SplitMix64(seed: 0x0DE2)
    for _ in 0..<1_000_000 {
      let w = rng.next()
      compare(UInt16(truncatingIfNeeded: w), UInt16(truncatingIfNeeded: w >> 16))
    }
    #expect(bad.wrong == 0, "\(bad)")
  }
}
