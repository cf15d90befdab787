import Foundation
import LossLabFormats
import LossLabMeasurement
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
/// Scalars: `max_ulp`, `mean_ulp`, `p99_ulp`, `max_rel_error` (only where finite: TensorBoard
/// cannot plot inf) and `nonfinite_points` (NaN plus overflow results). Histogram: `log2_ulp`,
/// the row's ULP-error histogram over log2(ulp) (`ULPHistogram`). The step is the row's sweep
/// coordinate (`SweepCurves`); each tag's description says what the steps stand for.
public enum TensorBoardExport {
  public static let scalarMeasures = ["max_ulp", "mean_ulp", "p99_ulp", "max_rel_error"]

  /// Writes one event file per format of `result` under `directory`, replacing the experiment's
  /// previous files.
  public static func write(_ result: ExperimentResult, to directory: String) throws {
    let fileName = tableFileName(experiment: result.spec.name)
    var writers: [Format: EventFileWriter] = [:]
    for (row, place) in zip(result.rows, SweepCurves.place(result.rows)) {
      let s = row.statistics
      var writer =
        writers[row.format]
        ?? EventFileWriter(directory: directory + "/" + row.format.rawValue, fileName: fileName)
      let measures = [s.maxULP, s.meanULP, s.p99ULP, s.maxRelative]
      var values: [SummaryValue] = zip(scalarMeasures, measures).compactMap { name, value in
        value.isFinite
          ? SummaryValue(tag: place.stem + "/" + name, payload: .scalar(Float(value))) : nil
      }
      let nonfinite = s.count(.nan) + s.count(.overflow)
      values.append(
        SummaryValue(tag: place.stem + "/nonfinite_points", payload: .scalar(Float(nonfinite))))
      if let histogram = ULPHistogram.message(s.histogram) {
        values.append(SummaryValue(tag: place.stem + "/log2_ulp", payload: .histogram(histogram)))
      }
      for value in values {
        writer.add(value, step: place.step)
        writer.describe(tag: value.tag, as: place.description)
      }
      writers[row.format] = writer
    }
    for format in Format.allCases { try writers[format]?.write() }
  }

  /// Writes each curve as scalars into the run of its format, or run `reference` for the exact
  /// curves (`DIRECTORY/<run>/events.out.tfevents.0000000001.losslab`, one file per run,
  /// replaced by each call: pass all curves at once), tag `<experiment>/<series>`, step the batch.
  /// Points whose value is not finite in float32 are left out.
  public static func write(curves: [RunningLossCurve], to directory: String) throws {
    var writers: [String: EventFileWriter] = [:]
    var runs: [String] = []
    for curve in curves {
      let run = curve.format?.rawValue ?? "reference"
      if writers[run] == nil { runs.append(run) }
      var writer =
        writers[run] ?? EventFileWriter(directory: directory + "/" + run, fileName: curvesFileName)
      for (step, value) in zip(curve.steps, curve.values) where Float(value).isFinite {
        writer.add(
          SummaryValue(tag: "\(curve.experiment)/\(curve.series)", payload: .scalar(Float(value))),
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
