/// SplitMix64 (Steele, Lea and Flood 2014; the seeding generator of xoshiro): a small, seeded,
/// reproducible generator, so that a failing random case can be replayed from its seed.
struct SplitMix64: RandomNumberGenerator {
  private var state: UInt64

  init(seed: UInt64) { state = seed }

  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  /// A uniformly random integer in `range`.
  mutating func int(in range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &self) }

  /// A fair coin.
  mutating func coin() -> Bool { next() & 1 == 1 }
}

/// Collects a count of failures and the first few failing cases, so a test over millions of
/// inputs reports like CORE-MATH's exhaustive checks: how many tested, how many wrong, which.
struct Mismatches: CustomStringConvertible {
  var tested = 0
  var wrong = 0
  var examples: [String] = []

  mutating func check(_ ok: Bool, _ example: @autoclosure () -> String) {
    tested += 1
    if !ok {
      wrong += 1
      if examples.count < 5 { examples.append(example()) }
    }
  }

  var description: String {
    "\(wrong) wrong of \(tested); first: " + examples.joined(separator: "; ")
  }
}

func hex<I: BinaryInteger>(_ x: I, width: Int) -> String {
  let digits = String(x, radix: 16, uppercase: true)
  return "0x" + String(repeating: "0", count: max(0, width - digits.count)) + digits
}
