import LossLabFormats
import Testing

@testable import LossLabReference

@Suite("Decimal printing")
struct DecimalStringTests {
  static let zeros39 = String(repeating: "0", count: 39)

  @Test("2 prints as 2.000… with 40 significant digits by default")
  func two() {
    let text = MPFRReal.scope { MPFRReal(integer: 2).decimalString() }
    #expect(text == "2." + Self.zeros39)
    #expect(significantDigits(of: text).count == 40)  // "2" and 39 zeros
  }

  @Test("1e-30 and 1e30 print in scientific notation")
  func scientific() {
    MPFRReal.scope {
      #expect(MPFRReal(decimal: "1e-30")!.decimalString() == "1." + Self.zeros39 + "e-30")
      #expect(MPFRReal(decimal: "1e30")!.decimalString() == "1." + Self.zeros39 + "e+30")
      #expect(MPFRReal(decimal: "-2.5e-300")!.decimalString(significantDigits: 3) == "-2.50e-300")
    }
  }

  @Test("-0.5 prints as -0.5000… and the non-finite as inf, -inf, nan; zeros keep their sign")
  func signsAndSpecials() {
    MPFRReal.scope {
      #expect(MPFRReal(-0.5).decimalString() == "-0.5" + Self.zeros39)
      #expect(MPFRReal.infinity.decimalString() == "inf")
      #expect((-MPFRReal.infinity).decimalString() == "-inf")
      #expect(MPFRReal.nan.decimalString() == "nan")
      #expect(MPFRReal(0.0).decimalString() == "0")
      #expect(MPFRReal(-0.0).decimalString() == "-0")
    }
  }

  @Test("with 5 digits: fixed notation from 1e-4 up to (not including) 1e21, scientific outside", arguments: [
    ("1e-4", "0.00010000"), ("9.9999e-5", "9.9999e-5"), ("1e-5", "1.0000e-5"),
    ("1e20", "100000000000000000000"), ("1e21", "1.0000e+21"), ("123.456", "123.46"),
    ("0.015625", "0.015625"), ("-1234.5", "-1234.5"), ("99999.7", "100000"),
  ])
  func notation(decimal: String, printed: String) {
    let text = MPFRReal.scope { MPFRReal(decimal: decimal)!.decimalString(significantDigits: 5) }
    #expect(text == printed)
  }

  @Test("2/3 to 10 digits is 0.6666666667 (rounded, not truncated)")
  func rounding() {
    #expect(MPFRReal.scope { (MPFRReal(integer: 2) / MPFRReal(integer: 3)).decimalString(significantDigits: 10) } == "0.6666666667")
  }

  @Test("the printed digits parse back to the same value at 80 digits")
  func roundTrip() {
    MPFRReal.scope {
      let x = MPFRReal.log(MPFRReal(integer: 10))
      let back = MPFRReal(decimal: x.decimalString(significantDigits: 80))!
      #expect(x == back)
    }
  }
}

@Suite("Binades and powers of two")
struct BinadeTests {
  @Test("binadeExponent is e with 2^e ≤ |x| < 2^(e+1)", arguments: [
    (1.0, 0), (1.5, 0), (0.75, -1), (-8.0, 3), (65504.0, 15), (0x1p-1074, -1074),
    (0x1.fffffffffffffp1023, 1023), ((2.0).nextDown, 0),
  ])
  func binade(value: Double, exponent: Int) {
    #expect(MPFRReal.scope { MPFRReal(value).binadeExponent } == exponent)
  }

  @Test("binadeExponent is exact where a Double would round into the next binade: 2 - 2^-200 is in binade 0")
  func binadeIsExact() {
    MPFRReal.scope {
      let x = MPFRReal(2) - MPFRReal(1).timesPowerOfTwo(-200)
      #expect(x.doubleValue == 2)
      #expect(x.binadeExponent == 0)
    }
  }

  @Test("binadeExponent is nil for 0, -0, ±inf and NaN")
  func binadeOfSpecials() {
    MPFRReal.scope {
      #expect(MPFRReal(0.0).binadeExponent == nil)
      #expect(MPFRReal(-0.0).binadeExponent == nil)
      #expect(MPFRReal.infinity.binadeExponent == nil)
      #expect((-MPFRReal.infinity).binadeExponent == nil)
      #expect(MPFRReal.nan.binadeExponent == nil)
    }
  }

  @Test("timesPowerOfTwo scales exactly, far beyond Double's range")
  func scaling() {
    MPFRReal.scope {
      #expect(MPFRReal(1.5).timesPowerOfTwo(3).doubleValue == 12)
      #expect(MPFRReal(-0.75).timesPowerOfTwo(-2).doubleValue == -0.1875)
      #expect(MPFRReal(1).timesPowerOfTwo(5000).binadeExponent == 5000)
      #expect(MPFRReal(3).timesPowerOfTwo(-5000).binadeExponent == -4999)
      #expect(MPFRReal(3).timesPowerOfTwo(-5000).timesPowerOfTwo(5000).doubleValue == 3)
      #expect(MPFRReal(0x1p-1074).timesPowerOfTwo(-2).doubleValue == 0)  // 2^-1076 is not a Double...
      #expect(MPFRReal(0x1p-1074).timesPowerOfTwo(-2).binadeExponent == -1076)  // ...the reference holds it
      #expect(MPFRReal(-0.0).timesPowerOfTwo(10).isNegative)
      #expect(MPFRReal.infinity.timesPowerOfTwo(-10).isInfinite)
    }
  }
}

@Suite("Precision and scopes")
struct ScopeTests {
  @Test("the default precision is 256 bits: 1 + 2^-255 differs from 1, 1 + 2^-256 ties back to 1")
  func defaultPrecision() {
    MPFRReal.scope {
      #expect(MPFRReal.precision == 256)
      #expect(MPFRReal(1) + MPFRReal(1).timesPowerOfTwo(-255) != MPFRReal(1))
      #expect(MPFRReal(1) + MPFRReal(1).timesPowerOfTwo(-256) == MPFRReal(1))
    }
  }

  @Test("withPrecision gives the precision asked: 1 + 2^(1-p) differs from 1, 1 + 2^-p ties back to 1", arguments: [64, 1024])
  func precision(bits: Int) {
    MPFRReal.withPrecision(bits) {
      #expect(MPFRReal.precision == bits)
      #expect(MPFRReal(1) + MPFRReal(1).timesPowerOfTwo(1 - bits) != MPFRReal(1))
      #expect(MPFRReal(1) + MPFRReal(1).timesPowerOfTwo(-bits) == MPFRReal(1))
    }
    #expect(MPFRReal.precision == 256)
  }

  @Test("sqrt 2 at 64 bits is within 2^-64 relative of the true value, at 1024 bits it agrees to 60 digits")
  func precisionChangesResults() {
    let sqrt2 = ConstantTests.sqrt2
    MPFRReal.scope {
      let exact = MPFRReal(decimal: sqrt2)!  // 256 bits, made outside the 64-bit arena
      MPFRReal.withPrecision(64) {
        let coarse = MPFRReal.sqrt(MPFRReal(integer: 2))
        let error = (coarse - exact).magnitude
        #expect(error <= MPFRReal(1.5).timesPowerOfTwo(-64))
        #expect(!error.isZero)
      }
      MPFRReal.withPrecision(1024) {
        let fine = MPFRReal.sqrt(MPFRReal(integer: 2))
        #expect(significantDigits(of: fine.decimalString(significantDigits: 300)).prefix(60)
                == significantDigits(of: sqrt2).prefix(60))
        #expect((fine * fine - MPFRReal(integer: 2)).magnitude <= MPFRReal(1).timesPowerOfTwo(-1020))
      }
    }
  }

  @Test("nested precisions restore the outer one")
  func nesting() {
    MPFRReal.withPrecision(64) {
      MPFRReal.withPrecision(1024) {
        #expect(MPFRReal.precision == 1024)
        MPFRReal.withPrecision(64) { #expect(MPFRReal.precision == 64) }
        #expect(MPFRReal.precision == 1024)
      }
      #expect(MPFRReal.precision == 64)
    }
    #expect(MPFRReal.precision == 256)
  }

  @Test("a scope releases every value made inside it: the arena top returns to where it was")
  func scopeReleases() {
    let state = mpfrThreadState()
    let arena = state.current
    let before = arena.top
    MPFRReal.scope {
      var x = MPFRReal(1)
      for _ in 0..<5_000 { x = x + MPFRReal(1) }  // more than one 1024-register chunk
      #expect(x.doubleValue == 5_001)
      #expect(arena.top >= before + 10_000)
      MPFRReal.scope {
        let inner = arena.top
        _ = MPFRReal.exp(x)
        #expect(arena.top > inner)
      }
    }
    #expect(arena.top == before)
  }

  @Test("withPrecision releases its values from its own arena and leaves the outer arena alone")
  func precisionScopeReleases() {
    let state = mpfrThreadState()
    let outer = state.current
    let wide = state.arena(precision: 1024)
    let (outerBefore, wideBefore) = (outer.top, wide.top)
    MPFRReal.scope {
      let kept = MPFRReal(decimal: "0.1")!
      let keptText = kept.decimalString(significantDigits: 70)
      let outerDuring = outer.top
      MPFRReal.withPrecision(1024) {
        #expect(state.current === wide)
        for i in 0..<3_000 { _ = MPFRReal(integer: i) * MPFRReal(integer: i) }
        #expect(wide.top >= wideBefore + 6_000)
        #expect(outer.top == outerDuring)
      }
      #expect(wide.top == wideBefore)
      #expect(state.current === outer)
      // The value made before the inner scope is untouched by everything made inside it.
      #expect(kept.decimalString(significantDigits: 70) == keptText)
    }
    #expect(outer.top == outerBefore)
  }

  @Test("the arena's permanent constants survive scopes")
  func constantsSurvive() {
    MPFRReal.scope {
      for _ in 0..<2_000 { _ = MPFRReal(integer: 7) }
    }
    MPFRReal.scope {
      #expect(MPFRReal.zero.isZero && !MPFRReal.zero.isNegative)
      #expect(MPFRReal.one.doubleValue == 1)
      #expect(MPFRReal.nan.isNaN)
      #expect(MPFRReal.infinity.isInfinite && !MPFRReal.infinity.isNegative)
    }
  }

  @Test("a precision outside 64...4096 stops the program")
  func precisionOutOfRange() async {
    await #expect(processExitsWith: .failure) {
      MPFRReal.withPrecision(32) { _ = MPFRReal(1) }
    }
  }
}
