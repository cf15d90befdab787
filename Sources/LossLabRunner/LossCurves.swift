import LossLabFormats
import LossLabLosses
import LossLabReductions
import LossLabReference

/// One curve for TensorBoard: `values[i]` at batch `steps[i]`.
public struct RunningLossCurve: Sendable {
  public var experiment: String
  /// What the curve shows: `epoch_loss` (Keras's running mean), `smoothed` (TensorBoard's EMA of
  /// the batch losses) or `batch_loss` (the batch losses as the format holds them).
  public var series: String
  /// The format that computed it, or nil for the exact (MPFR) curve.
  public var format: Format?
  public var steps: [Int]
  public var values: [Double]

  public init(experiment: String, series: String, format: Format?, steps: [Int], values: [Double]) {
    self.experiment = experiment
    self.series = series
    self.format = format
    self.steps = steps
    self.values = values
  }
}

/// The loss curves of a running-loss experiment (cases that reduce a series of batch losses
/// with `epoch-mean`): per format and exactly, after each of the case's largest `n` batches,
/// sampled at about 60 steps per decade.
public enum LossCurves {
  public static func curves(_ spec: ExperimentSpec, quick: Bool) -> [RunningLossCurve] {
    var curves: [RunningLossCurve] = []
    for experimentCase in spec.cases
    where experimentCase.formulas == [Loss.identity.defaultFormula] && experimentCase.reductions.contains(.epochMean) {
      let coordinates = experimentCase.coordinates()
      guard let longest = coordinates.filter({ $0.reduction == .epochMean })
        .max(by: { $0.batchSize < $1.batchSize })
      else { continue }
      let generator = PointGenerator(experimentCase, longest, quick: quick)
      let losses = generator.batch(0).yPred
      let steps = sampleSteps(losses.count)
      let weight = experimentCase.smoothing
      for format in experimentCase.formats {
        let curve = format.visit(FormatCurves(losses: losses, steps: steps, weight: weight))
        curves.append(RunningLossCurve(experiment: spec.name, series: "epoch_loss", format: format, steps: steps, values: curve.epoch))
        curves.append(RunningLossCurve(experiment: spec.name, series: "smoothed", format: format, steps: steps, values: curve.smoothed))
        curves.append(RunningLossCurve(experiment: spec.name, series: "batch_loss", format: format, steps: steps, values: curve.batch))
      }
      let exact = MPFRReal.withPrecision(experimentCase.reference.curveBits) {
        exactCurves(losses, steps: steps, weight: weight)
      }
      curves.append(RunningLossCurve(experiment: spec.name, series: "epoch_loss", format: nil, steps: steps, values: exact.epoch))
      curves.append(RunningLossCurve(experiment: spec.name, series: "smoothed", format: nil, steps: steps, values: exact.smoothed))
      curves.append(RunningLossCurve(experiment: spec.name, series: "batch_loss", format: nil, steps: steps, values: steps.map { losses[$0 - 1] }))
    }
    return curves
  }

  /// Batches 1 ... n at about 60 per decade (every batch up to 60), ending at n.
  static func sampleSteps(_ n: Int) -> [Int] {
    var steps: [Int] = []
    var k = 0
    while true {
      let step = Int(pow(10, Double(k) / 60).rounded())
      k += 1
      if step > n { break }
      if steps.last != step { steps.append(step) }
    }
    if steps.last != n && n > 0 { steps.append(n) }
    return steps
  }

  /// The exact running mean (Σ x / k: the weights of a batch cancel) and the exact debiased
  /// EMA with TensorBoard's weight as the binary64 number it uses.
  static func exactCurves(_ losses: [Double], steps: [Int], weight: Double)
    -> (epoch: [Double], smoothed: [Double])
  {
    let total = MPFRRegister(), last = MPFRRegister(), power = MPFRRegister(1)
    let w = MPFRReal(weight), complement = MPFRReal(1) - w
    var epoch: [Double] = [], smoothed: [Double] = []
    var next = 0
    for (i, x) in losses.enumerated() {
      total.add(x)
      MPFRReal.scope {
        last.set(last.value * w + complement * MPFRReal(x))
        power.set(power.value * w)
        if next < steps.count && steps[next] == i + 1 {
          epoch.append((total.value / MPFRReal(Double(i + 1))).doubleValue)
          smoothed.append((last.value / (MPFRReal(1) - power.value)).doubleValue)
          next += 1
        }
      }
    }
    return (epoch, smoothed)
  }
}

/// A format's curves: Keras's running mean (weight `epochBatchSize` per batch) and TensorBoard's
/// smoothing, both accumulated in the format, as the `epoch-mean` and `ema` rows measure them.
struct FormatCurves: FormatVisitor {
  let losses: [Double]
  let steps: [Int]
  let weight: Double

  func visit<T: MachineFloat>(_: T.Type) -> (epoch: [Double], smoothed: [Double], batch: [Double]) {
    let values = losses.map { T(nearest: $0) }
    let smoothedAll = tensorBoardSmoothed(values, weight: T(nearest: weight))
    var mean = RunningMean<T>()
    var epoch: [Double] = []
    var next = 0
    for (i, x) in values.enumerated() {
      mean.add(x, weight: epochBatchSize)
      if next < steps.count && steps[next] == i + 1 {
        epoch.append(mean.value.doubleValue)
        next += 1
      }
    }
    return (epoch, steps.map { smoothedAll[$0 - 1].doubleValue }, steps.map { values[$0 - 1].doubleValue })
  }
}

#if canImport(Glibc)
import Glibc
#endif
