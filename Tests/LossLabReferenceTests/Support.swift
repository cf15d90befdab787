import LossLabFormats
import Testing

@testable import LossLabReference

// Test oracles for the reference module. Nothing here calls the code under test: expected values
// come from bit patterns, integer arithmetic, or Swift's and the C library's own conversions.

// MARK: - Seeded randomness

/// SplitMix64 (Steele, Lea and Flood 2014), so that every random test replays the same inputs.
struct SplitMix64: RandomNumberGenerator {
  var state: UInt64

  init(seed: UInt64) { state = seed }

  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}

// MARK: - Bit layouts

/// An IEEE 754-style binary layout: sign, `exponentBits` biased exponent, `fractionBits` stored
/// fraction. Typed from IEEE 754-2019 table 3.5 (binary16, binary32, binary64) and the bfloat16
/// definition (the top half of a binary32), not from `Format`.
struct Layout: Sendable, CustomStringConvertible {
  let exponentBits: Int
  let fractionBits: Int

  static func of(_ format: Format) -> Layout {
    switch format {
    case .float16: Layout(exponentBits: 5, fractionBits: 10)
    case .bfloat16: Layout(exponentBits: 8, fractionBits: 7)
    case .float32: Layout(exponentBits: 8, fractionBits: 23)
    case .float64: Layout(exponentBits: 11, fractionBits: 52)
    }
  }

  var description: String { "\(1 + exponentBits + fractionBits)-bit (p = \(fractionBits + 1))" }

  var width: Int { 1 + exponentBits + fractionBits }
  var signBit: UInt64 { 1 << UInt64(width - 1) }
  var fractionMask: UInt64 { (1 << UInt64(fractionBits)) - 1 }
  var exponentAllOnes: UInt64 { (1 << UInt64(exponentBits)) - 1 }
  var bias: Int { (1 << (exponentBits - 1)) - 1 }
  /// The exponent of the subnormal quantum: the least positive value is `2^minQuantumExponent`.
  var minQuantumExponent: Int { 1 - bias - fractionBits }

  var infinityPattern: UInt64 { exponentAllOnes << UInt64(fractionBits) }
  var maxFinitePattern: UInt64 { infinityPattern - 1 }

  func isFinite(_ pattern: UInt64) -> Bool {
    (pattern >> UInt64(fractionBits)) & exponentAllOnes != exponentAllOnes
  }

  /// The value of a finite bit pattern, exactly, from sign, exponent field and fraction field.
  func value(_ pattern: UInt64) -> Double {
    let negative = pattern & signBit != 0
    let field = (pattern >> UInt64(fractionBits)) & exponentAllOnes
    let fraction = pattern & fractionMask
    precondition(field != exponentAllOnes, "not finite")
    let integer: UInt64, exponent: Int
    if field == 0 {
      (integer, exponent) = (fraction, minQuantumExponent)
    } else {
      (integer, exponent) = ((1 << UInt64(fractionBits)) | fraction, Int(field) - bias - fractionBits)
    }
    let magnitude = Double(sign: .plus, exponent: exponent, significand: Double(integer))
    return negative ? -magnitude : magnitude
  }

  /// `d` rounded to nearest, ties to even, to this layout, by integer arithmetic on the
  /// significand: the IEEE 754 rule (gradual underflow, overflow to infinity at `max + ulp/2`)
  /// written out independently of MPFR. nil for NaN.
  func nearestEvenPattern(_ d: Double) -> UInt64? {
    if d.isNaN { return nil }
    let sign: UInt64 = d.sign == .minus ? signBit : 0
    if d.isInfinite { return sign | infinityPattern }
    if d == 0 { return sign }
    let bits = d.bitPattern
    let field = Int((bits >> 52) & 0x7FF)
    let fraction = bits & ((1 << 52) - 1)
    let m = field == 0 ? fraction : fraction | (1 << 52)  // d = ±m · 2^e exactly
    let e = field == 0 ? -1074 : field - 1075
    let binade = (63 - m.leadingZeroBitCount) + e  // 2^binade ≤ |d| < 2^(binade+1)
    var q = max(binade - fractionBits, minQuantumExponent)  // quantum of the result
    var n: UInt64  // the result is n · 2^q
    if e >= q {
      n = m << UInt64(e - q)
    } else {
      let shift = q - e
      if shift > 63 {
        n = 0  // |d| < 2^(q-11): far below half a quantum
      } else {
        n = m >> UInt64(shift)
        let rest = m & ((1 << UInt64(shift)) - 1)
        let half: UInt64 = 1 << UInt64(shift - 1)
        if rest > half || (rest == half && n & 1 == 1) { n += 1 }
      }
    }
    if n == 0 { return sign }
    if n == 1 << UInt64(fractionBits + 1) {  // rounded up into the next binade
      n >>= 1
      q += 1
    }
    if n < 1 << UInt64(fractionBits) { return sign | n }  // subnormal
    let biased = q + fractionBits + bias
    if biased >= Int(exponentAllOnes) { return sign | infinityPattern }
    return sign | UInt64(biased) << UInt64(fractionBits) | (n & fractionMask)
  }
}

// MARK: - Checking one rounding

func hex(_ pattern: UInt64) -> String { "0x" + String(pattern, radix: 16, uppercase: true) }

/// Collects rounding mismatches of one format, with the input, the expected and the actual bits.
struct RoundingLedger<T: MachineFloat> {
  let layout: Layout
  var checked = 0
  /// Every mismatch is counted; the first twelve are kept for the report.
  var failureCount = 0
  var failures: [String] = []

  init(_ type: T.Type) { layout = Layout.of(T.format) }

  /// Expects `x` to round, through both `rounded(to:)` and `roundedValue(in:)`, to `expected`.
  mutating func expect(_ x: MPFRReal, roundsTo expected: UInt64, _ label: @autoclosure () -> String) {
    checked += 1
    let got = x.rounded(to: T.self).encoding
    let gotValue = x.roundedValue(in: T.format)
    let expectedValue =
      layout.isFinite(expected)
      ? layout.value(expected)
      : (expected & layout.signBit == 0 ? Double.infinity : -Double.infinity)
    if got != expected || gotValue.bitPattern != expectedValue.bitPattern {
      record(
        "\(label()): \(x.decimalString(significantDigits: 30)) expected \(hex(expected)) (\(expectedValue)), "
          + "got \(hex(got)) (roundedValue \(gotValue))")
    }
  }

  mutating func record(_ failure: String) {
    failureCount += 1
    if failures.count < 12 { failures.append(failure) }
  }

  var report: String {
    "\(T.format): \(failureCount) of \(checked) roundings wrong; the first \(failures.count):\n"
      + failures.joined(separator: "\n")
  }
}

/// The value at pattern `low`, the midpoint between it and its successor `low + 1` (same sign,
/// one step further from zero), and the midpoint nudged by `(b - a) · 2^-40` either way: the
/// exact midpoint goes to the neighbour with the even bit pattern, the nudged ones to the nearer.
/// At the largest finite pattern the successor is `max + ulp`, whose midpoint overflows.
func checkNeighbourhood<T: MachineFloat>(of low: UInt64, in ledger: inout RoundingLedger<T>) {
  let layout = ledger.layout
  MPFRReal.scope {
    let a = MPFRReal(layout.value(low))
    ledger.expect(a, roundsTo: low, "value \(hex(low))")
    let magnitude = low & ~layout.signBit
    let b: MPFRReal
    let high: UInt64
    if magnitude == layout.maxFinitePattern {
      // max + ulp, where ulp = max - (its predecessor), the spacing of the top binade
      b = a + (a - MPFRReal(layout.value(low - 1)))
      high = (low & layout.signBit) | layout.infinityPattern
    } else {
      b = MPFRReal(layout.value(low + 1))
      high = low + 1
    }
    let midpoint = (a + b).timesPowerOfTwo(-1)
    let nudge = (b - a).timesPowerOfTwo(-40)
    let even = low & 1 == 0 ? low : high
    ledger.expect(midpoint, roundsTo: even, "midpoint above \(hex(low))")
    ledger.expect(midpoint + nudge, roundsTo: high, "just past the midpoint above \(hex(low))")
    ledger.expect(midpoint - nudge, roundsTo: low, "just short of the midpoint above \(hex(low))")
  }
}

// MARK: - Exact decimals

/// The exact decimal expansion of `±significand · 2^exponent` (every dyadic rational has one).
/// Schoolbook arithmetic in base 10^9, independent of MPFR.
func exactDecimal(significand: UInt64, exponent: Int, negative: Bool = false) -> String {
  var limbs: [UInt64] = [significand % 1_000_000_000, significand / 1_000_000_000 % 1_000_000_000,
                         significand / 1_000_000_000_000_000_000]
  func multiply(by factor: UInt64) {
    var carry: UInt64 = 0
    for i in limbs.indices {
      let product = limbs[i] * factor + carry
      limbs[i] = product % 1_000_000_000
      carry = product / 1_000_000_000
    }
    while carry > 0 {
      limbs.append(carry % 1_000_000_000)
      carry /= 1_000_000_000
    }
  }
  // value = significand · 2^exponent = (significand · 5^k) / 10^k for exponent = -k < 0
  let fractionDigits = max(0, -exponent)
  for _ in 0..<fractionDigits { multiply(by: 5) }
  for _ in 0..<max(0, exponent) { multiply(by: 2) }
  while limbs.count > 1 && limbs.last == 0 { limbs.removeLast() }
  var digits = String(limbs.last!)
  for limb in limbs.dropLast().reversed() {
    let text = String(limb)
    digits += String(repeating: "0", count: 9 - text.count) + text
  }
  if digits.count <= fractionDigits {
    digits = String(repeating: "0", count: fractionDigits - digits.count + 1) + digits
  }
  var text = digits
  if fractionDigits > 0 {
    text.insert(".", at: text.index(text.endIndex, offsetBy: -fractionDigits))
    while text.hasSuffix("0") { text.removeLast() }
    if text.hasSuffix(".") { text.removeLast() }
  }
  return (negative ? "-" : "") + text
}

/// The exact decimal of a finite Double.
func exactDecimal(_ d: Double) -> String {
  let bits = d.bitPattern
  let field = Int((bits >> 52) & 0x7FF)
  let fraction = bits & ((1 << 52) - 1)
  return exactDecimal(
    significand: field == 0 ? fraction : fraction | (1 << 52),
    exponent: field == 0 ? -1074 : field - 1075,
    negative: d.sign == .minus)
}

/// The exact decimal of the midpoint between the finite positive pattern `low` of `layout` and its
/// successor: `(2n + 1) · 2^(q - 1)` when `low` is `n · 2^q` with `q` its quantum exponent.
func exactMidpointDecimal(above low: UInt64, in layout: Layout, negative: Bool = false) -> String {
  let field = Int((low >> UInt64(layout.fractionBits)) & layout.exponentAllOnes)
  let fraction = low & layout.fractionMask
  let n = field == 0 ? fraction : fraction | (1 << UInt64(layout.fractionBits))
  let q = field == 0 ? layout.minQuantumExponent : field - layout.bias - layout.fractionBits
  return exactDecimal(significand: 2 * n + 1, exponent: q - 1, negative: negative)
}

/// The decimal `text` (an exact expansion, so nonzero in its last digit when it has a point) made
/// larger in magnitude by less than 1e-20.
func hairAbove(_ text: String) -> String {
  text + (text.contains(".") ? "" : ".") + "000000000000000000000001"
}

/// The decimal `text` made smaller in magnitude by less than 1e-20: the last digit lowered by one
/// and a run of nines appended (after a point, when `text` is an integer).
func hairBelow(_ text: String) -> String {
  var digits = Array(text)
  var i = digits.count - 1
  while digits[i] == "0" {  // borrow
    digits[i] = "9"
    i -= 1
  }
  digits[i] = Character(String(digits[i].wholeNumberValue! - 1))
  return String(digits) + (text.contains(".") ? "" : ".") + "9999999999999999999999"
}

// MARK: - Decimal digits

/// The significant digits of a decimal string such as `-0.00123e5` or `2.718`, without sign,
/// point, exponent or leading zeros.
func significantDigits(of text: String) -> String {
  let mantissa = text.prefix { $0 != "e" && $0 != "E" }
  let digits = mantissa.filter(\.isNumber)
  return String(digits.drop { $0 == "0" })
}

/// `2a - b` for decimals `a`, `b` in [0, 10) with at most `places` decimal places, exactly
/// (schoolbook arithmetic on digit arrays), as a decimal string with `places` places.
/// Requires `2a ≥ b`.
func twiceMinus(_ a: String, _ b: String, places: Int) -> String {
  func fixed(_ text: String) -> [Int] {  // integer part then `places` decimals, most significant first
    let parts = text.split(separator: ".")
    let integer = Int(parts[0])!
    var decimals = parts.count > 1 ? Array(parts[1]).map { Int(String($0))! } : []
    precondition(decimals.count <= places)
    decimals += Array(repeating: 0, count: places - decimals.count)
    return [integer / 10, integer % 10] + decimals
  }
  var x = fixed(a), y = fixed(b)
  var carry = 0
  for i in x.indices.reversed() {  // x = 2a
    let v = 2 * x[i] + carry
    x[i] = v % 10
    carry = v / 10
  }
  precondition(carry == 0)
  var borrow = 0
  for i in x.indices.reversed() {  // x = 2a - b
    var v = x[i] - y[i] - borrow
    borrow = v < 0 ? 1 : 0
    if v < 0 { v += 10 }
    x[i] = v
    y[i] = 0
  }
  precondition(borrow == 0, "2a < b")
  let integer = x[0] * 10 + x[1]
  return "\(integer)." + x.dropFirst(2).map(String.init).joined()
}
