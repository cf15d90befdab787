import LossLabFormats
import LossLabReductions
import Testing

/// PyTorch's CPU sum order (`torchSum`) against values torch 2.15 returns.
@Suite("PyTorch sum order")
struct TorchSumTests {
  /// PyTorch's float32 sum of 10 terms adds one 8-lane vector and then the 2 tail terms first:
  /// `torchSum` reproduces it where a left-to-right sum differs.
  @Test("torch.sum order: [2^24, 1, six zeros, 1, 1] in Float is 2^24 + 4 (the tail first), left to right 2^24")
  func torchSumOrder() {
    // Lanes hold [2^24, 1, 0, 0, 0, 0, 0, 0]; the tail is [1, 1]: total = ((0 + 1) + 1) + 2^24
    // = 2^24 + 2, then + 1 rounds to even: 2^24 + 4 (left to right: 2^24 + 1 + 1 + 1 = 2^24).
    let x: [Float] = [16_777_216, 1, 0, 0, 0, 0, 0, 0, 1, 1]
    let sum = x.withUnsafeBufferPointer { b in torchSum(count: b.count) { b[$0] } }
    #expect(sum == 16_777_220)
    #expect(x.reduce(0, +) == 16_777_216)
  }

  @Test("torch.sum of 262,144 ones in Float16 is inf (a finite float total rounded once); in bfloat16 2^18")
  func float16Overflow() {
    let half = [Float16](repeating: 1, count: 262_144)
    #expect(half.withUnsafeBufferPointer { b in torchSum(count: b.count) { b[$0] } } == .infinity)
    let brain = [BFloat16](repeating: BFloat16(Float(1)), count: 262_144)
    #expect(brain.withUnsafeBufferPointer { b in torchSum(count: b.count) { b[$0] } } == BFloat16(Float(262_144)))
  }
}
