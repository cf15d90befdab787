/// Reference roundings written for the tests, independent of LossLabFormats: every expected value
/// comes from these, from bit patterns reasoned out in a test, or from the numerics card.

/// A binary floating-point format described by the numerics card's numbers only.
struct CardFormat: Sendable, CustomStringConvertible {
  let name: String
  /// Significand bits including the hidden one (card: "precision p").
  let precision: Int
  /// The smallest normal number is 2^minNormalExponent (card: "min normal").
  let minNormalExponent: Int
  /// The largest finite number lies in binade 2^maxExponent (card: "max finite").
  let maxExponent: Int

  static let float16 = CardFormat(name: "float16", precision: 11, minNormalExponent: -14, maxExponent: 15)
  static let bfloat16 = CardFormat(name: "bfloat16", precision: 8, minNormalExponent: -126, maxExponent: 127)
  static let float32 = CardFormat(name: "float32", precision: 24, minNormalExponent: -126, maxExponent: 127)
  static let float64 = CardFormat(name: "float64", precision: 53, minNormalExponent: -1022, maxExponent: 1023)

  var description: String { name }

  /// Spacing of the subnormals, 2^(minNormalExponent - p + 1).
  var leastNonzeroExponent: Int { minNormalExponent - precision + 1 }
  /// (2^p - 1) · 2^(maxExponent - p + 1), exact in Double for every p <= 53.
  var greatestFinite: Double {
    Double((UInt64(1) << UInt64(precision)) - 1) * pow2(maxExponent - precision + 1)
  }
}

/// 2^e as a Double, built from its bits (normal and subnormal range).
func pow2(_ e: Int) -> Double {
  precondition(e >= -1074 && e <= 1023)
  if e >= -1022 { return Double(bitPattern: UInt64(e + 1023) << 52) }
  return Double(bitPattern: UInt64(1) << UInt64(e + 1074))
}

/// `d` rounded to nearest, ties to even, in `format`, with subnormals and overflow to ±infinity,
/// returned as a Double.
///
/// Method: scale |d| by the format's quantum at |d| (a power of two, so exactly), split the result
/// into its integer part and fraction, and round the integer part by comparing the fraction with
/// 1/2. Overflow: the rounded value with unbounded exponent above the largest finite is infinite
/// (so the midpoint between the largest finite and 2^(emax+1) goes to infinity: 2^(emax+1) is even).
func referenceRound(_ d: Double, to format: CardFormat) -> Double {
  if !d.isFinite { return d }
  let magnitude = Double(bitPattern: d.bitPattern & 0x7FFF_FFFF_FFFF_FFFF)
  let negative = d.bitPattern >> 63 == 1
  func signed(_ x: Double) -> Double { negative ? -x : x }
  // At or below half the smallest subnormal: rounds to a zero of d's sign (the half is a tie with
  // 0, which is even). Checking this first keeps every scaled value below exactly representable.
  if format.leastNonzeroExponent - 1 >= -1074, magnitude <= pow2(format.leastNonzeroExponent - 1) {
    return signed(0)
  }
  let biased = Int(magnitude.bitPattern >> 52)
  let binade = biased == 0 ? -1023 : biased - 1023  // below -1022: a Double subnormal
  let quantumExponent = max(binade, format.minNormalExponent) - (format.precision - 1)
  let scaled = magnitude / pow2(quantumExponent)  // exact: division by a power of two, < 2^p
  let whole = scaled.rounded(.down)
  let fraction = scaled - whole  // exact
  let wholeIsOdd = whole.truncatingRemainder(dividingBy: 2) == 1
  let roundUp = fraction > 0.5 || (fraction == 0.5 && wholeIsOdd)
  let result = (roundUp ? whole + 1 : whole) * pow2(quantumExponent)  // exact or +inf
  if result > format.greatestFinite { return signed(.infinity) }
  return signed(result)
}

/// The integer `n` rounded to nearest even in `format`, by integer arithmetic on its magnitude:
/// keep the top p bits, look at the bits shifted out.
func referenceRound(integer n: Int, to format: CardFormat) -> Double {
  let magnitude = n.magnitude  // UInt, handles Int.min
  let length = UInt.bitWidth - magnitude.leadingZeroBitCount
  var result: Double
  if length <= format.precision {
    result = Double(magnitude)  // exact: at most 53 bits
  } else {
    let shift = length - format.precision
    var kept = magnitude >> UInt(shift)
    let dropped = magnitude & ((1 << UInt(shift)) - 1)
    let half: UInt = 1 << UInt(shift - 1)
    if dropped > half || (dropped == half && kept & 1 == 1) { kept += 1 }
    result = Double(kept) * pow2(shift)  // kept <= 2^p: exact
  }
  if result > format.greatestFinite { result = .infinity }
  return n < 0 ? -result : result
}

/// A Double near a midpoint between two neighbouring numbers of `format` (its subnormals and the
/// overflow threshold included), nudged by amounts a two-step rounding gets wrong: none, a few
/// Double ulps, a relative 2^-40, a relative 2^-25...2^-50, or a random fraction of the quantum.
func nearMidpoint(of format: CardFormat, using rng: inout SplitMix64) -> Double {
  let p = format.precision
  precondition(p <= 52, "midpoints must be Doubles")
  // Binade minNormalExponent - 1 stands for the subnormals.
  let binade = rng.int(in: (format.minNormalExponent - 1)...format.maxExponent)
  let significand: Int
  let quantumExponent: Int
  if binade < format.minNormalExponent {
    significand = rng.int(in: 0...((1 << (p - 1)) - 1))
    quantumExponent = format.leastNonzeroExponent
  } else {
    significand = rng.int(in: (1 << (p - 1))...((1 << p) - 1))
    quantumExponent = binade - p + 1
  }
  // (significand + 1/2) quanta: exact, p + 1 <= 53 bits.
  let midpoint = Double(2 * significand + 1) * pow2(quantumExponent - 1)
  var d: Double
  switch rng.int(in: 0...7) {
  case 0: d = midpoint
  case 1: d = Double(bitPattern: midpoint.bitPattern + UInt64(rng.int(in: 1...4)))
  case 2: d = Double(bitPattern: midpoint.bitPattern - UInt64(rng.int(in: 1...4)))
  case 3: d = midpoint * (1 + pow2(-40))
  case 4: d = midpoint * (1 - pow2(-40))
  case 5: d = midpoint * (1 + pow2(-rng.int(in: 25...50)) * (rng.coin() ? 1 : -1))
  case 6: d = midpoint + Double(rng.next() >> 11) * pow2(-53) * pow2(quantumExponent - 1) * (rng.coin() ? 1 : -1)
  default: d = Double(bitPattern: midpoint.bitPattern &+ (rng.next() >> 40))  // up to 2^-29 relative above
  }
  return rng.coin() ? -d : d
}
