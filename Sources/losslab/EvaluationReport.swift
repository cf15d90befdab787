import Foundation
import LossLabFormats
import LossLabMeasurement
import LossLabOutput

/// `losslab eval`'s output: a table for people, one JSON object for programs.
struct EvaluationReport {
  let query: LossQuery
  let evaluation: Evaluation

  func table() -> String {
    let formula = query.formula
    var lines: [String] = []
    lines.append("\(formula.lossName) (\(formula.variant)), reduction \(query.reduction.rawValue), summation \(query.summation.rawValue); reference: \(referenceText)")
    for input in evaluation.roundedInputs {
      lines.append("input \(input.text) is not a binary64: measured as \(formatNumber(input.value)) (\(hexNumber(input.value)))")
    }
    lines.append("reference (ideal loss on the inputs as given): \(evaluation.reference)")
    if formula.hasBias {
      let parameters = zip(formula.parameters, query.parameterValues)
        .map { " \($0.name) \($1)" }.joined(separator: ",")
      lines.append("\(formula.variant) formula, exact,\(parameters): \(evaluation.formulaExact) (bias \(tableNumber(evaluation.bias)))")
    }
    // With several profiles (or a framework's), a profile column and the output format.
    let profiles = evaluation.results.contains { $0.profile != .pure }
    let header =
      (profiles ? ["profile"] : []) + ["format"] + (profiles ? ["out"] : [])
      + ["value", "rounding ulp", "bits", "class", "end-to-end ulp", "bits", "class",
        "formula ulp", "bits", "class"]
    var rows = [header]
    for result in evaluation.results {
      rows.append(
        (profiles ? [result.profile.rawValue] : []) + [result.format.rawValue]
          + (profiles ? [result.outputFormat.rawValue] : []) + [formatNumber(result.value)]
          + [result.rounding, result.endToEnd, result.formulaError].flatMap {
            [tableNumber($0.ulpError), tableNumber($0.bitsError), $0.errorClass.rawValue]
          })
    }
    lines += alignColumns(rows)
    let uncertified = evaluation.results.filter { !$0.certified }.map(\.format.rawValue)
    if !uncertified.isEmpty {
      lines.append("uncertified: \(uncertified.joined(separator: ", ")): the reference's error ball still straddles a figure at \(evaluation.precision) bits (the figures shown are its midpoint's)")
    }
    lines.append("rounding: against the formula as written (its ε and clip included) on the inputs as given, what computing in the format loses; end to end: against the ideal loss (no ε, no clip) on the inputs as given; formula: against the ideal loss on the inputs rounded to the format. bits: Herbie's bits of error.")
    if profiles {
      lines.append("profile: how the framework runs the loss on inputs of the format (losslab list; torch and optax sum 16-bit batches in float32); out: the format of its result, in whose ulps the errors are.")
    }
    return lines.joined(separator: "\n") + "\n"
  }

  /// "MPFR, certified (128 bits)" or "MPFR at 256 bits".
  var referenceText: String {
    switch evaluation.setting {
    case .adaptive: "MPFR, certified (\(evaluation.precision) bits)"
    case .fixed(let bits): "MPFR at \(bits) bits (fixed, not certified)"
    }
  }

  func json() -> String {
    let formula = query.formula
    let results = evaluation.results.map { result in
      """
      {"format": "\(result.format.rawValue)", "profile": "\(result.profile.rawValue)", \
      "output_format": "\(result.outputFormat.rawValue)", "value": "\(formatNumber(result.value))", \
      "rounding_ulp_error": \(jsonNumber(result.rounding.ulpError)), \
      "rounding_bits_error": \(jsonNumber(result.rounding.bitsError)), \
      "rounding_class": "\(result.rounding.errorClass.rawValue)", \
      "ulp_error": \(jsonNumber(result.endToEnd.ulpError)), \
      "bits_error": \(jsonNumber(result.endToEnd.bitsError)), \
      "class": "\(result.endToEnd.errorClass.rawValue)", \
      "relative_error": \(jsonNumber(result.endToEnd.relativeError)), \
      "formula_reference": "\(result.formulaReference)", \
      "formula_ulp_error": \(jsonNumber(result.formulaError.ulpError)), \
      "formula_bits_error": \(jsonNumber(result.formulaError.bitsError)), \
      "formula_class": "\(result.formulaError.errorClass.rawValue)", \
      "certified": \(result.certified)}
      """
    }
    return """
      {"loss": "\(formula.lossName)", "formula": "\(formula.variant)", \
      "reduction": "\(query.reduction.rawValue)", "summation": "\(query.summation.rawValue)", \
      "reference_precision": "\(evaluation.setting)", "precision": \(evaluation.precision), \
      "reference": "\(evaluation.reference)", \
      "formula_exact": "\(evaluation.formulaExact)", "bias": \(jsonNumber(evaluation.bias)), \
      "results": [\(results.joined(separator: ", "))]}
      """
  }
}

/// A Double as the shortest decimal that reads back as the same Double; inf, -inf, nan.
func formatNumber(_ x: Double) -> String {
  if x.isNaN { return "nan" }
  if x.isInfinite { return x < 0 ? "-inf" : "inf" }
  return "\(x)"
}

/// A JSON number; JSON has no infinity or NaN, so those are null (the class says why).
func jsonNumber(_ x: Double) -> String { x.isFinite ? "\(x)" : "null" }

/// Rows of cells padded to a common width per column, first column left-aligned.
func alignColumns(_ rows: [[String]]) -> [String] {
  let widths = rows[0].indices.map { c in rows.map { $0[c].count }.max()! }
  return rows.map { row in
    row.indices.map { c in
      let pad = String(repeating: " ", count: widths[c] - row[c].count)
      return c == 0 ? row[c] + pad : pad + row[c]
    }.joined(separator: "  ")
  }
}
