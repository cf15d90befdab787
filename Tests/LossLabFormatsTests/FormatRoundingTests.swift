import Testing
@testable import LossLabFormats

// Rounding into each format: conversions from Double and Int, arithmetic, and the numerics card's
// "roundings that bite". Expected values come from `referenceRound` (Support/ReferenceRounding.swift),
// the card's rows (`CardRow`, FormatTests.swift), or are worked out in comments.

@Suite("Format rounding")
struct FormatRoundingTests {

  // MARK: - Rounding into the format

  private struct NearestRoundsOnce: FormatVisitor {
    let card: CardFormat
    let seed: UInt64
    func visit<T: MachineFloat>(_ type: T.Type) -> Mismatches {
      var rng = SplitMix64(seed: seed)
      var bad = Mismatches()
      func check(_ d: Double) {
        let got = T(nearest: d).doubleValue, want = referenceRound(d, to: card)
        bad.check(got.bitPattern == want.bitPattern, "\(d) (\(hex(d.bitPattern, width: 16))) → \(got), want \(want)")
      }
      for _ in 0..<400_000 { check(nearMidpoint(of: card, using: &rng)) }
      for _ in 0..<100_000 {
        // Any significand, exponents from below the least subnormal to past the overflow.
        let low = card.leastNonzeroExponent - 3, high = card.maxExponent + 2
        let exponent = UInt64(rng.int(in: low...high) + 1023)
        check(Double(bitPattern: exponent << 52 | rng.next() >> 12 | (rng.coin() ? 1 << 63 : 0)))
      }
      return bad
    }
  }

  @Test("init(nearest:) rounds a Double once, to nearest even: 500,000 Doubles near midpoints and at random",
        arguments: [Format.float16, .bfloat16, .float32])
  func nearestRoundsOnce(format: Format) {
    let bad = format.visit(NearestRoundsOnce(card: CardRow.of(format).card, seed: 0x0E4E_57 &+ UInt64(format.bitWidth)))
    #expect(bad.wrong == 0, "\(bad)")
  }

  @Test("Float16(Float(d)) rounds twice: the midpoint sample would catch a Float16 conversion that went through Float")
  func float16TwoStepIsWrongOnMidpoints() {
    var rng = SplitMix64(seed: 0x0E4E_57)
    var wrong = 0
    for _ in 0..<100_000 {
      let d = nearMidpoint(of: .float16, using: &rng)
      if Double(Float16(Float(d))) != referenceRound(d, to: .float16) { wrong += 1 }
    }
    #expect(wrong > 1_000)
  }

  private struct IntegerRoundsOnce: FormatVisitor {
    let card: CardFormat
    func visit<T: MachineFloat>(_ type: T.Type) -> Mismatches {
      var bad = Mismatches()
      func check(_ n: Int) {
        let got = T(integer: n).doubleValue, want = referenceRound(integer: n, to: card)
        bad.check(got == want, "\(n) → \(got), want \(want)")
      }
      for n in -70_000...70_000 { check(n) }
      check(.max); check(.min); check(.min + 1)
      var rng = SplitMix64(seed: 0x1_2E6E)
      // Integers longer than p bits at a midpoint between two neighbours, and 1 or 2 off it.
      for length in (card.precision + 1)...63 {
        for _ in 0..<200 {
          let kept = rng.int(in: (1 << (card.precision - 1))...((1 << card.precision) - 1))
          let midpoint = (2 * kept + 1) << (length - card.precision - 1)
          for offset in -2...2 where midpoint + offset > 0 {
            check(midpoint + offset)
            check(-(midpoint + offset))
          }
          check(Int(truncatingIfNeeded: rng.next() >> UInt64(64 - length)))
        }
      }
      return bad
    }
  }

  @Test("init(integer:) rounds an Int once, to nearest even (the protocol's contract), small and at midpoints up to 2^63",
        arguments: Format.allCases)
  func integerRoundsOnce(format: Format) {
    let bad = format.visit(IntegerRoundsOnce(card: CardRow.of(format).card))
    #expect(bad.wrong == 0, "\(bad)")
  }

  private struct ArithmeticRoundsOnce: FormatVisitor {
    let card: CardFormat
    func visit<T: MachineFloat>(_ type: T.Type) -> Mismatches {
      var rng = SplitMix64(seed: 0xA817_0001)
      var bad = Mismatches()
      func randomValue() -> Double {
        // A representable value (or ±0, ±inf), by rounding a random Double with the reference.
        let exponent = UInt64(rng.int(in: (card.leastNonzeroExponent - 2)...(card.maxExponent + 1)) + 1023)
        let d = Double(bitPattern: exponent << 52 | rng.next() >> 12 | (rng.coin() ? 1 << 63 : 0))
        return referenceRound(d, to: card)
      }
      func check(_ got: T, _ exact: Double, _ what: @autoclosure () -> String) {
        let want = referenceRound(exact, to: card)
        bad.check(want.isNaN ? got.isNaN : got.doubleValue.bitPattern == want.bitPattern, "\(what()) = \(got.doubleValue), want \(want)")
      }
      for _ in 0..<200_000 {
        let p = randomValue()
        // Half the pairs share a binade, where cancellation and carries happen.
        let q = rng.coin() ? randomValue() : referenceRound(p * (0.5 + Double(rng.next() >> 11) * 0x1p-53 * 1.5), to: card)
        let x = T(nearest: p), y = T(nearest: q)
        check(x + y, p + q, "\(p) + \(q)")
        check(x - y, p - q, "\(p) - \(q)")
        check(x * y, p * q, "\(p) * \(q)")
        check(x / y, p / q, "\(p) / \(q)")
        check(T.sqrt(x), p.squareRoot(), "sqrt(\(p))")
      }
      return bad
    }
  }

  @Test("+ - * / and sqrt round once: 200,000 random pairs against the exact result rounded (Double holds it or rounds it innocuously: 53 >= 2p + 2)",
        arguments: [Format.float16, .bfloat16, .float32])
  func arithmeticRoundsOnce(format: Format) {
    let bad = format.visit(ArithmeticRoundsOnce(card: CardRow.of(format).card))
    #expect(bad.wrong == 0, "\(bad)")
  }

  // MARK: - Roundings that bite (numerics card)

  @Test("Float16(1e-8) = 0, Float16(1e-7) = 2^-23 (a subnormal), Float16(1 - 1e-7) = 1")
  func float16CardRoundings() {
    // The least subnormal is 2^-24 ≈ 5.96e-8: 1e-8 is below half of it; 1e-7 / 2^-24 ≈ 1.68,
    // nearer 2 than 1; 1 - 1e-7 is within 2^-12 of 1.
    #expect(1e-8 < 0x1p-25)
    #expect(1e-7 / 0x1p-24 > 1.5 && 1e-7 / 0x1p-24 < 2)
    #expect(Float16(nearest: 1e-8).bitPattern == 0x0000)
    #expect(Float16(nearest: 1e-7).bitPattern == 0x0002)
    #expect(Float16(nearest: 1e-7).doubleValue == 0x1p-23)
    #expect(Float16(nearest: 1e-7).isSubnormal)
    #expect(Float16(nearest: 1 - 1e-7).bitPattern == 0x3C00)
    #expect(Float16(nearest: -1e-8).bitPattern == 0x8000)
  }

  private struct OneMinusEpsilon: FormatVisitor {
    let row: CardRow
    func visit<T: MachineFloat>(_ type: T.Type) {
      let threshold = row.oneMinusEpsilonThreshold
      let belowOne = 1 - 2 * threshold  // the largest number below 1: spacing 2^-p there
      #expect(T(nearest: belowOne).doubleValue == belowOne)
      for epsilon in [threshold, threshold / 2, threshold / 3, threshold / 1024] {
        #expect(T.one - T(nearest: epsilon) == T.one, "1 - \(epsilon)")
        if row.precision < 53 {
          #expect(T(nearest: 1 - epsilon) == T.one, "\(1 - epsilon)")
        }
      }
      // Just above the threshold (representable: p bits), 1 - ε rounds down instead.
      let justAbove = threshold * (1 + pow2(1 - row.precision))
      #expect((T.one - T(nearest: justAbove)).doubleValue == belowOne)
      if row.precision < 53 {
        #expect(T(nearest: 1 - justAbove).doubleValue == belowOne)
      }
      // So an upper clip at 1 - 1e-7 does nothing in the 16-bit formats (card), and does in the others.
      #expect((T(nearest: 1 - 1e-7) == T.one) == (row.bitWidth == 16))
    }
  }

  @Test("1 - ε rounds to 1 for ε ≤ 2^-12 in float16, 2^-9 in bfloat16, 2^-25 in float32, 2^-54 in float64; just above, it does not",
        arguments: Format.allCases)
  func oneMinusEpsilonRoundsToOne(format: Format) {
    format.visit(OneMinusEpsilon(row: .of(format)))
  }

  private struct RunningSumOfOnes: FormatVisitor {
    let stall: Double
    func visit<T: MachineFloat>(_ type: T.Type) -> (sum: Double, steps: Int, start: Double) {
      let start = max(0, stall - 300)
      var sum = T(nearest: start)
      var steps = 0
      while sum + T.one != sum && steps < 100_000 {
        sum += T.one
        steps += 1
      }
      return (sum.doubleValue, steps, start)
    }
  }

  @Test("a running sum of ones stalls at 2048 in float16, 256 in bfloat16, 2^24 in float32, 2^53 in float64",
        arguments: Format.allCases)
  func runningSumStalls(format: Format) {
    let stall = CardRow.of(format).runningSumStall
    let (sum, steps, start) = format.visit(RunningSumOfOnes(stall: stall))
    #expect(sum == stall)
    #expect(Double(steps) == stall - start)
  }

  @Test("Float16 256 * 256 overflows to infinity (65536 > 65504); 255.875², the largest finite square, is 65472")
  func float16SquareOverflows() {
    let x = Float16(nearest: 256)
    #expect((x * x).isInfinite)
    #expect((x * x).bitPattern == 0x7C00)
    #expect((-x * x).bitPattern == 0xFC00)
    // 255.875 is the Float16 just below 256 (spacing 1/8 in [128, 256)); its square
    // 65472.015625 is nearest 65472 (spacing 32 in [32768, 65536)).
    let y = Float16(nearest: 255.875)
    #expect(y.doubleValue == 255.875 && y.nextUp == x)
    #expect((y * y).doubleValue == 65472)
    // A difference of 256 units squared: the MSE term is already infinite.
    let e = Float16(nearest: 300) - Float16(nearest: 44)
    #expect((e * e).isInfinite)
    // A count of 65520 or more is infinite in Float16; 65519 rounds to 65504.
    #expect(Float16(integer: 65520).isInfinite)
    #expect(Float16(integer: 65519).doubleValue == 65504)
    #expect(Float16(integer: 2049).doubleValue == 2048)
  }
}
