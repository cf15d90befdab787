import Foundation  // exp, log1p in Double for the expected thresholds
import Testing
@testable import LossLabFormats

// The helpers every loss uses (larger, smaller, clipped, softplus) and the elementary functions'
// overflow points, per format. Expected values come from Double arithmetic in the test and the
// numerics card.

private struct NaNPropagates: FormatVisitor {
  func visit<T: MachineFloat>(_ type: T.Type) {
    let nan = T.nan, one = T.one, two = T.one + T.one
    #expect(T.larger(nan, one).isNaN && T.larger(one, nan).isNaN)
    #expect(T.smaller(nan, one).isNaN && T.smaller(one, nan).isNaN)
    #expect(nan.clipped(T.zero, one).isNaN)
    #expect(T.larger(one, two) == two && T.larger(two, one) == two)
    #expect(T.smaller(one, two) == one && T.smaller(two, one) == one)
    #expect(two.clipped(T.zero, one) == one && (-two).clipped(T.zero, one) == T.zero)
    #expect(T.infinity.clipped(T.zero, one) == one)
  }
}

private struct UpperClipAtOneMinusEpsilon: FormatVisitor {
  /// Returns log(1 - clip(1, 1e-7, 1 - 1e-7)) as a Double.
  func visit<T: MachineFloat>(_ type: T.Type) -> Double {
    let epsilon = T(nearest: 1e-7), high = T(nearest: 1 - 1e-7)
    let p = T.one.clipped(epsilon, high)
    return T.log(T.one - p).doubleValue
  }
}

private struct ExpOverflow: FormatVisitor {
  let finite: Double, overflows: Double
  func visit<T: MachineFloat>(_ type: T.Type) -> (Bool, Bool) {
    #expect(T(nearest: finite).doubleValue == finite, "\(finite) is representable")
    #expect(T(nearest: overflows).doubleValue == overflows, "\(overflows) is representable")
    return (T.exp(T(nearest: finite)).isFinite, T.exp(T(nearest: overflows)).isInfinite)
  }
}

private struct Softplus: FormatVisitor {
  let precision: Int
  func visit<T: MachineFloat>(_ type: T.Type) {
    // softplus(0) = log 2 ≈ 0.693, within one spacing 2^-p of binade [1/2, 1).
    let atZero = T.softplus(T.zero).doubleValue
    #expect(abs(atZero - 0.6931471805599453) <= pow2(-precision))
    // Far right, softplus(x) = x: exp(-100) is below half a spacing at 100.
    #expect(T.softplus(T(nearest: 100)) == T(nearest: 100))
    // Far left, softplus(x) = exp(x) ≈ 3.7e-44: zero in the 16-bit formats (below 2^-134).
    let farLeft = T.softplus(T(nearest: -100)).doubleValue
    if precision <= 11 {
      #expect(farLeft == 0)
    } else {
      #expect(abs(farLeft / 3.720075976020836e-44 - 1) < 0.05)  // Float: 27·2^-149
    }
  }
}

@Suite("LossReal")
struct LossRealTests {
  @Test("larger, smaller and clipped keep NaN (as tf.maximum, torch.maximum and tf.clip_by_value)",
        arguments: Format.allCases)
  func nanPropagates(format: Format) {
    format.visit(NaNPropagates())
  }

  @Test("an upper clip at 1 - 1e-7 does nothing in float16 and bfloat16, so log(1 - p) reaches -inf at p = 1; in float32 and float64 it stays finite",
        arguments: Format.allCases)
  func upperClipDoesNothingIn16Bits(format: Format) {
    let value = format.visit(UpperClipAtOneMinusEpsilon())
    if format.bitWidth == 16 {
      #expect(value == -.infinity)
    } else {
      // log(1 - (1 - 1e-7) rounded): float32 rounds 1 - 1e-7 to 1 - 2^-23, log ≈ -15.94;
      // float64 keeps it, log(1e-7) ≈ -16.12.
      #expect(value.isFinite && value < -15.9 && value > -16.2)
    }
  }

  @Test("exp overflows float16 past ≈ 11.09, bfloat16 and float32 past ≈ 88.72, float64 past ≈ 709.78",
        arguments: [
          (Format.float16, 11.0859375, 11.09375),  // e^11.0859 ≈ 65370; e^11.0938 ≈ 65629 ≥ 65520
          (Format.bfloat16, 88.5, 89),  // spacing 1/2 there; e^88.5 ≈ 2.7e38 < 3.396e38 < e^89
          (Format.float32, 88.71875, 88.75),  // e^88.72 ≈ 3.39e38 < 3.4028e38 < e^88.75 ≈ 3.49e38
          (Format.float64, 709.75, 709.8125),
        ])
  func expOverflow(format: Format, finite: Double, overflows: Double) {
    // exp(x) rounds to infinity from x = log(largest finite + half a spacing)
    // = (emax + 1)·log 2 + log(1 - 2^-(p+1)); the chosen points are well on either side of it.
    let row = CardRow.of(format)
    let threshold = Double(row.card.maxExponent + 1) * log(2.0) + log1p(-pow2(-(row.precision + 1)))
    #expect(finite < threshold - 1e-3 && threshold + 1e-3 < overflows, "threshold \(threshold)")
    let (isFinite, isInfinite) = format.visit(ExpOverflow(finite: finite, overflows: overflows))
    #expect(isFinite)
    #expect(isInfinite)
  }

  @Test("softplus(0) = log 2, softplus(100) = 100, softplus(-100) = e^-100, which is 0 in the 16-bit formats",
        arguments: Format.allCases)
  func softplus(format: Format) {
    format.visit(Softplus(precision: format.precision))
  }
}
