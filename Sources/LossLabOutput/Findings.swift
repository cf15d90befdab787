import LossLabFormats
import LossLabLosses
import LossLabMeasurement
import LossLabReductions
import LossLabRunner

/// The finding on top of a table: the experiment's question answered per format, from its rows.
///
/// For each format the spec's question is about (`finding: {formats: [...], losses: [...]}`, by
/// default every format and formula of the table): which formulas (with the framework profile
/// and summation, where the table has several) stay finite on every point and their largest
/// rounding error (against the formula as written), and their bias where an ε or clip gives
/// one; which break, on how many points, and where (the first cliff to NaN or overflow); the
/// recommended ε where the table sweeps one.
public enum Findings {
  /// Every sentence of a table's finding: per format, then per framework profile.
  public static func all(_ result: ExperimentResult) -> [String] {
    perFormat(result) + perFramework(result)
  }

  /// One sentence per format, e.g. `**float16.** Finite: bce-logits/stable (≤ 5.8 ulp). Breaks:
  /// bce-logits/naive (312 of 400 points NaN or inf; y_pred 7.62 ok -> 7.625 overflow at y_true=0).`
  public static func perFormat(_ result: ExperimentResult) -> [String] {
    let scope = result.spec.finding
    let rows = result.rows.filter { scope.covers($0.formula) }
    let subjects = Subject.all(in: rows)
    var lines: [String] = []
    for format in Format.allCases where scope.covers(format) {
      let formatRows = rows.filter { $0.format == format }
      guard !formatRows.isEmpty else { continue }
      var finite: [String] = [], breaks: [String] = [], epsilons: [String] = []
      for subject in subjects {
        let mine = formatRows.filter { subject.matches($0) }
        guard !mine.isEmpty else { continue }
        if let advice = epsilonAdvice(result.notes, subject, format) {
          epsilons.append(advice)
          continue
        }
        let tally = merged(mine)
        let mapCliffs = mine.compactMap { $0.map.flatMap(MapCliffTable.sentence) }
          .map { "; turns bad \($0)" }.joined()
        let (nonFinite, zeros) = (tally.rounding.nonFiniteValues, tally.rounding.count(.flushToZero))
        if nonFinite == 0 {
          let units = format == subject.outputFormat(format) ? "ulp" : "\(subject.outputFormat(format).rawValue) ulp"
          var text = "\(subject.name) (≤ \(tableNumber(tally.rounding.maxULPUnflushed)) \(units)"
          if zeros > 0 {
            let largest = tally.rounding.largestFlushed
            text += "; \(zeros) of \(tally.points) points come out 0 where the exact loss is "
              + (largest > 0 ? "up to \(tableNumber(largest))" : "below the smallest double")
          }
          let bias = tally.maxBias
          if subject.formula.hasBias && bias > 0 {
            text += bias.isFinite ? "; bias ≤ \(biasText(bias))" : "; finite where the ideal loss is infinite"
          }
          finite.append(text + mapCliffs + ")")
        } else {
          var text = "\(subject.name) (\(nonFinite) of \(tally.points) points NaN or inf"
          if let (row, cliff) = firstBreak(mine) {
            text += "; \(cliffText([cliff]))"
            let others = row.sweepAxes.filter { $0.key != cliff.input.rawValue }
            if !others.isEmpty { text += " at \(sweepLabel(others, separator: " "))" }
          }
          breaks.append(text + mapCliffs + ")")
        }
      }
      var sentence = "**\(format.rawValue).**"
      if !finite.isEmpty { sentence += " Finite on every point: " + finite.joined(separator: ", ") + "." }
      if !breaks.isEmpty { sentence += " Breaks: " + breaks.joined(separator: ", ") + "." }
      if !epsilons.isEmpty { sentence += " " + epsilons.joined(separator: " ") }
      lines.append(sentence)
    }
    let ratios = rows.compactMap(\.statistics.maxBoundRatio)
    if let ratio = ratios.max() {
      lines.append(
        "Error over Higham's a priori bound: at most \(tableNumber(ratio))"
          + (ratio > 1 ? " (EXCEEDS THE BOUND: a bug)." : " (within the bound)."))
    }
    return lines.isEmpty ? ["No rows."] : lines
  }

  /// One sentence per framework profile the table runs (none for a table of plain loops): what
  /// that framework's users get, input format by input format, from each formula run under it,
  /// e.g. `**PyTorch eager (torch).** float16 inputs: bce-logits/torch finite, ≤ 850 ulp, 298
  /// of 800 points 0; ...`. Rows that sweep ε are left to the per-format ε advice.
  public static func perFramework(_ result: ExperimentResult) -> [String] {
    let scope = result.spec.finding
    let rows = result.rows.filter {
      scope.covers($0.formula) && $0.executionProfile != .pure && !$0.axes.contains { $0.key == "eps" }
    }
    var lines: [String] = []
    for profile in ExecutionProfile.allCases {
      let mine = rows.filter { $0.executionProfile == profile }
      guard !mine.isEmpty else { continue }
      var parts: [String] = []
      for format in Format.allCases where scope.covers(format) {
        let formatRows = mine.filter { $0.format == format }
        var formulas: [Formula] = []
        for row in formatRows where !formulas.contains(row.formula) { formulas.append(row.formula) }
        guard !formulas.isEmpty else { continue }
        let output = profile.outputFormat(format)
        let units = output == format ? "ulp" : "\(output.rawValue) ulp"
        let texts = formulas.map { formula -> String in
          let tally = merged(formatRows.filter { $0.formula == formula })
          let (nonFinite, zeros) = (tally.rounding.nonFiniteValues, tally.rounding.count(.flushToZero))
          if nonFinite > 0 {
            return "\(formula.name) NaN or inf on \(nonFinite) of \(tally.points) points"
          }
          return "\(formula.name) finite, ≤ \(tableNumber(tally.rounding.maxULPUnflushed)) \(units)"
            + (zeros > 0 ? ", \(zeros) of \(tally.points) points 0" : "")
        }
        parts.append("\(format.rawValue) inputs: " + texts.joined(separator: ", "))
      }
      lines.append("**\(frameworkName(profile)) (`\(profile.rawValue)`).** " + parts.joined(separator: "; ") + ".")
    }
    return lines
  }

  /// What some rows of one formula and format add up to, for a finding: their statistics
  /// merged (`RowStatistics.merge`).
  static func merged(_ rows: [TableRow]) -> RowStatistics {
    rows.reduce(into: RowStatistics()) { $0.merge($1.statistics) }
  }

  /// Who runs a profile, for the per-framework sentences.
  static func frameworkName(_ profile: ExecutionProfile) -> String {
    switch profile {
    case .pure: "A plain loop in the format"
    case .torch: "PyTorch eager"
    case .torchAutocast: "PyTorch under CPU autocast"
    case .keras: "Keras 3 on TensorFlow, also under mixed precision"
    case .kerasJAX: "Keras 3 on JAX, also under mixed precision"
    case .optax: "JAX and optax"
    case .tf: "tf.nn"
    }
  }

  /// The line above the per-format sentences.
  public static let lead =
    "Per format: each formula's largest rounding error (against the formula as written, its ε and clip included, on the table's inputs; in ulps of the result's format), the points that come out 0 or NaN or inf. Then, where the table runs the frameworks' profiles, what each framework's users get."

  /// The recommended ε of the subject's formula in one format, from the experiment's notes;
  /// nil when the table does not sweep its ε.
  static func epsilonAdvice(_ notes: [ExperimentNote], _ subject: Subject, _ format: Format) -> String? {
    let advice = notes.compactMap { note -> String? in
      guard case .recommendedEpsilon(let recommended) = note,
        recommended.formula == subject.formula, recommended.profile == subject.profile,
        let choice = recommended.choices.first(where: { $0.format == format })
      else { return nil }
      let rest = sweepLabel(recommended.otherAxes, separator: " ")
      let context = recommended.caseName + (rest.isEmpty ? "" : ", \(rest)")
      return choice.meetsCriterion
        ? "eps \(choice.eps) (\(context): rounding ≤ \(tableNumber(choice.roundingULP)) ulp, bias \(biasText(choice.bias)))"
        : "no eps keeps the rounding within \(tableNumber(RecommendedEpsilon.roundingULPs)) ulp (\(context): closest \(choice.eps), \(tableNumber(choice.roundingULP)) ulp\(choice.nonFinite > 0 ? ", \(choice.nonFinite) of \(choice.points) points NaN or inf" : ""))"
    }
    guard !advice.isEmpty else { return nil }
    return "\(subject.name), smallest eps whose rounding stays finite and within \(tableNumber(RecommendedEpsilon.roundingULPs)) ulp: "
      + advice.joined(separator: "; ") + "."
  }

  /// The first cliff, in row order, with NaN or overflow on one side.
  static func firstBreak(_ rows: [TableRow]) -> (TableRow, Cliff)? {
    for row in rows {
      for cliff in row.cliffs where isBreak(cliff.lowStatus) || isBreak(cliff.highStatus) {
        return (row, cliff)
      }
    }
    return nil
  }

  static func isBreak(_ status: CliffStatus) -> Bool {
    switch status {
    case .failed(let errorClass): errorClass == .nan || errorClass == .overflow
    case .ok, .pastULPs: false
    }
  }

  /// What a finding speaks of: a formula, under a framework profile, with a summation, named
  /// with the profile and summation only where the table has several.
  struct Subject: Equatable {
    var formula: Formula
    var profile: ExecutionProfile
    var summation: Summation
    var name: String

    /// The format the result comes out in (float32 for 16-bit inputs under Keras and autocast).
    func outputFormat(_ format: Format) -> Format { profile.outputFormat(format) }

    func matches(_ row: TableRow) -> Bool {
      row.formula == formula && row.executionProfile == profile && row.summation == summation
    }

    /// The subjects of `rows`, in the order they first appear.
    /// A framework profile sums its framework's way: the summation is named for the others.
    static func all(in rows: [TableRow]) -> [Subject] {
      let ownSums = rows.filter { $0.executionProfile == .pure }
      let severalSummations = Set(ownSums.map(\.summation)).count > 1
      var subjects: [Subject] = []
      for row in rows {
        let profile = row.executionProfile
        var name = row.formula.name
        if profile != .pure {
          name += " under \(profile.rawValue)"
        } else if severalSummations {
          name += " (\(row.summation.rawValue) sum)"
        }
        let subject = Subject(formula: row.formula, profile: profile, summation: row.summation, name: name)
        if !subjects.contains(subject) { subjects.append(subject) }
      }
      return subjects
    }
  }
}
