import CMPFR
import LossLabFormats

#if canImport(Glibc)
import Glibc
#endif

extension MPFRReal {
  /// `value` exactly (every precision LossLab allows is at least 53 bits).
  public init(_ value: Double) {
    self = .fresh()
    mpfr_set_d(register, value, MPFR_RNDN)
  }

  /// A number such as `-1.5e-7`, `0.1`, `0x1p-12` (hex), `inf`, `-inf` or `nan`, rounded once to the
  /// reference precision; nil unless the whole string is a number.
  public init?(decimal text: String) {
    guard let (value, _) = MPFRReal.parse(text) else { return nil }
    self = value
  }

  /// `text` rounded once to the reference precision, and whether that rounding was inexact; nil
  /// unless the whole string is a number.
  static func parse(_ text: String) -> (MPFRReal, inexact: Bool)? {
    let result = MPFRReal.fresh()
    var ternary: Int32 = 0
    let consumedAll = text.withCString { start -> Bool in
      var end: UnsafeMutablePointer<CChar>? = nil
      ternary = mpfr_strtofr(result.register, start, &end, 0, MPFR_RNDN)
      guard let end else { return false }
      // The whole string, not just up to an embedded NUL.
      return UnsafePointer(end) - start == text.utf8.count && end != start
    }
    guard consumedAll, !text.isEmpty, !text.first!.isWhitespace else { return nil }
    return (result, ternary != 0)
  }

  /// The nearest Double.
  public var doubleValue: Double { mpfr_get_d(register, MPFR_RNDN) }

  /// This value rounded once, to nearest even, to `T`: subnormals, overflow to ±inf and NaN as
  /// IEEE 754 says. Never goes through Double first (that could round twice).
  @inlinable
  public func rounded<T: MachineFloat>(to type: T.Type) -> T {
    T(nearest: roundedValue(in: T.format))
  }

  /// This value rounded once to `format`, returned as the (exactly representable) Double.
  public func roundedValue(in format: Format) -> Double {
    withFormatRegister(format) { x in mpfr_set(x, register, MPFR_RNDN) }
  }

  /// The decimal `text` rounded once to `format`, as an exactly representable Double; nil unless
  /// the whole string is a number. This is how inputs given in decimal reach each format.
  public static func roundDecimal(_ text: String, in format: Format) -> Double? {
    var valid = false
    let value = withFormatRegister(format) { x in
      text.withCString { start -> Int32 in
        var end: UnsafeMutablePointer<CChar>? = nil
        let inexact = mpfr_strtofr(x, start, &end, 0, MPFR_RNDN)
        if let end { valid = UnsafePointer(end) - start == text.utf8.count && end != start }
        return inexact
      }
    }
    guard valid, !text.isEmpty, !text.first!.isWhitespace else { return nil }
    return value
  }

  /// The value in decimal with `digits` significant digits: fixed notation for magnitudes from
  /// 1e-4 to 1e21, scientific otherwise; `inf`, `-inf`, `nan` for the non-finite.
  public func decimalString(significantDigits digits: Int = 40) -> String {
    if isNaN { return "nan" }
    if isInfinite { return isNegative ? "-inf" : "inf" }
    if isZero { return isNegative ? "-0" : "0" }
    var exponent: mpfr_exp_t = 0
    guard let raw = mpfr_get_str(nil, &exponent, 10, digits, register, MPFR_RNDN) else {
      return "nan"
    }
    defer { mpfr_free_str(raw) }
    var mantissa = String(cString: raw)
    let negative = mantissa.hasPrefix("-")
    if negative { mantissa.removeFirst() }
    let sign = negative ? "-" : ""
    // mantissa = d1 d2 d3 ..., value = 0.d1d2d3... × 10^exponent
    let pointAt = Int(exponent)
    if pointAt > 21 || pointAt < -3 {
      let first = mantissa.prefix(1), rest = mantissa.dropFirst()
      let e = pointAt - 1
      return "\(sign)\(first).\(rest)e\(e < 0 ? "-" : "+")\(abs(e))"
    }
    if pointAt <= 0 {
      return sign + "0." + String(repeating: "0", count: -pointAt) + mantissa
    }
    if pointAt >= mantissa.count {
      return sign + mantissa + String(repeating: "0", count: pointAt - mantissa.count)
    }
    let split = mantissa.index(mantissa.startIndex, offsetBy: pointAt)
    return sign + mantissa[..<split] + "." + mantissa[split...]
  }
}

/// Runs `set` on a register of `format`'s precision (with MPFR's wide exponent range), then
/// brings the result into the format's exponent range with `mpfr_check_range` and
/// `mpfr_subnormalize`, which use the ternary value so that nothing is rounded twice.
@usableFromInline
func withFormatRegister(
  _ format: Format, _ set: (UnsafeMutablePointer<__mpfr_struct>) -> Int32
) -> Double {
  let precision = mpfr_prec_t(format.precision)
  return withUnsafeTemporaryAllocation(of: mp_limb_t.self, capacity: 2) { limbs in
    var header = __mpfr_struct()
    mpfr_custom_init(limbs.baseAddress, precision)
    mpfr_custom_init_set(&header, Int32(MPFR_NAN_KIND.rawValue), 0, precision, limbs.baseAddress)
    return withUnsafeMutablePointer(to: &header) { x in
      var inexact = set(x)
      // 0, ±inf, NaN and values in the format's normal range are left as they are by both
      // steps below (MPFR: `mpfr_check_range` changes only exponents outside [emin, emax],
      // `mpfr_subnormalize` only those below emin + precision - 1): the exponent range is not
      // switched for them (each switch is a thread-local access in MPFR).
      if losslab_mpfr_regular_p(x) == 0
        || (Int(x.pointee._mpfr_exp) >= format.mpfrMinExponent + format.precision - 1
          && Int(x.pointee._mpfr_exp) <= format.mpfrMaxExponent)
      {
        return mpfr_get_d(x, MPFR_RNDN)
      }
      let savedMin = mpfr_get_emin(), savedMax = mpfr_get_emax()
      mpfr_set_emin(mpfr_exp_t(format.mpfrMinExponent))
      mpfr_set_emax(mpfr_exp_t(format.mpfrMaxExponent))
      inexact = mpfr_check_range(x, inexact, MPFR_RNDN)
      _ = mpfr_subnormalize(x, inexact, MPFR_RNDN)
      mpfr_set_emin(savedMin)
      mpfr_set_emax(savedMax)
      return mpfr_get_d(x, MPFR_RNDN)
    }
  }
}
