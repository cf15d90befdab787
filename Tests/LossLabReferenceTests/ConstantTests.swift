import LossLabFormats
import Testing

@testable import LossLabReference

/// At the default 256 bits (about 77 decimal digits) the reference knows the classical constants
/// to at least 60 significant digits.
@Suite("Constants at 256 bits")
struct ConstantTests {
  // 70 and 66 decimals, from the published expansions (OEIS A002162, A001113, A002193, A002391).
  static let log2 = "0.6931471805599453094172321214581765680755001343602552541206800094933936"
  static let e = "2.718281828459045235360287471352662497757247093699959574966967627724"
  static let sqrt2 = "1.414213562373095048801688724209698078569671875376948073176679737990"
  static let log3 = "1.098612288668109691395245236922525704647490557822749451734694333637"

  /// `-log(0.75)`, the binary cross-entropy of predicting 0.75 for a positive label:
  /// `log(4/3) = 2 log 2 - log 3`, subtracted digit by digit from the strings above (66 places,
  /// off by less than 1e-66).
  static let bceOfThreeQuarters = twiceMinus(log2, log3, places: 70)

  enum Constant: String, CaseIterable, Sendable {
    case log2, e, sqrt2, bceOfThreeQuarters
  }

  static func expected(_ constant: Constant) -> String {
    switch constant {
    case .log2: log2
    case .e: e
    case .sqrt2: sqrt2
    case .bceOfThreeQuarters: bceOfThreeQuarters
    }
  }

  static func computed(_ constant: Constant) -> MPFRReal {
    switch constant {
    case .log2: MPFRReal.log(MPFRReal(integer: 2))
    case .e: MPFRReal.exp(MPFRReal(integer: 1))
    case .sqrt2: MPFRReal.sqrt(MPFRReal(integer: 2))
    case .bceOfThreeQuarters: -MPFRReal.log(MPFRReal(decimal: "0.75")!)
    }
  }

  @Test("the BCE constant derived by hand starts 0.2876820724517809274392190059938")
  func derivedConstantIsPlausible() {
    // log(4/3) = 0.28768207245178092744... (the first 20 digits, as printed in any table).
    #expect(Self.bceOfThreeQuarters.hasPrefix("0.2876820724517809274392190059938"))
  }

  @Test("agrees with the published decimal expansion to a relative 1e-60", arguments: Constant.allCases)
  func relativeAgreement(constant: Constant) throws {
    try MPFRReal.scope {
      #expect(MPFRReal.precision == 256)
      let exact = try #require(MPFRReal(decimal: Self.expected(constant)))
      let computed = Self.computed(constant)
      let tolerance = try #require(MPFRReal(decimal: "1e-60")) * exact.magnitude
      #expect(
        (computed - exact).magnitude <= tolerance,
        "\(constant): \(computed.decimalString(significantDigits: 70)) vs \(Self.expected(constant))")
    }
  }

  @Test("prints the same first 60 significant digits as the published expansion", arguments: Constant.allCases)
  func printedDigits(constant: Constant) {
    let printed = MPFRReal.scope { Self.computed(constant).decimalString(significantDigits: 70) }
    let got = significantDigits(of: printed)
    let expected = significantDigits(of: Self.expected(constant))
    #expect(got.count == 70, "\(printed)")
    #expect(got.prefix(60) == expected.prefix(60), "\(printed)")
  }

  @Test("log(4/3), -log(3/4) and -log(0.75) are the same number")
  func bceSpellings() {
    MPFRReal.scope {
      let three = MPFRReal(integer: 3), four = MPFRReal(integer: 4)
      let a = MPFRReal.log(four / three)
      let b = -MPFRReal.log(three / four)
      let c = -MPFRReal.log(MPFRReal(0.75))
      let tolerance = MPFRReal(1).timesPowerOfTwo(-250)
      #expect((a - b).magnitude <= tolerance)
      #expect((a - c).magnitude <= tolerance)
    }
  }
}
