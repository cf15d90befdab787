import Foundation  // Double's exp for the expected thresholds
import Testing
@testable import LossLabFormats

// pow and tanh per format: C's edge cases (not swift-numerics' `Real.pow`, which returns NaN for
// negative bases and for 0^0), the 16-bit formats computed in Float and rounded once, and where
// tanh rounds to 1. Correct rounding against MPFR is checked in LossLabReferenceTests.

/// (x, y, x^y) as C11 Annex F says, each value exact in every format.
let powEdgeCases: [(Double, Double, Double)] = [
  (.nan, 0, 1), (.nan, -0.0, 1), (1, .nan, 1), (0, 0, 1), (.infinity, 0, 1),
  (-2, 0.5, .nan), (-8, 1.0 / 3, .nan), (-2, 3, -8), (-2, 2, 4), (-2, -1, -0.5),
  (0, -1, .infinity), (-0.0, -1, -.infinity), (-0.0, -2, .infinity), (0, 2, 0),
  (-0.0, 3, -0.0), (0, -0.5, .infinity),
  (-1, .infinity, 1), (-1, -.infinity, 1), (0.5, .infinity, 0), (2, .infinity, .infinity),
  (0.5, -.infinity, .infinity), (-2, -.infinity, 0),
  (.infinity, 2, .infinity), (.infinity, -2, 0), (-.infinity, 3, -.infinity),
  (-.infinity, -3, -0.0), (-.infinity, 2, .infinity),
  (2, .nan, .nan), (.nan, 1, .nan), (10, 400, .infinity), (10, -400, 0),
  (4, 0.5, 2), (2, -3, 0.125), (2, 10, 1024),
]

/// Same value and, for zeros and infinities, the same sign; NaN matches NaN.
func sameValue(_ a: Double, _ b: Double) -> Bool {
  a.isNaN ? b.isNaN : a == b && a.sign == b.sign
}

private struct PowEdgeCases: FormatVisitor {
  func visit<T: MachineFloat>(_ type: T.Type) -> [String] {
    powEdgeCases.compactMap { x, y, expected in
      let got = T.pow(T(nearest: x), T(nearest: y)).doubleValue
      return sameValue(got, expected) ? nil : "pow(\(x), \(y)) = \(got), not \(expected)"
    }
  }
}

private struct TanhEdgeCases: FormatVisitor {
  func visit<T: MachineFloat>(_ type: T.Type) -> [String] {
    let tiny = T.format.leastNormalMagnitude, least = T.format.leastNonzeroMagnitude
    let cases: [(Double, Double)] = [
      (.infinity, 1), (-.infinity, -1), (0, 0), (-0.0, -0.0), (.nan, .nan),
      (tiny, tiny), (-tiny, -tiny), (least, least), (1000, 1), (-1000, -1),
    ]
    return cases.compactMap { x, expected in
      let got = T.tanh(T(nearest: x)).doubleValue
      return sameValue(got, expected) ? nil : "tanh(\(x)) = \(got), not \(expected)"
    }
  }
}

/// The 16-bit formats' pow and tanh are Float's, rounded once.
private struct ThroughFloat: FormatVisitor {
  func visit<T: MachineFloat>(_ type: T.Type) -> [String] {
    let xs = [0.1, 0.5, 0.75, 1.5, 2, 3, 7.25, 10, 100, 1e-3, -2, -0.5, -3]
    let ys = [0.5, -0.5, 2, 3, -1, 1.5, 0.1, -2.5, 10, 1.0 / 3, 7]
    var failures: [String] = []
    for xd in xs {
      let x = T(nearest: xd)
      let viaFloat = T(nearest: Double(Float.tanh(Float(x.doubleValue))))
      if !sameValue(T.tanh(x).doubleValue, viaFloat.doubleValue) { failures.append("tanh(\(xd))") }
      for yd in ys {
        let y = T(nearest: yd)
        let expected = T(nearest: Double(Float.pow(Float(x.doubleValue), Float(y.doubleValue))))
        if !sameValue(T.pow(x, y).doubleValue, expected.doubleValue) {
          failures.append("pow(\(xd), \(yd))")
        }
      }
    }
    return failures
  }
}

private struct TanhSaturation: FormatVisitor {
  let below: Double, saturated: Double
  func visit<T: MachineFloat>(_ type: T.Type) -> (Bool, Bool) {
    #expect(T(nearest: below).doubleValue == below, "\(below) is representable")
    #expect(T(nearest: saturated).doubleValue == saturated, "\(saturated) is representable")
    return (T.tanh(T(nearest: below)) < T.one, T.tanh(T(nearest: saturated)) == T.one)
  }
}

@Suite("pow and tanh")
struct PowTanhTests {
  @Test("pow follows C: pow(x, 0) = 1 for NaN x, pow(1, NaN) = 1, pow(-2, 3) = -8, pow(-2, 0.5) is NaN, pow(-0, -1) = -inf, pow(0.5, inf) = 0",
        arguments: Format.allCases)
  func powEdgeCasesFollowC(format: Format) {
    let failures = format.visit(PowEdgeCases())
    #expect(failures.isEmpty, "\(failures)")
  }

  @Test("Float and Double pow are C's, not swift-numerics' (which gives NaN for pow(-2, 2) and pow(0, 0))")
  func powIsC() {
    #expect(Float.pow(-2, 2) == 4 && Double.pow(-2, 2) == 4)
    #expect(Float.pow(0, 0) == 1 && Double.pow(0, 0) == 1)
    func generic<T: LossReal>(_ x: T, _ y: T) -> T { T.pow(x, y) }
    #expect(generic(Float16(-2), Float16(3)) == -8 && generic(Double.nan, 0) == 1)
  }

  @Test("tanh(±inf) = ±1, tanh(±0) = ±0, tanh(x) = x at the least normal and least subnormal, tanh(±1000) = ±1",
        arguments: Format.allCases)
  func tanhEdgeCases(format: Format) {
    let failures = format.visit(TanhEdgeCases())
    #expect(failures.isEmpty, "\(failures)")
  }

  @Test("float16 and bfloat16 pow and tanh are Float's rounded once", arguments: [Format.float16, .bfloat16])
  func sixteenBitThroughFloat(format: Format) {
    let failures = format.visit(ThroughFloat())
    #expect(failures.isEmpty, "\(failures)")
  }

  @Test("tanh rounds to 1 in bfloat16 past ≈ 3.47, float16 past ≈ 4.51, float32 past ≈ 9.01, float64 past ≈ 19.06",
        arguments: [
          (Format.bfloat16, 3.4375, 3.5),
          (Format.float16, 4.5, 4.51171875),
          (Format.float32, 8.75, 9.25),
          (Format.float64, 18.75, 19.5),
        ])
  func tanhSaturation(format: Format, below: Double, saturated: Double) {
    // tanh x rounds to 1 once 1 - tanh x = 2 / (e^(2x) + 1) ≤ 2^-(p+1), half the spacing under 1
    // (the tie goes to 1, which is even): from x = log(2^(p+2) - 1) / 2.
    let threshold = log(Double(sign: .plus, exponent: format.precision + 2, significand: 1) - 1) / 2
    #expect(below < threshold - 0.005 && threshold + 0.005 < saturated, "threshold \(threshold)")
    let (isBelow, isOne) = format.visit(TanhSaturation(below: below, saturated: saturated))
    #expect(isBelow)
    #expect(isOne)
  }
}
