/// One way of computing a loss: the unit LossLab measures. A built-in formula is a variant of
/// a catalog loss (`--loss bce --formula keras`); a custom one is an expression a user wrote.
/// `name` writes either as `loss/variant`, the form specs and tables use.
public struct Formula: Hashable, Sendable, CustomStringConvertible {
  public let kind: Kind

  public enum Kind: Hashable, Sendable {
    /// A variant of a catalog loss, by its position among the family's variants.
    case builtin(Loss, variant: Int)
    case custom(CustomLoss)
  }

  @inlinable
  init(loss: Loss, variantIndex: Int) { kind = .builtin(loss, variant: variantIndex) }

  public init(custom: CustomLoss) { kind = .custom(custom) }

  /// The built-in formula named `loss/variant`, or `loss` alone for its default variant.
  public init?(_ name: String) {
    let parts = name.split(separator: "/", maxSplits: 1).map(String.init)
    guard let loss = Loss(rawValue: parts[0]) else { return nil }
    guard parts.count == 2 else {
      self = loss.defaultFormula
      return
    }
    guard let formula = loss.formula(named: parts[1]) else { return nil }
    self = formula
  }

  /// Every built-in formula of every loss, in catalog order.
  public static var allCases: [Formula] { Loss.allCases.flatMap(\.formulas) }

  /// The catalog loss, for a built-in formula.
  public var builtin: Loss? {
    switch kind {
    case .builtin(let loss, _): loss
    case .custom: nil
    }
  }

  /// Whether this is the `identity` loss (the predictions themselves: a reduction alone).
  public var isIdentity: Bool { builtin == .identity }

  /// The loss's name as the user types it.
  public var lossName: String {
    switch kind {
    case .builtin(let loss, _): loss.rawValue
    case .custom(let custom): custom.name
    }
  }

  /// The variant's name on the command line.
  public var variant: String {
    switch kind {
    case .builtin(let loss, let index): loss.visit(VariantName(index: index))
    case .custom(let custom): custom.variant
    }
  }

  /// `loss/variant`, as specs and tables write a formula.
  public var name: String { "\(lossName)/\(variant)" }
  public var description: String { name }

  /// What the loss reads.
  public var shape: LossShape {
    switch kind {
    case .builtin(let loss, _): loss.shape
    case .custom(let custom): custom.shape
    }
  }

  /// The loss's named constants, with their defaults.
  public var parameters: [LossParameter] {
    switch kind {
    case .builtin(let loss, _): loss.parameters
    case .custom(let custom): custom.parameters
    }
  }

  /// The values a formula's `LossParameters` hold, as written, in order: its parameters
  /// (`given` by name, else the defaults), then a custom loss's literals.
  public func parameterValues(given: [String: String]) -> [String] {
    let values = parameters.map { given[$0.name] ?? $0.defaultValue }
    switch kind {
    case .builtin: return values
    case .custom(let custom): return values + custom.literals
    }
  }

  /// What the formula computes, for `losslab list`.
  public var formulaText: String {
    switch kind {
    case .builtin(let loss, let index): loss.visit(VariantText(index: index))
    case .custom(let custom): custom.formulaSource
    }
  }

  /// The framework code the formula mirrors.
  public var source: String {
    switch kind {
    case .builtin(let loss, let index): loss.visit(VariantSource(index: index))
    case .custom: "an expression (a spec's losses or eval --expr)"
    }
  }

  /// Whether the formula's exact value can differ from the ideal loss (its clip, ε or clamp).
  /// Formulas without one are the ideal loss itself in exact arithmetic, so their bias is 0
  /// without computing it. The naive and stable forms compute the ideal exactly in real
  /// arithmetic; where they fail (`0 · log 0`, `log(1 - σ(x))` with σ(x) = 1) the failure is
  /// their arithmetic's, not a built-in approximation.
  public var hasBias: Bool {
    switch kind {
    case .builtin(let loss, let index): loss.visit(VariantBias(index: index))
    case .custom(let custom): custom.hasBias
    }
  }

  /// Formulas with the same ideal loss (so that a reference computes it once for all of them):
  /// the variants of one catalog loss, or custom losses with the same ideal and parameters.
  public var ideal: IdealLoss {
    switch kind {
    case .builtin(let loss, _): .builtin(loss)
    case .custom(let custom): .custom(custom.idealSource, custom.parameters, custom.shape)
    }
  }
}

/// Which ideal loss a formula is measured against.
public enum IdealLoss: Hashable, Sendable {
  case builtin(Loss)
  case custom(String, [LossParameter], LossShape)
}

extension LossFamily {
  /// The variant at `index` (its raw value).
  @inlinable @inline(__always)
  static func variant(_ index: Int) -> Variant { Variant(rawValue: index)! }
}

/// A variant's case name as the user types it. A name with a hyphen is a raw identifier
/// (``case `log-sigmoid` ``), which `String(describing:)` writes in its backticks: they go.
struct VariantName: LossFamilyVisitor {
  let index: Int
  func visit<F: LossFamily>(_: F.Type) -> String {
    String(describing: F.variant(index)).filter { $0 != "`" }
  }
}

struct VariantText: LossFamilyVisitor {
  let index: Int
  func visit<F: LossFamily>(_: F.Type) -> String { F.formula(F.variant(index)) }
}

struct VariantSource: LossFamilyVisitor {
  let index: Int
  func visit<F: LossFamily>(_: F.Type) -> String { F.source(F.variant(index)) }
}

struct VariantBias: LossFamilyVisitor {
  let index: Int
  func visit<F: LossFamily>(_: F.Type) -> Bool { F.hasBias(F.variant(index)) }
}
