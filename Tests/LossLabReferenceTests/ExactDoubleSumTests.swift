import CMPFR
import Testing

@testable import LossLabReference

/// The superaccumulator against MPFR itself: each sum is also made by `mpfr_add_d` at 4096
/// bits (room for any sum of up to 2^1900 doubles, so every addition there is exact), and the
/// superaccumulator's value must be that sum, exactly at 4096 bits and rounded once to nearest
/// at 64 and 128.
@Suite("Exact sums of doubles")
struct ExactDoubleSumTests {
  /// The oracle's sum and the superaccumulator's value at `bits`, compared: equal values, the
  /// same sign of zero, exact exactly when MPFR's rounding of the true sum is exact.
  static func check(_ values: [Double], carryInterval: Int = 1 << 10, _ comment: Comment) {
    var sum = ExactDoubleSum(carryInterval: carryInterval)
    for x in values { sum.add(x) }
    let truth = UnsafeMutablePointer<__mpfr_struct>.allocate(capacity: 1)
    mpfr_init2(truth, 4096)
    defer {
      mpfr_clear(truth)
      truth.deallocate()
    }
    mpfr_set_zero(truth, 1)
    var exactly = true
    for x in values { exactly = exactly && mpfr_add_d(truth, truth, x, MPFR_RNDN) == 0 }
    #expect(exactly, comment)
    for bits in [4096, 128, 64] {
      MPFRReal.withPrecision(bits) {
        let rounded = UnsafeMutablePointer<__mpfr_struct>.allocate(capacity: 1)
        mpfr_init2(rounded, mpfr_prec_t(bits))
        defer {
          mpfr_clear(rounded)
          rounded.deallocate()
        }
        let ternary = mpfr_set(rounded, truth, MPFR_RNDN)
        let ball = sum.value
        let same =
          mpfr_nan_p(rounded) != 0
          ? mpfr_nan_p(ball.midpoint.register) != 0
          : mpfr_equal_p(rounded, ball.midpoint.register) != 0
            && mpfr_signbit(rounded) == mpfr_signbit(ball.midpoint.register)
        #expect(same, "\(comment) at \(bits) bits")
        #expect(ball.isExact == (ternary == 0), "\(comment) at \(bits) bits")
        if !ball.isExact, let (low, high) = ball.bounds {
          #expect(mpfr_lessequal_p(low.register, truth) != 0, "\(comment) at \(bits) bits")
          #expect(mpfr_lessequal_p(truth, high.register) != 0, "\(comment) at \(bits) bits")
        }
      }
    }
  }

  @Test("Cancellations of the largest doubles leave the smallest exactly")
  func cancellation() {
    let max = Double.greatestFiniteMagnitude, tiny = Double.leastNonzeroMagnitude
    Self.check([max, 1e-300, -max, tiny, -1e-300], "max + 1e-300 - max + tiny - 1e-300")
    Self.check([max, max, max, -max, -max, -max, tiny], "3 max - 3 max + tiny")
    Self.check([1, 0x1p-1074, -1], "1 + 2^-1074 - 1")
    Self.check([0x1p1023, 0x1p1023, -0x1p-1074], "2^1024 - 2^-1074")
    Self.check([-max, -max, tiny], "-2 max + tiny")
    Self.check(Array(repeating: max, count: 100_000) + [tiny], "100,000 max + tiny")
  }

  @Test("Zeros, infinities and NaN sum as MPFR adds them")
  func specials() {
    Self.check([], "empty")
    Self.check([-0.0], "-0")
    Self.check([-0.0, -0.0], "-0 - 0")
    Self.check([1, -1], "1 - 1")
    Self.check([.infinity, 1], "inf + 1")
    Self.check([-.infinity, -.greatestFiniteMagnitude], "-inf - max")
    Self.check([.infinity, -.infinity], "inf - inf")
    Self.check([1, .nan, 2], "NaN")
  }

  @Test("Random doubles over the whole range, subnormals and every sign (200 sums)")
  func random() {
    var random = SplitMix64(seed: 0x5A1E)
    for trial in 0..<200 {
      let count = Int(random.next() % 3000) + 1
      let subnormalOnly = trial % 4 == 0
      let values = (0..<count).map { _ -> Double in
        var x: Double
        repeat {
          let bits = random.next()
          x = Double(bitPattern: subnormalOnly ? bits & (1 << 63 | (1 << 52 - 1)) : bits)
        } while !x.isFinite
        return x
      }
      // Each sum once as drawn and once with its negation appended (a cancellation to 0 or to
      // whatever the last rounding would have lost).
      Self.check(values, carryInterval: trial % 3 + 1, "random sum \(trial)")
      Self.check(values + values.reversed().map { -$0 }, "random sum \(trial) minus itself")
    }
  }

  @Test("Many terms with the carries propagated every few additions or rarely")
  func manyTerms() {
    var random = SplitMix64(seed: 0xC0FF)
    let values = (0..<200_000).map { _ in Double(random.next() >> 11) * 0x1p-53 * 0x1p60 - 0x1p59 }
    for interval in [1, 7, 1 << 10] { Self.check(values, carryInterval: interval, "interval \(interval)") }
  }

  @Test("The sum is named as MPFRBallRegister names the same additions")
  func names() {
    let values = [0.1, 1e300, -0.3, .leastNonzeroMagnitude, 2.0]
    MPFRReal.withPrecision(128) {
      let register = MPFRBallRegister()
      var sum = ExactDoubleSum()
      for x in values {
        register.add(x)
        sum.add(x)
      }
      #expect(!register.value.isExact && !sum.value.isExact)
      #expect(register.value.name == sum.value.name)
    }
  }
}
