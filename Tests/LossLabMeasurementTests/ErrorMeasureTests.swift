import LossLabFormats
import LossLabReference
import Testing

@testable import LossLabMeasurement

@Suite("Error measures")
struct ErrorMeasureTests {
  @Test("The correctly rounded value is exact with 0 bits and at most half an ulp")
  func correctlyRounded() {
    MPFRReal.scope {
      let exact = MPFRReal(decimal: "0.1")!
      let measure = ErrorMeasure(Float16(0.1), against: exact)
      #expect(measure.errorClass == .exact)
      #expect(measure.bitsError == 0)
      #expect(measure.ulpError <= 0.5)
      // Float16(0.1) = 1638 · 2^-14 = 0.0999755859375; ulp in [2^-4, 2^-3) is 2^-14.
      #expect(abs(measure.ulpError - (0.1 - 0.0999755859375) * 16384) < 1e-12)
    }
  }

  @Test("One step away is one bit of error (log2 2) and between 0.5 and 1.5 ulp")
  func oneStep() {
    MPFRReal.scope {
      let exact = MPFRReal(decimal: "0.1")!
      let measure = ErrorMeasure(Float16(0.1).nextUp, against: exact)
      #expect(measure.bitsError == 1)
      #expect(measure.ulpError > 0.5 && measure.ulpError < 1.5)
      #expect(measure.errorClass == .finite)
    }
  }

  @Test("1 against 1 + 2^-11 is exactly half an ulp of Float16 (ulp(1) = 2^-10) and 2^12 of Float")
  func halfUlp() {
    MPFRReal.scope {
      let exact = MPFRReal(1 + 1.0 / 2048)
      #expect(ErrorMeasure(Float16(1), against: exact).ulpError == 0.5)
      #expect(ErrorMeasure(Float(1), against: exact).ulpError == 4096)
    }
  }

  @Test("Classes: flush to zero, overflow, NaN, subnormal")
  func classes() {
    MPFRReal.scope {
      #expect(ErrorMeasure(Float16(0), against: MPFRReal(1e-10)).errorClass == .flushToZero)
      let overflow = ErrorMeasure(Float16.infinity, against: MPFRReal(1e5))
      #expect(overflow.errorClass == .overflow)
      #expect(overflow.bitsError == 16)
      #expect(overflow.ulpError == .infinity)
      #expect(ErrorMeasure(Float.nan, against: MPFRReal(1)).errorClass == .nan)
      #expect(ErrorMeasure(Float.nan, against: MPFRReal(1)).bitsError == 32)
      // 2 · 2^-24 against 2.6 · 2^-24 (whose nearest Float16 is 3 · 2^-24): a wrong subnormal.
      let tiny = Float16(bitPattern: 2)
      let measure = ErrorMeasure(tiny, against: MPFRReal(2.6 * 0x1p-24))
      #expect(measure.errorClass == .subnormal)
      #expect(abs(measure.ulpError - 0.6) < 1e-12)
    }
  }

  @Test("Matching infinities and NaNs count as exact")
  func matchingNonFinite() {
    MPFRReal.scope {
      #expect(ErrorMeasure(Double.infinity, against: MPFRReal.infinity).errorClass == .exact)
      #expect(ErrorMeasure(Double.infinity, against: MPFRReal.infinity).ulpError == 0)
      #expect(ErrorMeasure(-Double.infinity, against: MPFRReal.infinity).ulpError == .infinity)
    }
  }

  @Test("Relative error is measured against the exact value")
  func relative() {
    MPFRReal.scope {
      let measure = ErrorMeasure(Double(1.5), against: MPFRReal(2))
      #expect(measure.relativeError == 0.25)
      #expect(measure.absoluteError == 0.5)
    }
  }
}
