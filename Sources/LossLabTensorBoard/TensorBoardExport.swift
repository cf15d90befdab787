import Foundation
import LossLabFormats
import LossLabMeasurement
import LossLabOutput
import LossLabRunner

/// Precision tables and loss curves as TensorBoard event files.
///
/// Layout: `DIRECTORY/<format>/` is one run per format (`float16`, `bfloat16`, `float32`,
/// `float64`), so `tensorboard --logdir DIRECTORY` lists the formats in its run selector and
/// overlays them on every chart. Each experiment writes its own file in each run,
/// `events.out.tfevents.0000000000.<experiment>.losslab`, and its tags start with the experiment's
/// name, so TensorBoard groups the charts by experiment:
///
///     <experiment>/<case>/<loss>-<variant>[/<summation>][/<other axes>]/<measure>
///
/// Scalars (`ScalarMeasure.all`): the row's figures as the table has them, NaN and ±inf
/// included (float32: TensorBoard's own precision for scalars). Histogram: `log2_ulp`, the row's ULP-error histogram over log2(ulp)
/// (`ULPHistogram`, exact results in a bucket of their own). Text: `sweep`, the row's value on
/// the step axis at its step. The step is the row's sweep coordinate (`SweepCurves`,
/// `StepAxis`); every tag's description says what its figure is and maps steps to values.
public enum TensorBoardExport {
  /// Writes one event file per format of `result` under `directory`, replacing the experiment's
  /// previous files. `startTime` is the files' wall time in seconds since 1970 (see
  /// `EventFileWriter`).
  public static func write(_ result: ExperimentResult, to directory: String, startTime: Double)
    throws
  {
    let fileName = tableFileName(experiment: result.spec.name)
    let placements = SweepCurves.place(result.rows)
    // Tags (in their format's run) with a figure past float32's range, said in the description.
    var clamped: Set<String> = []
    for (row, place) in zip(result.rows, placements) {
      for measure in ScalarMeasure.all
      where ScalarMeasure.float32(measure.value(row.statistics)).clamped {
        clamped.insert(row.format.rawValue + "/" + place.stem + "/" + measure.name)
      }
    }
    var writers: [Format: EventFileWriter] = [:]
    for (row, place) in zip(result.rows, placements) {
      var writer =
        writers[row.format]
        ?? EventFileWriter(
          directory: directory + "/" + row.format.rawValue, fileName: fileName,
          startTime: startTime)
      let steps = place.axis?.markdown ?? "Nothing is swept: one point, at step 0."
      for measure in ScalarMeasure.all {
        let tag = place.stem + "/" + measure.name
        let value = ScalarMeasure.float32(measure.value(row.statistics)).value
        writer.add(SummaryValue(tag: tag, payload: .scalar(value)), step: place.step)
        let note =
          clamped.contains(row.format.rawValue + "/" + tag) ? " " + ScalarMeasure.clampedNote : ""
        writer.describe(tag: tag, as: measure.meaning + note + "\n\n" + steps)
      }
      if let histogram = ULPHistogram.message(row.statistics.histogram) {
        let tag = place.stem + "/log2_ulp"
        writer.add(SummaryValue(tag: tag, payload: .histogram(histogram)), step: place.step)
        writer.describe(tag: tag, as: ULPHistogram.description + "\n\n" + steps)
      }
      if let coordinate = place.coordinate {
        let tag = place.stem + "/sweep"
        let text = "\(coordinate.key) = \(sweepText(coordinate.value))"
        writer.add(SummaryValue(tag: tag, payload: .text(text)), step: place.step)
        writer.describe(tag: tag, as: "The row's `\(coordinate.key)` at each step.\n\n" + steps)
      }
      writers[row.format] = writer
    }
    for format in Format.allCases { try writers[format]?.write() }
  }

  /// Writes each curve as scalars into the run of its format, or run `reference` for the exact
  /// curves (`DIRECTORY/<run>/events.out.tfevents.0000000001.losslab`, one file per run,
  /// replaced by each call: pass all curves at once), tag `<experiment>/<series>`, step the batch.
  /// Every point is written, NaN and ±inf included (`ScalarMeasure.float32`).
  public static func write(
    curves: [RunningLossCurve], to directory: String, startTime: Double
  ) throws {
    var writers: [String: EventFileWriter] = [:]
    var runs: [String] = []
    for curve in curves {
      let run = curve.format?.rawValue ?? "reference"
      if writers[run] == nil { runs.append(run) }
      var writer =
        writers[run]
        ?? EventFileWriter(
          directory: directory + "/" + run, fileName: curvesFileName, startTime: startTime)
      for (step, value) in zip(curve.steps, curve.values) {
        writer.add(
          SummaryValue(
            tag: "\(curve.experiment)/\(curve.series)",
            payload: .scalar(ScalarMeasure.float32(value).value)),
          step: Int64(step))
      }
      writers[run] = writer
    }
    for run in runs { try writers[run]!.write() }
  }

  /// Fixed names keep the export byte-identical from run to run; TensorBoard only requires
  /// `tfevents` in the name, and reads a run's files in name order.
  static func tableFileName(experiment: String) -> String {
    "events.out.tfevents.0000000000.\(experiment.replacingOccurrences(of: "/", with: "_")).losslab"
  }
  static let curvesFileName = "events.out.tfevents.0000000001.losslab"
}
