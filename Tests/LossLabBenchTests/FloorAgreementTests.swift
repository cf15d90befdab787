import LossLabLosses
import LossLabMeasurement
import LossLabReductions
import LossLabReference
import MPFRFloor
import Testing

/// The C floor makes the reference's MPFR calls in the same order, so both give the same double.
enum FloorCase: String, CaseIterable, Sendable {
  case bce, bceLogits, mse, sparseCCELogits

  /// A formula equal to the loss's ideal, so the runner computes the ideal alone.
  var formula: Formula {
    switch self {
    case .bce: Formula("bce/naive")!
    case .bceLogits: Formula("bce-logits/stable")!
    case .mse: Formula("mse")!
    case .sparseCCELogits: Formula("sparse-cce-logits/stable")!
    }
  }

  /// Seeded inputs: soft targets (so both BCE terms count), logits, regression values, and
  /// rows of 10 logits with labels; a few exact 0 and 1 targets to take the skipped branches.
  func batch(_ n: Int) -> Batch<Double> {
    var state: UInt64 = 0x5EED_0000 + UInt64(n)
    func unit() -> Double {
      state &+= 0x9E37_79B9_7F4A_7C15
      var z = state
      z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
      z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
      return (Double((z ^ (z >> 31)) >> 11) + 0.5) * 0x1p-53
    }
    func target(_ i: Int) -> Double { i % 17 == 0 ? 0 : i % 19 == 0 ? 1 : unit() }
    switch self {
    case .bce:
      return Batch(yTrue: (0..<n).map(target), yPred: (0..<n).map { _ in unit() })
    case .bceLogits:
      return Batch(yTrue: (0..<n).map(target), yPred: (0..<n).map { _ in 40 * unit() - 20 })
    case .mse:
      return Batch(yTrue: (0..<n).map { _ in 4 * unit() - 2 }, yPred: (0..<n).map { _ in 4 * unit() - 2 })
    case .sparseCCELogits:
      return Batch(
        yTrue: [], yPred: (0..<(10 * n)).map { _ in 16 * unit() - 8 },
        labels: (0..<n).map { _ in Int(unit() * 10) }, columns: 10)
    }
  }

  func floor(_ batch: Batch<Double>, bits: Int) -> Double {
    batch.yTrue.withUnsafeBufferPointer { y in
      batch.yPred.withUnsafeBufferPointer { p in
        batch.labels.withUnsafeBufferPointer { labels in
          switch self {
          case .bce: mpfr_floor_bce_ideal(y.baseAddress, p.baseAddress, batch.rows, bits)
          case .bceLogits:
            mpfr_floor_bce_logits_ideal(y.baseAddress, p.baseAddress, batch.rows, bits)
          case .mse: mpfr_floor_mse(y.baseAddress, p.baseAddress, batch.rows, bits)
          case .sparseCCELogits:
            mpfr_floor_sparse_cce_logits(
              p.baseAddress, labels.baseAddress, batch.rows, batch.columns, bits)
          }
        }
      }
    }
  }
}

@Test(
  "The C floor and the runner's reference (measurePoint) give the same double",
  arguments: FloorCase.allCases, [128, 256])
func floorMatchesReference(_ c: FloorCase, bits: Int) {
  let batch = c.batch(300)
  let setup = PointSetup(
    formulas: [c.formula], formats: [], reduction: .mean, summations: [.recursive],
    smoothing: defaultSmoothing)
  let reference = MPFRReal.withPrecision(bits) { measurePoint(batch, setup).ideal[0] }
  let floor = c.floor(batch, bits: bits)
  #expect(reference.isFinite)
  #expect(reference.bitPattern == floor.bitPattern, "\(reference) vs \(floor)")
}
