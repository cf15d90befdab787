import Foundation
import LossLabFormats
import LossLabLosses
import LossLabReductions
import Testing

/// Conformance vectors: inputs and outputs that the real frameworks produced
/// (Tests/FrameworkVectors/*.jsonl, written by `make framework-vectors`; see its README), read
/// here and recomputed by LossLab. The files are the frameworks' data, never LossLab's.
struct FrameworkVector {
  var framework: String
  var setting: String
  var api: String
  var losslab: String
  var dtype: Format
  var reduction: String
  var columns: Int
  var parameters: [String: String]
  var yTrue: [Double]
  var yPred: [Double]
  var labels: [Int]
  var outputFormat: Format
  var output: [Double]
  /// Where it came from, for messages: FILE:LINE.
  var origin: String

  var rows: Int { yPred.count / columns }

  /// Every vector of every file in Tests/FrameworkVectors, in file and line order.
  static let all: [FrameworkVector] = {
    let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .deletingLastPathComponent().appendingPathComponent("FrameworkVectors")
    let files = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
    return files.filter { $0.hasSuffix(".jsonl") }.sorted().flatMap { file in
      let text = try! String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
      return text.split(separator: "\n").enumerated().map { index, line in
        FrameworkVector(json: String(line), origin: "\(file):\(index + 1)")
      }
    }
  }()

  init(json: String, origin: String) {
    let object = try! JSONSerialization.jsonObject(with: Data(json.utf8)) as! [String: Any]
    func hex(_ key: String) -> [Double] {
      ((object[key] as? [String]) ?? []).map { hexDouble($0) }
    }
    framework = object["framework"] as! String
    setting = object["setting"] as! String
    api = object["api"] as! String
    losslab = object["losslab"] as! String
    dtype = Format(rawValue: object["dtype"] as! String)!
    reduction = object["reduction"] as! String
    columns = object["columns"] as? Int ?? 1
    parameters = (object["parameters"] as? [String: Any] ?? [:]).mapValues { "\($0)" }
    yTrue = hex("y_true")
    yPred = hex("y_pred")
    labels = object["labels"] as? [Int] ?? []
    outputFormat = Format(rawValue: object["output_dtype"] as! String)!
    output = hex("output")
    self.origin = origin
  }
}

extension Double {
  /// The value as C's `%a` writes it (exact).
  var hexString: String { String(format: "%a", self) }
}

/// A hex float ("0x1.8p+0", "-0x0.0p+0", "inf", "-inf", "nan") as a Double, exactly.
func hexDouble(_ text: String) -> Double {
  switch text {
  case "inf": return .infinity
  case "-inf": return -.infinity
  case "nan", "-nan": return .nan
  default: return Double(text)!
  }
}

/// The LossLab formula a vector names. One vector name is an alias: the generator named torch's
/// `binary_cross_entropy` `bce/torch-log1p` while LossLab's `bce/torch` still computed
/// `log(1 - p)`; `bce/torch` now computes torch 2.15's `log1p(-p)` form.
func vectorFormula(_ name: String) -> Formula? {
  Formula(name == "bce/torch-log1p" ? "bce/torch" : name)
}

/// What LossLab gave on one vector, against the framework.
struct VectorOutcome {
  /// Whether every output matched bit for bit (any NaN matches any NaN).
  var exact: Bool
  /// The largest distance in ulps of the output format over the outputs; `nil` when a
  /// mismatch involves a NaN or an infinity.
  var maxULPs: Int64?
  /// The outputs that differ: LossLab's value against the framework's, as hex.
  var differences: [String] = []
}

/// Recomputes `vector` as the framework runs it: the exact inputs in the format the output has
/// (Keras and torch autocast compute in float32 whatever the input), the loss's defaults for
/// parameters the vector does not give, a 16-bit sum or mean with a float accumulator rounded
/// once (`.wide`), a float32 one left to right, and reduction `none` as each row's own loss.
struct RecomputeVector: FormatVisitor {
  let vector: FrameworkVector
  let formula: Formula

  func visit<T: MachineFloat>(_: T.Type) -> VectorOutcome {
    let parameters = LossParameters(
      formula.parameterValues(given: vector.parameters).map { T(nearest: Double($0)!) })
    // A loss over rows of targets given class indices (torch cross_entropy with label
    // smoothing) reads them one-hot.
    let oneHot = vector.labels.flatMap { label in
      (0..<vector.columns).map { $0 == label ? 1.0 : 0.0 }
    }
    let targets = vector.yTrue.isEmpty && formula.shape == .rows ? oneHot : vector.yTrue
    let batch = Batch<T>(
      yTrue: targets.map { T(nearest: $0) }, yPred: vector.yPred.map { T(nearest: $0) },
      labels: vector.labels, columns: vector.columns)
    let summation: Summation = T.format.bitWidth == 16 ? .wide : .recursive
    let computed: [T]
    if vector.logSoftmaxBeforeAutocast {
      // The rows' losses in the input format, each exact in float32, reduced there.
      let rows = vector.dtype.visit(RowLosses(vector: vector, formula: formula)).map {
        T(nearest: $0)
      }
      computed = vector.reduction == "none"
        ? rows : [reduce(rows, vector.reduction == "mean" ? .mean : .sum, summation: .recursive)]
    } else {
    switch vector.reduction {
    case "none":
      // Each row's own loss, not a mean of one (a sum starting at +0 would lose a -0).
      computed = exampleLosses(formula, on: batch, parameters: parameters)
    case "mean", "sum":
      let reduction: Reduction = vector.reduction == "mean" ? .mean : .sum
      computed = [
        evaluate(formula, on: batch, parameters: parameters, reduction: reduction,
          summation: summation)
      ]
    default:
      fatalError("\(vector.origin): unknown reduction \(vector.reduction)")
    }
    }
    precondition(computed.count == vector.output.count, "\(vector.origin): output count")
    var outcome = VectorOutcome(exact: true, maxULPs: 0)
    for (mine, theirs) in zip(computed, vector.output.map { T(nearest: $0) }) {
      if mine.isNaN && theirs.isNaN { continue }
      if mine.encoding == theirs.encoding { continue }
      outcome.exact = false
      outcome.differences.append(
        "\(Double(mine.doubleValue).hexString) vs \(theirs.doubleValue.hexString)")
      if mine.isFinite && theirs.isFinite, let worst = outcome.maxULPs {
        outcome.maxULPs = max(worst, abs(mine.ordinal - theirs.ordinal))
      } else {
        outcome.maxULPs = nil
      }
    }
    return outcome
  }
}

/// Each row's loss of a vector in the format `T`, as Doubles (exact).
struct RowLosses: FormatVisitor {
  let vector: FrameworkVector
  let formula: Formula

  func visit<T: MachineFloat>(_: T.Type) -> [Double] {
    let parameters = LossParameters(
      formula.parameterValues(given: vector.parameters).map { T(nearest: Double($0)!) })
    let batch = Batch<T>(
      yTrue: vector.yTrue.map { T(nearest: $0) }, yPred: vector.yPred.map { T(nearest: $0) },
      labels: vector.labels, columns: vector.columns)
    return exampleLosses(formula, on: batch, parameters: parameters).map(\.doubleValue)
  }
}

extension FrameworkVector {
  /// `nll_loss(log_softmax(x))` under `torch.autocast` on the CPU: `log_softmax` is not on
  /// autocast's CPU float32 list (nll_loss is; PyTorch docs/source/amp.md), so the
  /// log-probabilities are computed and rounded in the input format and only the loss's
  /// reduction runs in float32.
  var logSoftmaxBeforeAutocast: Bool {
    setting == "autocast" && api.hasPrefix("torch.nn.functional.nll_loss(torch.nn.functional.log_softmax")
  }
}

/// One row of the agreement table: framework, setting, input dtype and LossLab name.
struct VectorGroup: Hashable, Comparable, CustomStringConvertible {
  var framework, setting, dtype, losslab: String
  var description: String { "\(framework) \(setting) \(dtype) \(losslab)" }
  static func < (a: Self, b: Self) -> Bool { a.description < b.description }
}

/// A group that LossLab does not reproduce bit for bit: why (from the framework's source), how
/// many vectors differ and by how much (ulps of the output format; `nil`: a NaN or an infinity
/// against a number).
struct KnownResidual {
  var cause: String
  var mismatches: Int
  var maxULPs: Int64?
}

/// Every group that does not reach bit-exactness, by name. Each is pinned (count and largest
/// difference), so a change that fixes or worsens one fails here and must update this list.
let knownResiduals: [String: KnownResidual] = [:]

@Suite("Framework vectors: LossLab recomputes what the frameworks returned")
struct FrameworkVectorTests {
  @Test("every vector LossLab has a formula for agrees bit for bit or is a named residual")
  func agreement() {
    var counts: [VectorGroup: (total: Int, exact: Int, maxULPs: Int64?)] = [:]
    for vector in FrameworkVector.all {
      guard let formula = vectorFormula(vector.losslab) else { continue }
      let format = vector.outputFormat != vector.dtype ? vector.outputFormat : vector.dtype
      let outcome = format.visit(RecomputeVector(vector: vector, formula: formula))
      let group = VectorGroup(
        framework: vector.framework, setting: vector.setting, dtype: vector.dtype.rawValue,
        losslab: vector.losslab)
      var entry = counts[group] ?? (0, 0, 0)
      entry.total += 1
      if !outcome.exact, let filter = ProcessInfo.processInfo.environment["LOSSLAB_VECTOR_DETAILS"],
        group.description.contains(filter)
      {
        print("\(vector.origin) \(group) \(vector.reduction): \(outcome.differences.joined(separator: ", "))")
      }
      if outcome.exact {
        entry.exact += 1
      } else if let worst = entry.maxULPs, let ulps = outcome.maxULPs {
        entry.maxULPs = max(worst, ulps)
      } else {
        entry.maxULPs = nil
      }
      counts[group] = entry
    }
    var table = "| framework | setting | dtype | variant | exact | max ulps |\n|---|---|---|---|---|---|\n"
    for group in counts.keys.sorted() {
      let entry = counts[group]!
      table += "| \(group.framework) | \(group.setting) | \(group.dtype) | \(group.losslab) | "
      table += "\(entry.exact)/\(entry.total) | \(entry.maxULPs.map(String.init) ?? "non-finite") |\n"
    }
    print(table)
    for group in counts.keys.sorted() {
      let entry = counts[group]!
      let mismatches = entry.total - entry.exact
      if let known = knownResiduals[group.description] {
        #expect(
          mismatches == known.mismatches && entry.maxULPs == known.maxULPs,
          "\(group): \(mismatches) mismatches, max \(entry.maxULPs.map(String.init) ?? "non-finite") ulps; listed as \(known.mismatches), \(known.maxULPs.map(String.init) ?? "non-finite") (\(known.cause))"
        )
      } else {
        #expect(
          mismatches == 0,
          "\(group): \(mismatches) of \(entry.total) differ, max \(entry.maxULPs.map(String.init) ?? "non-finite") ulps"
        )
      }
    }
    for name in knownResiduals.keys.sorted() where !counts.keys.contains(where: { $0.description == name }) {
      Issue.record("\(name) is listed as a residual but no vector is in that group")
    }
  }
}
