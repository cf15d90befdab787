import LossLabFormats
import Testing

@testable import LossLabReductions

@Suite("Higham's a priori summation bounds")
struct HighamBoundTests {
  static let float16U = 0x1p-11

  // MARK: The bound formulas

  @Test("γ_k = k·u / (1 - k·u): 0 for k = 0, 1/2047 for k = 1 in Float16, inf from k·u = 1")
  func gamma() {
    #expect(gammaFactor(0, u: Self.float16U) == 0)
    #expect(gammaFactor(1, u: Self.float16U) == 1.0 / 2047)  // 2^-11 / (1 - 2^-11)
    #expect(gammaFactor(2047, u: Self.float16U) == 2047)  // (2047/2048) / (1/2048)
    #expect(gammaFactor(2048, u: Self.float16U) == .infinity)
  }

  @Test("The recursive bound is infinite for Float16 past 2048 terms and bfloat16 past 256")
  func recursiveBoundGivesUp() {
    #expect(recursiveSumBound(n: 2048, u: Self.float16U, absSum: 1).isFinite)
    #expect(recursiveSumBound(n: 2049, u: Self.float16U, absSum: 1) == .infinity)
    #expect(recursiveSumBound(n: 256, u: 0x1p-8, absSum: 1).isFinite)
    #expect(recursiveSumBound(n: 257, u: 0x1p-8, absSum: 1) == .infinity)
    // A single term involves no rounded addition, whatever its size.
    #expect(recursiveSumBound(n: 1, u: Self.float16U, absSum: .infinity) == 0)
  }

  @Test("Kahan's bound is (2u + n·u²) Σ|x|")
  func kahanFormula() {
    // 2 · 2^-11 + 100 · 2^-22, both exact in Double.
    #expect(kahanSumBound(n: 100, u: Self.float16U, absSum: 1) == 0x1p-10 + 100 * 0x1p-22)
  }

  @Test("Neumaier's bound is u·Σ|x| to first order, 0 for one term, infinite once (n-1)·u ≥ 1")
  func neumaierFormula() {
    let floatU = 0x1p-24
    let ratio = neumaierSumBound(n: 100, u: floatU, absSum: 1) / floatU
    #expect(ratio > 1 && ratio < 1.001)  // second order: about 99 · 100 · 2^-24 ≈ 5.9e-4 of u
    #expect(neumaierSumBound(n: 1, u: floatU, absSum: 5) == 0)
    #expect(neumaierSumBound(n: 2048, u: Self.float16U, absSum: 1).isFinite)
    #expect(neumaierSumBound(n: 2049, u: Self.float16U, absSum: 1) == .infinity)
  }

  @Test("Float16 Neumaier on 10⁴ values in [0, 1] errs by about 960, far past a Kahan-form bound")
  func neumaierCompensationStalls() {
    // s stalls near 2048 (each new value is at most half an ulp there) and the lost values go
    // to c, a Float16 recursive sum that stalls near 2048 in turn: the result is about 4100
    // against an exact sum of about 5000. Kahan, whose compensation stays below an ulp of s,
    // stays within its bound.
    let x = SummationInputs.values(Float16.self, count: 10_000, distribution: .positive, seed: 7)
    let exact = x.reduce(0.0) { $0 + $1.doubleValue }  // exact: multiples of 2^-24 below 2^14
    let absSum = exact
    let neumaierError = abs(sum(x, using: .neumaier).doubleValue - exact)
    let kahanError = abs(sum(x, using: .kahan).doubleValue - exact)
    let kahanForm = kahanSumBound(n: x.count, u: Self.float16U, absSum: absSum)
    #expect(neumaierError > 500)
    #expect(neumaierError > 10 * kahanForm)
    #expect(kahanError <= kahanForm)
    #expect(neumaierSumBound(n: x.count, u: Self.float16U, absSum: absSum) == .infinity)
  }

  @Test("The wide bound for Float16 is Float's recursive bound plus one Float16 rounding")
  func wideFormula() {
    let n = 1000, u = Self.float16U, absSum = 10.0
    let e = gammaFactor(n - 1, u: 0x1p-24) * absSum
    #expect(bound(for: .wide, n: n, u: u, absSum: absSum) == e + u * (absSum + e))
    // bfloat16 also sums in Float; Float sums in Double; Double has nothing wider.
    let eB = gammaFactor(n - 1, u: 0x1p-24) * absSum
    #expect(bound(for: .wide, n: n, u: 0x1p-8, absSum: absSum) == eB + 0x1p-8 * (absSum + eB))
    let eF = gammaFactor(n - 1, u: 0x1p-53) * absSum
    #expect(bound(for: .wide, n: n, u: 0x1p-24, absSum: absSum) == eF + 0x1p-24 * (absSum + eF))
    #expect(bound(for: .wide, n: n, u: 0x1p-53, absSum: absSum)
      == recursiveSumBound(n: n, u: 0x1p-53, absSum: absSum))
  }

  // MARK: NumPy's pairwise scheme

  /// Depths worked out by hand from the scheme (see `pairwiseAdditionDepth`): a block of
  /// n ≤ 128 has depth (m/8 - 1) + 3 + n % 8 with m = n - n % 8; a split adds one.
  static let depths: [(n: Int, depth: Int)] = [
    (0, 0), (1, 0), (2, 1), (7, 6),  // plain loop: n - 1
    (8, 3), (9, 4), (15, 10), (16, 4), (17, 5),  // 0+3+0, 0+3+1, 0+3+7, 1+3+0, 1+3+1
    (127, 24), (128, 18),  // 14+3+7, 15+3+0
    (129, 12),  // split 64 | 65: 1 + max(7+3+0, 7+3+1)
    (200, 16),  // split 96 | 104: 1 + max(11+3+0, 12+3+0)
    (10_000, 19),
  ]

  @Test("The deepest addition path of NumPy's scheme", arguments: depths)
  func depth(n: Int, depth: Int) {
    #expect(pairwiseAdditionDepth(n: n) == depth)
  }

  @Test("NumPy's pairwise sum can exceed the textbook pairwise bound γ_⌈log2 n⌉ Σ|x|")
  func textbookBoundFails() {
    // 2048 followed, at stride 8, by 15 ones that all land in its accumulator and are all lost:
    // computed 2048, exact 2063, error 15.
    var x = [Float16](repeating: 0, count: 128)
    x[0] = 2048
    for i in stride(from: 8, to: 128, by: 8) { x[i] = 1 }
    let error = 2063 - sum(x, using: .pairwise).doubleValue
    #expect(error == 15)
    // γ_7 · 2063 = 7 · 2063 / 2041 ≈ 7.08 < 15 ≤ γ_18 · 2063 = 18 · 2063 / 2030 ≈ 18.29.
    #expect(pairwiseSumBound(n: 128, u: Self.float16U, absSum: 2063) < error)
    #expect(error <= numpyPairwiseSumBound(n: 128, u: Self.float16U, absSum: 2063))
    #expect(error <= bound(for: .pairwise, n: 128, u: Self.float16U, absSum: 2063))
  }

  @Test("Float Neumaier on 65536 copies of 0.1 errs by 2^-9, 2.5 times a Kahan-form bound")
  func neumaierFloatCompensation() {
    // Every s + 0.1 rounds the same way, so the errors pile up in c (about -4.05 at the end),
    // and c, a Float recursive sum, rounds at each of its 65536 additions. Kahan's compensation
    // never grows past an ulp of s, and its result is exact here. Values checked independently
    // with NumPy float32; the exact sum 65536 · Float(0.1) = 6553.60009765625 is a Float.
    let x = [Float](repeating: 0.1, count: 65_536)
    let exact = 65_536 * Double(Float(0.1))
    #expect(exact == 6553.600_097_656_25)
    let neumaierError = abs(sum(x, using: .neumaier).doubleValue - exact)
    #expect(neumaierError == 0x1p-9)
    #expect(sum(x, using: .kahan).doubleValue == exact)
    let u = 0x1p-24
    #expect(neumaierError > 2 * (2 * u + 3 * Double(x.count) * u * u) * exact)
    #expect(neumaierError <= neumaierSumBound(n: x.count, u: u, absSum: exact))
  }

  // MARK: Every summation within its bound

  static let sizes = [7, 100, 1000, 10_000]

  @Test("Every summation stays within its a priori bound on seeded random data",
        arguments: [Format.float16, .bfloat16, .float32], SummationInputs.Distribution.allCases)
  func withinBound(format: Format, distribution: SummationInputs.Distribution) {
    format.visit(WithinBound(distribution: distribution))
  }

  struct WithinBound: FormatVisitor {
    let distribution: SummationInputs.Distribution

    func visit<T: MachineFloat>(_: T.Type) {
      let u = T.format.unitRoundoff
      for n in HighamBoundTests.sizes {
        for seed: UInt64 in 1...3 {
          let x = SummationInputs.values(
            T.self, count: n, distribution: distribution, seed: seed &* 1_000_003 &+ UInt64(n))
          // The exact sum and Σ|x| in units of 2^-64 (see `Exact`): no rounding anywhere.
          let exact = x.reduce(Int128(0)) { $0 + Exact.units($1) }
          let absSum = x.reduce(Int128(0)) { $0 + Exact.units($1).magnitude.asInt128 }
          for method in Summation.allCases {
            let computed = sum(x, using: method)
            // The computed sum is a sum of multiples of 2^-64 rounded to a format whose
            // spacing there is a power of two, so it is a multiple of 2^-64 as well.
            let error = (Exact.units(computed) - exact).magnitude
            let allowed = bound(
              for: method, n: n, u: u, absSum: Double(absSum) / Exact.scale)
            // Converting the error and Σ|x| to Double and evaluating the bound round a few
            // times (relative 2^-53 each); the 1e-12 slack covers that and nothing else.
            #expect(
              Double(error) / Exact.scale <= allowed * (1 + 1e-12),
              "\(method), n = \(n), seed \(seed)")
          }
        }
      }
    }
  }
}

extension UInt128 {
  /// The value as an Int128 (every magnitude here is below 2^80).
  fileprivate var asInt128: Int128 { Int128(self) }
}
