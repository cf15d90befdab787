import Foundation
import LossLabFormats
import LossLabLosses
import LossLabReference
import LossLabRunner

/// A row's worst point as its `worst_input` column writes it: the `losslab eval` command that
/// reproduces it, or where it is among the row's points; empty when the row has none.
public func worstInputText(_ worst: WorstInput?) -> String {
  switch worst {
  case nil: return ""
  case .point(let index, let axes, let batchSize, let seed)?:
    let label = sweepLabel(axes)
    let coordinate = label.isEmpty ? "the sweep" : label
    return "point \(index) of \(coordinate) (n = \(batchSize), seed \(seed))"
  case .batch(let batch)?:
    var parts = [evalCommand(batch.formula)]
    if batch.formula.shape.hasLabels {
      parts.append("--y-true \(batch.labels.map(String.init).joined(separator: ","))")
    } else if !batch.yTrue.isEmpty {
      parts.append("--y-true=\(evalNumbers(batch.yTrue, batch.format))")
    } else {
      let zeros = Array(repeating: "0", count: batch.yPred.count)
      parts.append("--y-true=\(zeros.joined(separator: ","))")
    }
    parts.append("--y-pred=\(evalNumbers(batch.yPred, batch.format))")
    if batch.columns > 1 { parts.append("--classes \(batch.columns)") }
    if !batch.weights.isEmpty {
      parts.append("--weights=\(evalNumbers(batch.weights, batch.format))")
    }
    for (name, text) in batch.parameters {
      // `--eps` and `--delta` are eval's shorthands for their `--param`.
      let shorthand = name == "eps" || name == "delta"
      parts.append(shorthand ? "--\(name) \(text)" : "--param \(name)=\(text)")
    }
    if batch.reduction != .mean { parts.append("--reduction \(batch.reduction.rawValue)") }
    if let summation = batch.summation, summation != .recursive {
      parts.append("--summation \(summation.rawValue)")
    }
    if batch.profile != .pure { parts.append("--profile \(batch.profile.rawValue)") }
    parts.append("--format \(batch.format.rawValue)")
    return parts.joined(separator: " ")
  }
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
func evalNumbers(_ values: [Double], _ format: Format) -> String {
  values.map { x -> String in
    let text = shortNumber(x)
    let same = MPFRReal.scope { () -> Bool in
      if MPFRReal(decimal: text)! == MPFRReal(x) { return true }
      return format != .float64
        && MPFRReal.roundDecimal(text, in: format) == MPFRReal(x).roundedValue(in: format)
    }
    return same ? text : hexNumber(x)
  }.joined(separator: ",")
}
