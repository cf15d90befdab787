import LossLabFormats
import Testing

@testable import LossLabReductions

@Suite("Mean: the divisor is the count in the loss format")
struct MeanTests {
  @Test("A Float16 count is exact to 2048, rounds to even above, and is +inf from 65520 on")
  func float16Counts() {
    #expect(Float16(integer: 2048) == 2048)
    #expect(Float16(integer: 2049) == 2048)  // tie between 2048 and 2050: even
    #expect(Float16(integer: 2051) == 2052)  // tie between 2050 and 2052: even
    #expect(Float16(integer: 65504) == 65504)  // the largest finite Float16
    #expect(Float16(integer: 65519) == 65504)  // below the midpoint 65520
    #expect(Float16(integer: 65520) == .infinity)  // the midpoint rounds to "65536": overflow
    #expect(Float16(integer: 70000) == .infinity)
  }

  @Test("A bfloat16 count of 70000 is 70144 (spacing 512 above 65536)")
  func bfloat16Count() {
    #expect(BFloat16(integer: 70000).floatValue == 70144)
  }

  @Test("Float16 mean of 70000 ones is 0 with the plain loop (2048 / inf), 1 with a wide accumulator")
  func float16MeanOfManyOnes() {
    let ones = [Float16](repeating: 1, count: 70_000)
    #expect(reduce(ones, .mean, summation: .recursive) == 0)
    #expect(reduce(ones, .mean, summation: .neumaier) == 0)  // 4096 / inf
    // The better sums overflow instead, and inf / inf is NaN.
    #expect(reduce(ones, .mean, summation: .pairwise).isNaN)
    // The wide mean divides 70000 by 70000 in Float before rounding to Float16.
    #expect(reduce(ones, .mean, summation: .wide) == 1)
    #expect(reduce(ones, .mean, summation: .kahan).isNaN)
  }

  @Test("Float16 mean of 3000 ones is 2048/3000 ≈ 0.6826 with the plain loop, 1 with pairwise")
  func float16MeanOfThreeThousandOnes() {
    let ones = [Float16](repeating: 1, count: 3000)
    // 3000 is a Float16, and Float16 division rounds the exact quotient once.
    #expect(reduce(ones, .mean, summation: .recursive) == Float16(nearest: 2048.0 / 3000))
    #expect(reduce(ones, .mean, summation: .pairwise) == 1)
  }

  @Test("The sum reduction is the sum alone", arguments: Summation.allCases)
  func sumReduction(summation: Summation) {
    let x: [Float] = [0.5, 1.5, 3]
    #expect(reduce(x, .sum, summation: summation) == 5)
    // jnp.mean under XLA multiplies by the reciprocal of n (XLA's algebraic simplifier).
    let mean: Float = summation == .xla ? 5 * (1 / Float(3)) : Float(5.0 / 3)
    #expect(reduce(x, .mean, summation: summation) == mean)
  }

  @Test("The mean of nothing is 0 (Keras's divide_no_nan), not 0 / 0",
        arguments: Format.allCases)
  func emptyMean(format: Format) {
    format.visit(EmptyMean())
  }

  struct EmptyMean: FormatVisitor {
    func visit<T: MachineFloat>(_: T.Type) {
      #expect(reduce([T](), .mean, summation: .recursive).isZero)
      #expect(reduce([T](), .sum, summation: .pairwise).isZero)
    }
  }

  @Test("A wide divisor divides a stalled Float16 sum by 70000 instead of by inf")
  func wideDivisor() {
    // 2048 / 70000 in Float, then rounded to Float16. Two roundings, but they agree with one
    // rounding of the exact quotient 0.029257… here (checked with NumPy:
    // float16(float32(2048) / float32(70000)) == float16(2048 / 70000) == 0.0292510986328125).
    let quotient = Float16(nearest: 2048.0 / 70_000)
    #expect(meanWithWideDivisor(sum: Float16(2048), count: 70_000) == quotient)
    #expect(meanWithWideDivisor(sum: Float16(3000), count: 3000) == 1)
    #expect(meanWithWideDivisor(sum: Float16(5), count: 0) == 0)
  }

  @Test("A wide divisor cannot rescue a sum that overflowed: inf / 70000 = inf")
  func wideDivisorAfterOverflow() {
    let ones = [Float16](repeating: 1, count: 70_000)
    let total = sum(ones, using: .wide)
    #expect(meanWithWideDivisor(sum: total, count: ones.count) == .infinity)
  }
}
