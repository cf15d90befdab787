import Foundation
import LossLabFormats
import LossLabLosses
import LossLabMeasurement
import LossLabReductions
import LossLabReference

extension ExperimentRunner {
  /// For each place where neighbouring grid points change between good and bad, bisects over the
  /// format's representable values of the swept input to the last good and first bad input, and
  /// describes it in ascending order, `y_pred 0.99951171875 ok -> 0.999755859375 nan`: the two
  /// neighbouring representable inputs where the status changes. Only along a single swept
  /// input.
  func locateCliffs(
    _ generator: PointGenerator, _ formula: Formula, _ summation: Summation, _ format: Format,
    _ run: StatusRun
  ) -> String {
    guard let input = generator.varyingInput, !run.changes.isEmpty else { return "" }
    let setup = setup(generator, formulas: [formula], summations: [summation], formats: [format])
    let ulps = generator.experimentCase.cliffULPs
    let descriptions = run.changes.prefix(4).map { before, after -> String in
      let a = generator.gridValues(before)[input]!, b = generator.gridValues(after)[input]!
      let found = format.visit(Bisection(low: a, high: b) { value in
        let outcome = measurePoint(generator.batch(before, override: value), setup)
        let measure = outcome.results[0][0].endToEnd
        return (isBad(measure, ulps), measure.errorClass, measure.ulpError)
      })
      let what = [.nan, .overflow, .flushToZero].contains(found.badClass)
        ? found.badClass.rawValue : "ulp>\(shortNumber(ulps))"
      let (lowWord, highWord) = found.lowBad ? (what, "ok") : ("ok", what)
      return "\(input.rawValue) \(shortNumber(found.low)) \(lowWord) -> \(shortNumber(found.high)) \(highWord)"
    }
    return descriptions.joined(separator: "; ")
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

extension ExperimentRunner {
  /// A `losslab eval` command that reproduces the row's worst point, when the batch is small
  /// enough to type; otherwise where to find it.
  func reproduction(
    _ generator: PointGenerator, _ formula: Formula, _ summation: Summation, _ format: Format,
    point: Int
  ) -> String {
    // The size first: drawing a batch of ten million values only to find it too long to type
    // took a tenth of the largest experiment's time.
    let c = generator.coordinates
    guard c.batchSize * c.classes <= 16 else {
      return "point \(point) of \(generator.coordinates.label.isEmpty ? "the sweep" : generator.coordinates.label) (n = \(c.batchSize), seed \(generator.experimentCase.seed))"
    }
    let batch = generator.batch(point)
    var parts = [evalCommand(formula)]
    if formula.shape.hasLabels {
      parts.append("--y-true \(batch.labels.map(String.init).joined(separator: ","))")
    } else if !batch.yTrue.isEmpty {
      parts.append("--y-true=\(numbers(batch.yTrue, format))")
    } else {
      parts.append("--y-true=\(Array(repeating: "0", count: batch.yPred.count).joined(separator: ","))")
    }
    parts.append("--y-pred=\(numbers(batch.yPred, format))")
    if batch.columns > 1 { parts.append("--classes \(batch.columns)") }
    if !batch.weights.isEmpty { parts.append("--weights=\(numbers(batch.weights, format))") }
    for parameter in formula.parameters {
      // A custom loss's parameters exist only as given on the command line: all of them.
      let isCustom = formula.builtin == nil
      guard let value = c.parameters[parameter.name] ?? (isCustom ? parameter.defaultValue : nil)
      else { continue }
      // `--eps` and `--delta` are eval's shorthands for their `--param`.
      let shorthand = parameter.name == "eps" || parameter.name == "delta"
      parts.append(shorthand ? "--\(parameter.name) \(value)" : "--param \(parameter.name)=\(value)")
    }
    if c.reduction != .mean { parts.append("--reduction \(c.reduction.rawValue)") }
    if summation != .recursive { parts.append("--summation \(summation.rawValue)") }
    parts.append("--format \(format.rawValue)")
    return parts.joined(separator: " ")
  }

  /// `losslab eval` and the options that name the formula: the loss and variant, or a custom
  /// loss's expressions and shape.
  func evalCommand(_ formula: Formula) -> String {
    switch formula.kind {
    case .builtin(let loss, _):
      return "losslab eval --loss \(loss.rawValue) --formula \(formula.variant)"
    case .custom(let custom):
      var parts = ["losslab eval --expr '\(custom.formulaSource)'"]
      if custom.hasBias { parts.append("--ideal '\(custom.idealSource)'") }
      switch custom.shape {
      case .rows: parts.append("--shape rows")
      case .labels: parts.append("--shape labels")
      case .elementwise, .weighted, .predictions: break
      }
      return parts.joined(separator: " ")
    }
  }

  /// Values that `eval` will read back as the same inputs: the shortest decimal when it rounds
  /// to the same value in `format` as the binary64 input does, else the exact hex form.
  func numbers(_ values: [Double], _ format: Format) -> String {
    values.map { x -> String in
      let text = shortNumber(x)
      let same = MPFRReal.scope { () -> Bool in
        if MPFRReal(decimal: text)! == MPFRReal(x) { return true }
        return format != .float64
          && MPFRReal.roundDecimal(text, in: format) == MPFRReal(x).roundedValue(in: format)
      }
      return same ? text : String(format: "%a", x)
    }.joined(separator: ",")
  }
}
