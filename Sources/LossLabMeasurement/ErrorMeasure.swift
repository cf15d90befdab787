import LossLabFormats
import LossLabReference

/// How far one computed value is from the exact one, in the measures of shared/numerics-card.md.
public struct ErrorMeasure: Sendable, Equatable {
  /// The computed value (exact as a Double).
  public var value: Double
  /// `|computed - exact|`, rounded to Double; +inf when one side is non-finite and they differ.
  public var absoluteError: Double
  /// `|computed - exact| / |exact|`; 0 for 0 against 0, +inf against an exact 0 otherwise.
  public var relativeError: Double
  /// `|computed - exact| / ulp(exact)`, with the ulp of the computed value's format taken in the
  /// exact value's binade (fractional); +inf when one side is non-finite and they differ.
  public var ulpError: Double
  /// Herbie's bits of error: `log2(1 + the number of format values between the computed value
  /// and the correctly rounded exact value)`; NaN or inf against a finite exact value counts as
  /// the format's full width.
  public var bitsError: Double
  public var errorClass: ErrorClass

  public init(
    value: Double, absoluteError: Double, relativeError: Double, ulpError: Double,
    bitsError: Double, errorClass: ErrorClass
  ) {
    self.value = value
    self.absoluteError = absoluteError
    self.relativeError = relativeError
    self.ulpError = ulpError
    self.bitsError = bitsError
    self.errorClass = errorClass
  }

  /// Measures `computed` against `exact` (an MPFR value of the current scope).
  public init<T: MachineFloat>(_ computed: T, against exact: MPFRReal) {
    let format = T.format
    let best = exact.rounded(to: T.self)
    value = computed.doubleValue

    let sameNonFinite =
      (computed.isNaN && exact.isNaN)
      || (computed.isInfinite && exact.isInfinite && (computed < T.zero) == exact.isNegative)
    if sameNonFinite {
      (absoluteError, relativeError, ulpError, bitsError) = (0, 0, 0, 0)
    } else if !computed.isFinite || !exact.isFinite {
      (absoluteError, relativeError, ulpError) = (.infinity, .infinity, .infinity)
      bitsError = Double(format.bitWidth)
    } else {
      // ulp(exact) = 2^(e - p + 1) in binade e, clamped to the format's binades. Each figure
      // is rounded once, from the exact difference.
      let binade = min(
        max(exact.binadeExponent ?? format.minNormalExponent, format.minNormalExponent),
        format.maxExponent)
      (absoluteError, ulpError, relativeError) = exact.distanceFigures(
        from: computed.doubleValue, timesPowerOfTwo: format.precision - 1 - binade)
      if best.isNaN {
        bitsError = Double(format.bitWidth)
      } else {
        // Ordinals of values of opposite signs can be more than Int64.max apart.
        let (a, b) = (computed.ordinal, best.ordinal)
        let steps = a >= b ? UInt64(bitPattern: a &- b) : UInt64(bitPattern: b &- a)
        bitsError = Double.log2(1 + Double(steps))
      }
    }

    errorClass =
      if computed.isNaN { .nan }
      else if computed.isInfinite && exact.isFinite { .overflow }
      else if computed.isZero && !exact.isZero { .flushToZero }
      else if computed == best || sameNonFinite { .exact }
      else if computed.isSubnormal { .subnormal }
      else { .finite }
  }
}
