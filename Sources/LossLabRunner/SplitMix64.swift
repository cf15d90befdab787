/// SplitMix64 (Steele, Lea and Flood 2014): a tiny, fast, well-mixed generator. LossLab seeds one
/// per point from (spec seed, sweep index, point index), so every random choice is fixed by the
/// seed and independent of which thread evaluates the point.
public struct SplitMix64: RandomNumberGenerator, Sendable {
  public var state: UInt64

  public init(seed: UInt64) { state = seed }

  /// A generator for one point, its stream decorrelated from its neighbours'.
  public init(seed: UInt64, stream: UInt64, index: UInt64) {
    var mixer = SplitMix64(seed: seed ^ 0x6A09_E667_F3BC_C909)
    state = mixer.next() ^ (stream &* 0x9E37_79B9_7F4A_7C15)
    state = SplitMix64(seed: state).peek() ^ (index &* 0xBF58_476D_1CE4_E5B9)
  }

  @inlinable
  public mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  func peek() -> UInt64 {
    var copy = self
    return copy.next()
  }

  /// A uniform Double in [0, 1) with 53 random bits.
  @inlinable
  public mutating func nextUnit() -> Double { Double(next() >> 11) * 0x1p-53 }

  /// A standard normal deviate (Box–Muller; one of the pair is used, so that a point's draws do
  /// not depend on how many came before in another point).
  public mutating func nextNormal() -> Double {
    var u = nextUnit()
    while u == 0 { u = nextUnit() }
    let v = nextUnit()
    return (-2 * _log(u)).squareRoot() * _cos(2 * Double.pi * v)
  }
}

#if canImport(Glibc)
import Glibc
@inline(__always) func _log(_ x: Double) -> Double { Glibc.log(x) }
@inline(__always) func _cos(_ x: Double) -> Double { Glibc.cos(x) }
#endif
