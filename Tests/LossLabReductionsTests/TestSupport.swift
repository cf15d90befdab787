import LossLabFormats

/// Vigna's SplitMix64: a tiny, fully specified generator, so every "random" input here is the
/// same on every machine and can be regenerated elsewhere from its seed.
struct SplitMix64 {
  var state: UInt64

  init(seed: UInt64) { state = seed }

  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  /// Uniform in [0, 1): the top 53 bits as a fraction.
  mutating func unit() -> Double {
    Double(next() >> 11) * 0x1p-53
  }
}

/// Exact fixed-point arithmetic on the test inputs: every value used in the bound tests is an
/// integer multiple of 2^-64 (see `SummationInputs`), so `value · 2^64` is an exact integer and
/// sums of up to 10⁴ of them (each below 2^64 in magnitude, so totals below 2^78) fit an Int128
/// with no rounding at all.
enum Exact {
  static let scale = 0x1p64

  /// `x · 2^64` as an integer; traps if `x` is not a multiple of 2^-64 (so a test cannot
  /// silently compare against a rounded "exact" value).
  static func units<T: MachineFloat>(_ x: T) -> Int128 {
    guard let units = Int128(exactly: x.doubleValue * scale) else {
      fatalError("\(x.doubleValue) is not a multiple of 2^-64")
    }
    return units
  }
}

/// Inputs for the error-bound tests, in the format `T`.
enum SummationInputs {
  enum Distribution: String, CaseIterable, Sendable {
    /// Uniform in [-1, 1]: cancellation, errors far below the bounds.
    case signed
    /// Uniform in [0, 1]: no cancellation, every rounding error pushes the same way on average.
    case positive
  }

  /// `n` values drawn uniformly, rounded to `T`. Magnitudes below 2^-40 are flushed to zero so
  /// that every value is a multiple of 2^-64: a Float of magnitude at least 2^-40 has an ulp of
  /// at least 2^-63, a bfloat16 at least 2^-47, and every Float16 is a multiple of 2^-24. (A
  /// draw below 2^-40 has probability about 2^-40, so the flush changes nothing in practice.)
  static func values<T: MachineFloat>(
    _: T.Type, count n: Int, distribution: Distribution, seed: UInt64
  ) -> [T] {
    var generator = SplitMix64(seed: seed)
    return (0..<n).map { _ in
      let u = generator.unit()
      let draw = distribution == .signed ? 2 * u - 1 : u
      let value = T(nearest: draw)
      return value.doubleValue.magnitude < 0x1p-40 ? T.zero : value
    }
  }
}
