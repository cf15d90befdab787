import Foundation
import LossLabLosses
import LossLabReference

/// What a run of a spec will hold in memory at most, estimated before it starts (so that a run
/// that cannot fit is refused at once instead of swapping for minutes): the value lists of its
/// grid inputs (held per sweep coordinate) and, per worker thread, one batch of n × classes
/// elements in every format and in the reference, and the reference's memos of exp and log (up
/// to 17 MB per precision the reference may use: six from 128 to 4096 bits). A batch of at least
/// `ExperimentRunner.widePointValues` elements is measured by a thread per format, so it counts
/// once per wide point in flight (one on 2 threads with 2 formats or more), beside every thread's
/// memos.
///
/// The per-element figures are measured on the debug build with `/usr/bin/time` (identity on
/// 2^22 elements: 100 MB; MSE: 160 MB; sparse-cce-logits on 10^6 classes: 256 MB) and rounded
/// up; the estimate is a bound to refuse runs by, not a prediction.
public struct MemoryEstimate: Sendable {
  /// Bytes in all.
  public var bytes: Int
  /// The case with the largest batch, and its elements per point (n × classes).
  public var largestCase: String
  public var largestBatch: Int

  /// What the process holds before any work (the binary, MPFR, the runtime).
  public static let baseBytes = 64 << 20
  /// Per batch element and input read (the value in binary64 and in each format).
  public static let bytesPerInputElement = 24
  /// Per element of a row of classes (the reference's softmax terms).
  public static let bytesPerClassElement = 240

  public init(_ specs: [ExperimentSpec], threads: Int, quick: Bool) {
    let threads = max(threads, 1)
    var lists = 0, perThread = 0, wide = 0
    (largestCase, largestBatch) = ("", 0)
    for spec in specs {
      for experimentCase in spec.cases {
        let shape = experimentCase.formulas[0].shape
        let inputs = 1 + (shape.usesTargets ? 1 : 0) + (shape.usesWeights ? 1 : 0)
        let listed = experimentCase.inputs.values.reduce(0) {
          $0 &+ ($1.valueCount(quickGridCount: quick ? 64 : nil) ?? 0)
        }
        // The reference's memos of exp and log: one per precision the case may climb to.
        var precisions = 1, bits = experimentCase.reference.start
        while bits < experimentCase.reference.cap { (bits, precisions) = (2 * bits, precisions + 1) }
        let memoBytes = precisions * MPFRReal.rememberedFunctionsBytesPerPrecision
        for coordinates in experimentCase.coordinates() {
          lists = saturating(lists, saturatingProduct(listed, 8))
          let elements = saturatingProduct(coordinates.batchSize, coordinates.classes)
          let perElement =
            inputs * MemoryEstimate.bytesPerInputElement
            + (coordinates.classes > 1 ? MemoryEstimate.bytesPerClassElement : 0)
          let batchBytes = saturatingProduct(elements, perElement)
          if ExperimentRunner.isWide(coordinates) {
            let inFlight = ExperimentRunner.widePointsInFlight(
              threadsPerPoint: ExperimentRunner.threadsPerWidePoint(
                formats: experimentCase.formats.count, threads: threads),
              threads: threads)
            wide = max(
              wide,
              saturating(
                saturatingProduct(batchBytes, inFlight), saturatingProduct(memoBytes, threads)))
          } else {
            perThread = max(perThread, saturating(batchBytes, memoBytes))
          }
          if elements > largestBatch {
            (largestCase, largestBatch) = ("\(spec.file): case '\(experimentCase.name)'", elements)
          }
        }
      }
    }
    bytes = saturating(
      saturating(MemoryEstimate.baseBytes, lists),
      max(wide, saturatingProduct(perThread, threads)))
  }
}

func saturating(_ a: Int, _ b: Int) -> Int {
  let (sum, overflow) = a.addingReportingOverflow(b)
  return overflow ? .max : sum
}

func saturatingProduct(_ a: Int, _ b: Int) -> Int {
  let (product, overflow) = a.multipliedReportingOverflow(by: b)
  return overflow ? .max : product
}

extension InputGenerator {
  /// How many values a deterministic generator lists (nil for random ones), without listing.
  func valueCount(quickGridCount: Int?) -> Int? {
    switch self {
    case .constant: return 1
    case .firstThen: return 2
    case .values(let values), .sweep(let values): return values.count
    case .grid(_, _, let count, _, let signs, _):
      let listed = quickGridCount.map { min(count, $0) } ?? count
      return signs == .both ? 2 * listed : listed
    case .special: return 15
    case .exhaustive(let format, nil): return format == .bfloat16 ? 2 * 0x7F80 - 1 : 2 * 0x7C00 - 1
    case .exhaustive(_, .some): return list(quickGridCount: nil)!.count
    case .file(let tensor): return tensor.values.count
    case .concatenation(let parts):
      return parts.reduce(0) { total, part in
        total.flatMap { total in part.valueCount(quickGridCount: quickGridCount).map { total + $0 } }
      }
    case .uniform, .normal, .sigmoidNormal, .bitPatterns, .bernoulli, .randomClass, .decay:
      return nil
    }
  }
}

/// A byte count for messages: 1.5 GB, 300 MB.
public func byteText(_ bytes: Int) -> String {
  let units = ["bytes", "KB", "MB", "GB", "TB", "PB", "EB"]
  var value = Double(bytes), unit = 0
  while value >= 1024 && unit < units.count - 1 {
    value /= 1024
    unit += 1
  }
  return unit == 0 ? "\(bytes) bytes" : (value < 10 ? String(format: "%.1f", value) : String(Int(value.rounded()))) + " " + units[unit]
}
