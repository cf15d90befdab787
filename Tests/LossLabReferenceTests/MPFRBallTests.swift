import LossLabFormats
import Testing

@testable import LossLabReference

/// The ball arithmetic behind the certified reference: bounds that hold, unknowns that stay
/// unknown, and names that only join equal numbers. Several cases are the counterexamples a
/// review found in the first version.
@Suite("MPFR balls")
struct MPFRBallTests {
  /// `ball` holds `truth` (a value of any precision; MPFR compares across precisions).
  static func holds(_ ball: MPFRBall, _ truth: MPFRReal) -> Bool {
    guard let (low, high) = ball.bounds else { return false }
    return low <= truth && truth <= high
  }

  @Test("Random expressions at 64 and 128 bits hold their 4096-bit values (2,000 each)")
  func ballsHold() {
    var random = SplitMix64(seed: 0xBA11)
    func next() -> Double { Double(random.next() >> 11) * 0x1p-53 }
    func expression<T: LossReal>(_ a: T, _ b: T, _ c: T) -> T {
      let s = T.log(onePlus: T.exp(-a.magnitude)) + T.larger(a, .zero)
      let q = (T.expMinusOne(b) - c) / (T.sqrt(c.magnitude) + T.one)
      return s * q - T.log(c.magnitude + T.one / (b * b + T.one))
    }
    var held = 0, checked = 0
    for _ in 0..<2000 {
      let inputs = (0..<3).map { _ in (next() - 0.5) * Double(sign: .plus, exponent: Int(next() * 12) - 4, significand: 1) }
      MPFRReal.withPrecision(4096) {
        let truth = expression(MPFRReal(inputs[0]), MPFRReal(inputs[1]), MPFRReal(inputs[2]))
        for bits in [64, 128] {
          MPFRReal.withPrecision(bits) {
            _ = MPFRBall.takeUndecidedComparisons()
            let ball = expression(MPFRBall(inputs[0]), MPFRBall(inputs[1]), MPFRBall(inputs[2]))
            guard MPFRBall.takeUndecidedComparisons() == 0, ball.bounds != nil else { return }
            checked += 1
            if Self.holds(ball, truth) { held += 1 }
          }
        }
      }
    }
    #expect(held == checked)
    #expect(checked > 3000)
  }

  @Test("An unknown stays unknown: log(1 - (1 - 1e-30)) + 1 at 64 bits is not an exact -inf")
  func unknownPropagates() {
    MPFRReal.withPrecision(64) {
      let d = MPFRBall.one - (MPFRBall.one - MPFRBall(decimal: "1e-30")!)
      #expect(!d.relativeError.isFinite)
      let x = MPFRBall.log(d) + MPFRBall.one
      #expect(!x.relativeError.isFinite)
      // 0 times an unknown, and an unknown over itself, are not exact either.
      #expect(!(MPFRBall.zero * MPFRBall.log(d)).isExact)
      #expect(!(d / d).isExact)
    }
  }

  @Test("An overflow of MPFR's exponent range is not a certain infinity")
  func overflowIsUnknown() {
    MPFRReal.withPrecision(64) {
      let huge = MPFRBall.expMinusOne(MPFRBall(5e18))
      #expect(huge.midpoint.isInfinite)
      #expect(!huge.relativeError.isFinite)
    }
  }

  @Test("A value's hash is the same at every precision that holds it, and differs for others")
  func valueHashIgnoresPrecision() {
    func hash(_ bits: Int, _ make: () -> MPFRReal) -> UInt64 {
      MPFRReal.withPrecision(bits) { MPFRBall.valueHash(make()) }
    }
    // 1 + 2^-100 fills two 64-bit words; at 512 bits the six below them are zero.
    let twoWords = { MPFRReal.one + MPFRReal(0x1p-100) }
    #expect(hash(128, twoWords) == hash(512, twoWords))
    #expect(hash(64) { MPFRReal(0.75) } == hash(256) { MPFRReal(0.75) })
    #expect(hash(128, twoWords) != hash(128) { MPFRReal.one })
    #expect(hash(128) { MPFRReal(-0.75) } != hash(128) { MPFRReal(0.75) })
    #expect(hash(128) { MPFRReal(1.5) } != hash(128) { MPFRReal(0.75) })
  }

  @Test("Names join equal numbers only: x - x is 0, (1 + a) - (1 + b) is not for a ≠ b")
  func names() {
    MPFRReal.withPrecision(64) {
      let tiny = MPFRBall(decimal: "1e-30")!
      let a = MPFRBall.one + MPFRBall.exp(MPFRBall(0.5)) * tiny
      let b = MPFRBall.one + MPFRBall.exp(MPFRBall(-0.125)) * tiny
      #expect(MPFRBall.valueHash(MPFRReal(0.5)) != MPFRBall.valueHash(MPFRReal(-0.125)))
      #expect((a - a).isExact && (a - a).midpoint.isZero)
      #expect(!(a - b).isExact)
      // log(1 - p) and log1p(-p) are one number; log p and log1p(-p) are not.
      let p = MPFRBall(0.3)
      #expect(MPFRBall.log(MPFRBall.one - p).name == MPFRBall.log(onePlus: -p).name)
      #expect(MPFRBall.log(p).name != MPFRBall.log(onePlus: -p).name)
    }
  }

  @Test("Registers with different starts and the same additions have different names")
  func registerNames() {
    MPFRReal.withPrecision(64) {
      let first = MPFRBallRegister(0), second = MPFRBallRegister(0x1p-200)
      for register in [first, second] {
        register.add(0x1p-300)
        register.add(1.0)
      }
      MPFRReal.scope {
        let difference = first.value - second.value
        #expect(!(difference.isExact && difference.midpoint.isZero))
      }
    }
  }

  @Test("ErrorBound sums and products stay upper bounds across Double's range")
  func errorBounds() {
    let tiny = ErrorBound(1, timesPowerOfTwo: -3000), big = ErrorBound(1.5, timesPowerOfTwo: 2000)
    #expect((tiny + tiny).exponent == -2999)
    #expect((tiny * big).exponent == -1000 && (tiny * big).significand == 1.5)
    #expect(!(big * big).isBelowOne && (tiny * tiny).isBelowOne)
    #expect(ErrorBound(0.75).doubleUp >= 0.75)
    #expect(ErrorBound(1, timesPowerOfTwo: -2000).doubleUp == .leastNonzeroMagnitude)
    #expect(!ErrorBound(.nan).isFinite)
  }
}
