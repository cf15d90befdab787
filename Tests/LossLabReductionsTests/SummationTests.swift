import LossLabFormats
import Testing

@testable import LossLabReductions

@Suite("Summation: what each method does to sums that stall, overflow or cancel")
struct SummationTests {
  // MARK: Sums of ones

  @Test("A recursive sum of ones stalls at 2^p: 2048 in Float16, 256 in bfloat16",
        arguments: [Format.float16, .bfloat16])
  func recursiveOnesStall(format: Format) {
    format.visit(RecursiveOnesStall())
  }

  struct RecursiveOnesStall: FormatVisitor {
    // At 2^p the spacing is 2, so 2^p + 1 is a tie and rounds to the even 2^p.
    func visit<T: MachineFloat>(_: T.Type) {
      let stall = 1 << T.format.precision
      let ones = [T](repeating: .one, count: stall + 1000)
      #expect(sum(ones, using: .recursive).doubleValue == Double(stall))
    }
  }

  @Test("Float16 running sum of 3000 ones stalls at 2048")
  func float16RunningSumStalls() {
    let ones = [Float16](repeating: 1, count: 3000)
    #expect(sum(ones, using: .recursive) == 2048)
  }

  @Test("bfloat16 running sum of 3000 ones stalls at 256")
  func bfloat16RunningSumStalls() {
    let ones = [BFloat16](repeating: .one, count: 3000)
    #expect(sum(ones, using: .recursive).floatValue == 256)
  }

  @Test("Pairwise, Kahan and wide sums of 3000 Float16 ones are exact (3000)")
  func float16OnesExact() {
    // Pairwise: every block sum and every combination is an integer ≤ 3000 that is even when
    // above 2048, hence representable. Kahan: the lost 1 comes back through the compensation.
    // Wide: 3000 is exact in Float and representable in Float16.
    let ones = [Float16](repeating: 1, count: 3000)
    #expect(sum(ones, using: .pairwise) == 3000)
    #expect(sum(ones, using: .kahan) == 3000)
    #expect(sum(ones, using: .wide) == 3000)
  }

  @Test("Neumaier sums 3000 Float16 ones exactly: 2048 + 952 lost ones in the compensation")
  func float16NeumaierThreeThousand() {
    let ones = [Float16](repeating: 1, count: 3000)
    #expect(sum(ones, using: .neumaier) == 3000)
  }

  @Test("bfloat16 sums of 3000 ones round to 3008, the nearest bfloat16 to 3000")
  func bfloat16OnesRounded() {
    // Between 2048 and 4096 bfloat16 has spacing 16; 3000 is the tie 2992/3008 and rounds to
    // the even 3008 = 188 · 16.
    let ones = [BFloat16](repeating: .one, count: 3000)
    let nearest = BFloat16(Float(3000))
    #expect(nearest.floatValue == 3008)
    #expect(sum(ones, using: .wide) == nearest)
    #expect(sum(ones, using: .kahan) == nearest)
    #expect(sum(ones, using: .pairwise) == nearest)
  }

  @Test("Kahan recovers 10⁴ Float16 ones exactly")
  func float16KahanTenThousand() {
    // At s = 2048 the 1 is lost (tie to even) and comes back as e = 1, so the next term is 2
    // and s moves to 2050. Past 4096 and 8192 the same happens with terms of up to 4 and 8.
    // 10⁴ = 1250 · 8 is representable, and the final s lands on it.
    let ones = [Float16](repeating: 1, count: 10_000)
    #expect(sum(ones, using: .kahan) == 10_000)
  }

  @Test("Neumaier's compensation stalls too: 10⁴ Float16 ones give 4096 = 2048 + 2048")
  func float16NeumaierStalls() {
    // s stalls at 2048 and the lost ones are counted in c, a recursive sum of ones in Float16,
    // which stalls at 2048 in turn.
    let ones = [Float16](repeating: 1, count: 10_000)
    #expect(sum(ones, using: .neumaier) == 4096)
  }

  @Test("bfloat16 Neumaier sum of ones stops at 512 = 256 + 256")
  func bfloat16NeumaierStalls() {
    let ones = [BFloat16](repeating: .one, count: 10_000)
    #expect(sum(ones, using: .neumaier).floatValue == 512)
  }

  @Test("bfloat16 Kahan sum of ones stalls at 65536 = 2^16")
  func bfloat16KahanStalls() {
    // At s = 2^16 the spacing is 512, so s moves only when y = 1 + (lost amount) exceeds 256.
    // But y stops at 256: 256 + 1 = 257 is a tie in bfloat16 (spacing 2) and rounds to 256, and
    // s + 256 is a tie that rounds back to 2^16.
    let ones = [BFloat16](repeating: .one, count: 70_000)
    #expect(sum(ones, using: .kahan).floatValue == 65536)
  }

  @Test("Kahan turns a Float16 overflow into NaN: 70000 ones")
  func float16KahanOverflowIsNaN() {
    // Once t = s + y overflows, e = (s - t) + y = -inf, the next y = 1 - inf, and
    // t = inf + (-inf) = NaN.
    let ones = [Float16](repeating: 1, count: 70_000)
    #expect(sum(ones, using: .kahan).isNaN)
    #expect(sum(ones, using: .pairwise) == .infinity)
    #expect(sum(ones, using: .wide) == .infinity)
    #expect(sum(ones, using: .recursive) == 2048)
  }

  // MARK: Cancellation

  @Test("Neumaier gives 2 for [1, 1e100, 1, -1e100] in Double; Kahan and the plain loop give 0")
  func neumaierLargeTerm() {
    // Kahan's e = (s - t) + y assumes |s| ≥ |y|; when 1e100 arrives after s = 1 the lost 1 is
    // never recovered. Neumaier swaps the roles and keeps both ones in c.
    let x: [Double] = [1, 1e100, 1, -1e100]
    #expect(sum(x, using: .neumaier) == 2)
    #expect(sum(x, using: .kahan) == 0)
    #expect(sum(x, using: .recursive) == 0)
  }

  // MARK: Small and exact sums

  @Test("Every method sums [0.5, 0.25, 1, 2, -0.75] to exactly 3 in every format",
        arguments: Format.allCases)
  func exactSmallSum(format: Format) {
    format.visit(ExactSmallSum())
  }

  struct ExactSmallSum: FormatVisitor {
    // Every partial sum is a multiple of 1/4 below 4: representable even in bfloat16.
    func visit<T: MachineFloat>(_: T.Type) {
      let x = [0.5, 0.25, 1, 2, -0.75].map { T(nearest: $0) }
      for method in Summation.allCases {
        #expect(sum(x, using: method).doubleValue == 3, "\(method)")
      }
    }
  }

  @Test("An empty sum is +0 and a one-term sum is that term, for every method",
        arguments: Format.allCases)
  func emptyAndSingle(format: Format) {
    format.visit(EmptyAndSingle())
  }

  struct EmptyAndSingle: FormatVisitor {
    func visit<T: MachineFloat>(_: T.Type) {
      let single = T(nearest: -0.375)
      for method in Summation.allCases {
        let empty = sum([T](), using: method)
        #expect(empty.isZero && empty.encoding == 0, "\(method): +0")
        #expect(sum([single], using: method) == single, "\(method)")
      }
    }
  }

  // MARK: Non-finite terms

  @Test("An infinite term: plain, pairwise and wide sums give inf, Neumaier gives NaN")
  func infiniteTerm() {
    let x: [Float] = [1, .infinity, 1]
    #expect(sum(x, using: .recursive) == .infinity)
    #expect(sum(x, using: .pairwise) == .infinity)
    #expect(sum(x, using: .wide) == .infinity)
    // c picks up (inf - inf) once the infinity arrives.
    #expect(sum(x, using: .neumaier).isNaN)
  }

  @Test("Kahan with an infinite term gives NaN unless that term comes last")
  func kahanInfinity() {
    // e = (s - t) + y = (1 - inf) + inf = NaN, which poisons every later term.
    #expect(sum([Float(1), .infinity, 1], using: .kahan).isNaN)
    #expect(sum([Float(1), 1, .infinity], using: .kahan) == .infinity)
  }

  @Test("A NaN term makes every method NaN", arguments: Summation.allCases)
  func nanTerm(method: Summation) {
    let x: [Float16] = [1, .nan, 2]
    #expect(sum(x, using: method).isNaN)
  }
}
