import LossLabFormats
import LossLabReductions

/// A loss family: one mathematical loss, the formula variants that frameworks compute it with,
/// its parameters and its ideal (the exact loss without clip or ε, which the MPFR reference
/// evaluates and every variant is measured against).
///
/// Each family is one file of this module, and one line of `Loss` (the catalog) names it. The
/// family owns everything about itself: what a user types, what it reads, its parameters, each
/// variant's formula and the framework source it mirrors, and the two loops the measurement
/// needs (`forEachExample` and `idealExample`), written with the shared drivers of
/// `ExampleLosses.swift` (`elementwise`, `rowwise`, `labelled`) so that every variant's formula
/// inlines into its loop.
///
/// A family's variants are an `Int`-backed enum whose case names are the names a user types
/// (`--formula keras`); the first case is the default. Every switch over them is exhaustive.
@usableFromInline
protocol LossFamily {
  associatedtype Variant: RawRepresentable<Int>, CaseIterable, Sendable

  /// One line for `losslab list`.
  static var summary: String { get }
  /// What the loss reads: element-wise values or probabilities, rows, labels, or predictions.
  static var shape: LossShape { get }
  /// The named constants of the loss, in the order `LossParameters` holds them.
  static var parameters: [LossParameter] { get }

  /// What the variant computes, in one line of mathematics.
  static func formula(_ variant: Variant) -> String
  /// The framework code the variant mirrors.
  static func source(_ variant: Variant) -> String
  /// Whether the variant's exact value can differ from the ideal loss (a clip, an ε or a clamp
  /// built into the formula): its bias. A variant without one computes the ideal exactly in
  /// real arithmetic, so its bias is 0 without computing it.
  static func hasBias(_ variant: Variant) -> Bool

  /// Feeds `sink` the loss of each example of `batch` under `variant`, in row order; returns
  /// how many.
  static func forEachExample<T: LossReal, S: ExampleLossSink<T>>(
    _ variant: Variant, on batch: Batch<T>, parameters: LossParameters<T>, into sink: inout S
  ) -> Int

  /// The ideal loss of example `row` of `batch`.
  static func idealExample<T: LossReal>(
    on batch: Batch<T>, row: Int, parameters: LossParameters<T>
  ) -> T

  /// The batch's loss from the reduced per-example losses (RMSE takes the square root).
  static func finish<T: LossReal>(_ reduced: T) -> T

  /// The batch's mean or sum as the framework function a variant mirrors computes it, when it
  /// does not reduce per-example losses with its framework's sum (asked under
  /// `Summation.torch` only): PyTorch's `nll_loss` sums in its own cascade, label smoothing
  /// averages its two terms over the batch before combining them. Nil: reduce the example
  /// losses with the summation, like any loss.
  static func kernelBatchLoss<T: LossReal>(
    _ variant: Variant, on batch: Batch<T>, parameters: LossParameters<T>, reduction: Reduction
  ) -> T?
}

extension LossFamily {
  @inlinable
  static func kernelBatchLoss<T: LossReal>(
    _ variant: Variant, on batch: Batch<T>, parameters: LossParameters<T>, reduction: Reduction
  ) -> T? { nil }

  @inlinable @inline(__always)
  static func finish<T: LossReal>(_ reduced: T) -> T { reduced }
}

/// Hands a generic body the family type of a `Loss`, so the body specializes for it (as
/// `Format.visit` does for formats).
@usableFromInline
protocol LossFamilyVisitor {
  associatedtype Result
  func visit<F: LossFamily>(_ family: F.Type) -> Result
}

/// What a loss reads from a batch.
public enum LossShape: Sendable, Hashable {
  /// y and p element by element, averaged over a row's columns (Keras' mean over the last
  /// axis). `values` targets are in the predictions' units (a `scale` sweep multiplies both);
  /// `probabilities` targets are in [0, 1] and do not scale.
  case elementwise(targets: TargetKind)
  /// The element-wise loss of values, times one weight per example.
  case weighted
  /// Rows of classes: y a distribution over them (one-hot or soft), p probabilities or logits.
  case rows
  /// One integer class label per row, and a row of predictions.
  case labels
  /// The predictions alone (to measure a reduction on its own).
  case predictions

  public enum TargetKind: Sendable, Hashable { case values, probabilities }

  /// Whether y is one integer label per row.
  public var hasLabels: Bool { self == .labels }
  /// Whether rows are distributions over classes (their width is the class count).
  public var isCategorical: Bool { self == .rows || self == .labels }
  public var usesWeights: Bool { self == .weighted }
  /// Whether the loss reads targets at all.
  public var usesTargets: Bool { self != .predictions }
  /// Whether two losses can be measured on the same input points: the same layout of inputs
  /// (targets element-wise as values or as probabilities both qualify).
  public func sharesInputs(with other: LossShape) -> Bool {
    switch (self, other) {
    case (.elementwise, .elementwise), (.weighted, .weighted), (.rows, .rows),
      (.labels, .labels), (.predictions, .predictions):
      true
    case (.elementwise, _), (.weighted, _), (.rows, _), (.labels, _), (.predictions, _): false
    }
  }

  /// What the shape reads, for messages.
  public var description: String {
    switch self {
    case .elementwise(.values): "element-wise values"
    case .elementwise(.probabilities): "element-wise targets in [0, 1]"
    case .weighted: "element-wise values with a weight per example"
    case .rows: "rows of classes"
    case .labels: "integer labels and rows of classes"
    case .predictions: "predictions alone"
    }
  }

  /// Whether targets are in the predictions' units, so that a change of units scales both.
  public var scalesTargets: Bool {
    self == .elementwise(targets: .values) || self == .weighted
  }
}

/// A named constant of a loss (ε, δ, γ, α...), its default as written and what it means.
public struct LossParameter: Sendable, Hashable {
  public var name: String
  /// The value used when none is given, as written (rounded by each format itself).
  public var defaultValue: String
  public var meaning: String
  /// The values the loss accepts.
  public var domain: Domain

  public enum Domain: Sendable, Hashable {
    /// Finite and ≥ 0 (ε, γ, α, smoothing).
    case nonNegative
    /// Finite and > 0 (δ).
    case positive
    /// Any finite number.
    case finite

    public func contains(_ x: Double) -> Bool {
      switch self {
      case .nonNegative: x.isFinite && x >= 0
      case .positive: x.isFinite && x > 0
      case .finite: x.isFinite
      }
    }

    /// What the domain admits, for messages.
    public var description: String {
      switch self {
      case .nonNegative: ">= 0"
      case .positive: "> 0"
      case .finite: "finite"
      }
    }
  }

  public init(
    _ name: String, default defaultValue: String, _ meaning: String,
    domain: Domain = .nonNegative
  ) {
    self.name = name
    self.defaultValue = defaultValue
    self.meaning = meaning
    self.domain = domain
  }

  /// Keras' fuzz factor, `keras.config.epsilon()`.
  static let kerasEpsilon = LossParameter(
    "eps", default: "1e-7", "the clip or guard epsilon (keras.config.epsilon())")
}
