import LossLabFormats
import LossLabLosses
import LossLabMeasurement
import LossLabReductions
import LossLabReference

extension ExperimentRunner {
  /// For each place where neighbouring grid points change between good and bad, bisects over the
  /// format's representable values of the swept input to the last good and first bad input
  /// (or the reverse): the two neighbouring representable inputs where the status changes, in
  /// ascending order. Only along a single swept input.
  func locateCliffs(
    _ generator: PointGenerator, _ formula: Formula, _ summation: Summation, _ format: Format,
    _ run: StatusRun
  ) -> [Cliff] {
    guard let input = generator.varyingInput, !run.changes.isEmpty else { return [] }
    let setup = setup(generator, formulas: [formula], summations: [summation], formats: [format])
    let ulps = generator.experimentCase.cliffULPs
    return run.changes.prefix(4).map { before, after -> Cliff in
      let a = generator.gridValues(before)[input]!, b = generator.gridValues(after)[input]!
      let found = format.visit(Bisection(low: a, high: b) { value in
        let outcome = measurePoint(generator.batch(before, override: value), setup)
        let measure = outcome.results[0][0].endToEnd
        return (isBad(measure, ulps), measure.errorClass, measure.ulpError)
      })
      let bad: CliffStatus = [.nan, .overflow, .flushToZero].contains(found.badClass)
        ? .failed(found.badClass) : .pastULPs(ulps)
      return Cliff(
        input: input, low: found.low, lowStatus: found.lowBad ? bad : .ok, high: found.high,
        highStatus: found.lowBad ? .ok : bad)
    }
  }
}

/// Bisection between two inputs whose status differs: first over the format's representable
/// values (where the format's arithmetic changes), and, when both inputs round to the same
/// format value (the change is in how the input rounds), over the binary64 inputs between them.
struct Bisection: FormatVisitor {
  let low: Double
  let high: Double
  let status: (Double) -> (Bool, ErrorClass, Double)

  struct Found {
    var low: Double
    var high: Double
    var lowBad: Bool
    var badClass: ErrorClass
  }

  func visit<T: MachineFloat>(_ type: T.Type) -> Found {
    let lowStatus = MPFRReal.scope { status(T(nearest: low).doubleValue) }
    let highStatus = MPFRReal.scope { status(T(nearest: high).doubleValue) }
    if T(nearest: low).ordinal < T(nearest: high).ordinal && lowStatus.0 != highStatus.0 {
      return search(
        T(nearest: low).ordinal, T(nearest: high).ordinal, lowStatus, highStatus,
        value: { T(ordinal: $0).doubleValue })
    }
    let lowGiven = MPFRReal.scope { status(low) }, highGiven = MPFRReal.scope { status(high) }
    return search(low.ordinal, high.ordinal, lowGiven, highGiven, value: { Double(ordinal: $0) })
  }

  func search(
    _ low: Int64, _ high: Int64, _ lowStatus: (Bool, ErrorClass, Double),
    _ highStatus: (Bool, ErrorClass, Double), value: (Int64) -> Double
  ) -> Found {
    var (lo, hi, highStatus) = (low, high, highStatus)
    if lowStatus.0 != highStatus.0 {
      // Ordinals of binary64 inputs of opposite signs are more than Int64.max apart: compare
      // and halve without forming hi - lo (floor of the mean as (a & b) + (a ^ b) >> 1).
      while lo < hi - 1 {
        let mid = (lo & hi) + ((lo ^ hi) >> 1)
        let midStatus = MPFRReal.scope { status(value(mid)) }
        if midStatus.0 == lowStatus.0 { lo = mid } else { (hi, highStatus) = (mid, midStatus) }
      }
    }
    return Found(
      low: value(lo), high: value(hi), lowBad: lowStatus.0,
      badClass: lowStatus.0 ? lowStatus.1 : highStatus.1)
  }
}
