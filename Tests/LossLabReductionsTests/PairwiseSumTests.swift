import LossLabFormats
import Testing

@testable import LossLabReductions

/// The order of NumPy's pairwise sum, checked where order changes the result: a large value
/// absorbs any 1 that is added to it directly (2048 + 1 = 2048 in Float16, 2^24 + 1 = 2^24 in
/// Float), so the result tells which additions happened in which accumulator.
@Suite("Pairwise summation follows NumPy's order")
struct PairwiseSumTests {
  @Test("Float16 [2048, 1 × 8] sums to 2056: the ones are added pairwise before meeting 2048")
  func nineTerms() {
    // r0..r7 = 2048, 1, …, 1 (no stride-8 pass for n = 9); ((2048 + 1) + (1 + 1)) = 2048 + 2
    // = 2050, ((1 + 1) + (1 + 1)) = 4, 2050 + 4 = 2054; then + x8: 2055 is a tie, rounds to 2056.
    let x: [Float16] = [2048] + Array(repeating: 1, count: 8)
    #expect(sum(x, using: .pairwise) == 2056)
    #expect(sum(x, using: .recursive) == 2048)
  }

  @Test("Float16 [2048, 1 × 15] sums to 2062 (exact 2063): x8 goes into 2048's accumulator")
  func sixteenTerms() {
    // r0 = 2048 + x8 = 2048 (lost); r1..r7 = 1 + 1 = 2.
    // ((2048 + 2) + (2 + 2)) + ((2 + 2) + (2 + 2)) = 2054 + 8 = 2062.
    let x: [Float16] = [2048] + Array(repeating: 1, count: 15)
    #expect(sum(x, using: .pairwise) == 2062)
  }

  @Test("Float16: 15 ones at stride 8 behind 2048 are all lost in a 128-term block")
  func strideEightLoss() {
    // Indices 8, 16, …, 120 all go into r0 = 2048, one addition at a time.
    var x = [Float16](repeating: 0, count: 128)
    x[0] = 2048
    for i in stride(from: 8, to: 128, by: 8) { x[i] = 1 }
    #expect(sum(x, using: .pairwise) == 2048)
  }

  @Test("Float16, n = 200: the split is at 96 (100 rounded down to a multiple of 8), not at 100")
  func splitPoint() {
    // Front: 96 ones = 96. Back (104 terms, one block): r0 = 2048 absorbs its 12 stride-8
    // ones; r1..r7 = 13. (2048 + 13) = 2061 → 2060 (tie to even), + 26 = 2086,
    // + (26 + 26) = 2138. Total 96 + 2138 = 2234 (exact 2247). Had the split been at 100,
    // 2048 would sit at index 96 of a 100-term front block, in r0 with no stride-8 ones.
    var x = [Float16](repeating: 1, count: 200)
    x[96] = 2048
    #expect(sum(x, using: .pairwise) == 2234)
  }

  /// `np.add.reduce(a)` for the float32 array `a[i] = 2^24 if i % 97 == 0 else 1`, computed
  /// with NumPy 2.4.6 (which runs `FLOAT_pairwise_sum` on contiguous float32 input).
  static let numpyFloat32Sums: [(n: Int, sum: Float)] = [
    (7, 16_777_216), (8, 16_777_222), (9, 16_777_224), (15, 16_777_224), (16, 16_777_230),
    (17, 16_777_232), (127, 33_554_532), (128, 33_554_540), (129, 33_554_548),
    (136, 33_554_552), (200, 50_331_820), (257, 50_331_876), (1000, 184_550_288),
    (4099, 721_424_000),
  ]

  @Test("Float matches NumPy's np.add.reduce bit for bit", arguments: numpyFloat32Sums)
  func matchesNumPy(n: Int, expected: Float) {
    let x = (0..<n).map { $0 % 97 == 0 ? Float(0x1p24) : 1 }
    #expect(sum(x, using: .pairwise) == expected)
  }

  @Test("Matches an independent transcription of NumPy's pairwise_sum on random data",
        arguments: [Format.float16, .bfloat16, .float32])
  func matchesReference(format: Format) {
    format.visit(MatchesReference())
  }

  struct MatchesReference: FormatVisitor {
    func visit<T: MachineFloat>(_: T.Type) {
      // Every n up to 300 crosses the n < 8, block and split branches and every remainder;
      // the larger ones recurse several levels.
      let sizes = Array(0...300) + [511, 1000, 1024, 1031, 4097, 10_000]
      for n in sizes {
        let x = SummationInputs.values(T.self, count: n, distribution: .signed, seed: UInt64(n))
        let expected = Self.reference(x[...])
        let actual = sum(x, using: .pairwise)
        #expect(actual.encoding == expected.encoding, "n = \(n)")
      }
    }

    /// numpy/core/src/umath/loops_utils.h.src, `pairwise_sum`, transcribed on array slices.
    static func reference<T: MachineFloat>(_ a: ArraySlice<T>) -> T {
      let n = a.count
      let base = a.startIndex
      if n < 8 {
        var res = T.zero
        for v in a { res = res + v }
        return res
      } else if n <= 128 {
        var r = Array(a[base..<(base + 8)])
        var i = 8
        while i < n - (n % 8) {
          for k in 0..<8 { r[k] = r[k] + a[base + i + k] }
          i += 8
        }
        var res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]))
        while i < n {
          res = res + a[base + i]
          i += 1
        }
        return res
      } else {
        var n2 = n / 2
        n2 -= n2 % 8
        return reference(a[base..<(base + n2)]) + reference(a[(base + n2)...])
      }
    }
  }
}
