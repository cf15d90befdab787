import LossLabLosses
import LossLabMeasurement
import LossLabReductions
import LossLabReference
import MPFRFloor

/// One loss of the reference benchmark: LossLab's reference path against the C floor.
struct ReferenceCase: Sendable {
  var name: String
  /// A formula that equals the loss's ideal, so the runner computes only the ideal.
  var formula: Formula
  var loss: Loss { formula.builtin! }
  /// MPFR calls per example on the runner's path (conversions and arithmetic, not predicates);
  /// the C floor makes the same ones.
  var mpfrCallsPerElement: Int
  var inputs: @Sendable (Int) -> Batch<Double>
  var floor: @Sendable (Batch<Double>, Int) -> Double

  static let all: [ReferenceCase] = [
    ReferenceCase(
      name: "bce ideal (probabilities)", formula: Formula("bce/naive")!, mpfrCallsPerElement: 12,
      inputs: { BenchInputs.probabilities($0) },
      floor: { batch, bits in
        dense(batch) { mpfr_floor_bce_ideal($0, $1, $2, bits) }
      }),
    ReferenceCase(
      name: "bce-logits ideal", formula: Formula("bce-logits/stable")!, mpfrCallsPerElement: 20,
      inputs: { BenchInputs.logits($0) },
      floor: { batch, bits in
        dense(batch) { mpfr_floor_bce_logits_ideal($0, $1, $2, bits) }
      }),
    ReferenceCase(
      name: "mse", formula: Formula("mse")!, mpfrCallsPerElement: 6,
      inputs: { BenchInputs.regression($0) },
      floor: { batch, bits in
        dense(batch) { mpfr_floor_mse($0, $1, $2, bits) }
      }),
    ReferenceCase(
      name: "sparse-cce-logits (10 classes)", formula: Formula("sparse-cce-logits/stable")!, mpfrCallsPerElement: 41,
      inputs: { BenchInputs.classLogits($0) },
      floor: { batch, bits in
        batch.yPred.withUnsafeBufferPointer { x in
          batch.labels.withUnsafeBufferPointer { labels in
            mpfr_floor_sparse_cce_logits(
              x.baseAddress, labels.baseAddress, batch.rows, batch.columns, bits)
          }
        }
      }),
  ]
}

/// A one-column batch handed to a C floor as (y, p, n).
private func dense(
  _ batch: Batch<Double>,
  _ body: (UnsafePointer<Double>?, UnsafePointer<Double>?, Int) -> Double
) -> Double {
  batch.yTrue.withUnsafeBufferPointer { y in
    batch.yPred.withUnsafeBufferPointer { p in body(y.baseAddress, p.baseAddress, batch.rows) }
  }
}

/// The reference exactly as the runner computes it at a fixed precision: `measurePoint`, with
/// no formats to measure and a formula that equals its ideal (so no formula-exact pass), which
/// leaves `streamingIdeal` over the binary64 batch, mean reduction. Called through
/// `measurePoint` because that is where the runner's call is specialized for `Batch<Double>`; a
/// call to the public generic `streamingIdeal` from another module would run unspecialized.
func lossLabReference(
  _ formula: Formula, on batch: Batch<Double>, bits: Int, adaptive: Bool = false
) -> Double {
  // Every repetition computes from scratch, as the C floor does: the memo of exp and log would
  // otherwise answer the repeated batch from memory.
  MPFRReal.forgetRememberedFunctions()
  let setup = PointSetup(
    formulas: [formula], formats: [], reduction: .mean, summations: [.recursive],
    smoothing: defaultSmoothing,
    reference: adaptive ? .standard : .fixed(bits))
  return measurePoint(batch, setup).ideal[0]
}

/// The reference's arithmetic alone: `idealExampleLoss` per row of a batch already converted
/// to MPFR values (no per-row `ReferenceRow.load`), one scope per row, summed in a register.
/// `body` runs inside the precision scope with a function that makes one such pass.
func withArenaReference<R>(
  _ loss: Loss, on batch: Batch<Double>, bits: Int, _ body: (() -> Double) -> R
) -> R {
  MPFRReal.withPrecision(bits) {
    let exact = batch.map { MPFRReal($0) }
    let parameters = LossParameters([MPFRReal](), scalars: [])  // none of the cases takes a parameter
    let formula = loss.defaultFormula  // made once: `formulas` builds an array
    let total = MPFRRegister()
    return body {
      total.set(MPFRReal.zero)
      for row in 0..<exact.rows {
        MPFRReal.scope {
          total.add(idealExampleLoss(formula, on: exact, row: row, parameters: parameters))
        }
      }
      return MPFRReal.scope { (total.value / MPFRReal(integer: exact.rows)).doubleValue }
    }
  }
}

func referenceRows(n: Int, plan: TimingPlan) -> [ResultRow] {
  var rows: [ResultRow] = []
  for bits in [128, 256] {
    for c in ReferenceCase.all {
      let batch = c.inputs(n)
      let ours = lossLabReference(c.formula, on: batch, bits: bits)
      let floor = c.floor(batch, bits)
      let (lossLab, cFloor) = plan.bestSeconds(
        { lossLabReference(c.formula, on: batch, bits: bits) }, { c.floor(batch, bits) })
      rows.append(
        ResultRow(
          name: "ref \(c.name)", format: "\(bits) bits", elements: batch.rows,
          lossLabSeconds: lossLab, floorSeconds: cFloor, goal: 1.3,
          note: ours.bitPattern == floor.bitPattern ? "same double" : "DIFFERS \(ours) vs \(floor)"))
    }
  }
  return rows
}

/// Single-example points as the runner's grids measure them, one `measurePoint` each in
/// float32, with the certified adaptive reference (the default) and with a fixed 256 bits: the
/// adaptive reference's cost against the old fixed one. For information: issue 14 replaced its
/// goal (at most half) by the exhaustive sweep's certified against fixed 128 bits (SuiteBench),
/// the lowest fixed precision that gives the same tables.
func adaptiveRows(points: Int, plan: TimingPlan) -> [ResultRow] {
  ReferenceCase.all.map { c in
    let batches = singleExamplePoints(c.inputs(points))
    func pass(_ reference: ReferencePrecision) -> Double {
      MPFRReal.forgetRememberedFunctions()  // each pass computes its points as a first run
      let setup = PointSetup(
        formulas: [c.formula], formats: [.float32], reduction: .mean, summations: [.recursive],
        smoothing: defaultSmoothing, reference: reference)
      return batches.reduce(0) { $0 + measurePoint($1, setup).results[0][0].endToEnd.ulpError }
    }
    let same = pass(.standard).bitPattern == pass(.fixed(256)).bitPattern
    let (adaptive, fixed) = plan.bestSeconds({ pass(.standard) }, { pass(.fixed(256)) })
    return ResultRow(
      name: "auto/256 \(c.name)", format: "float32", elements: points,
      lossLabSeconds: adaptive, floorSeconds: fixed, goal: nil,
      note: same ? "same ulp errors" : "ulp errors differ (the fixed 256 bits were wrong)")
  }
}
