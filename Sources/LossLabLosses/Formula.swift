/// One way of computing a loss: the unit LossLab measures. `loss` and `variant` are the names a
/// user types (`--loss bce --formula keras`); `name` writes them as `bce/keras`.
public struct Formula: Hashable, Sendable, CustomStringConvertible {
  public let loss: Loss
  /// The variant's position among its family's variants (its raw value).
  @usableFromInline let variantIndex: Int

  @inlinable
  init(loss: Loss, variantIndex: Int) {
    self.loss = loss
    self.variantIndex = variantIndex
  }

  /// The formula named `loss/variant`, or `loss` alone for its default variant.
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

  /// Every formula of every loss, in catalog order.
  public static var allCases: [Formula] { Loss.allCases.flatMap(\.formulas) }

  /// The variant's name on the command line.
  public var variant: String { loss.visit(VariantName(index: variantIndex)) }
  /// `loss/variant`, as specs and tables write a formula.
  public var name: String { "\(loss.rawValue)/\(variant)" }
  public var description: String { name }
  /// What the formula computes, for `losslab list`.
  public var formulaText: String { loss.visit(VariantText(index: variantIndex)) }
  /// The framework code the formula mirrors.
  public var source: String { loss.visit(VariantSource(index: variantIndex)) }
  /// Whether the formula's exact value can differ from the ideal loss (its clip, ε or clamp).
  /// Formulas without one are the ideal loss itself in exact arithmetic, so their bias is 0
  /// without computing it. The naive and stable forms compute the ideal exactly in real
  /// arithmetic; where they fail (`0 · log 0`, `log(1 - σ(x))` with σ(x) = 1) the failure is
  /// their arithmetic's, not a built-in approximation.
  public var hasBias: Bool { loss.visit(VariantBias(index: variantIndex)) }
}

extension LossFamily {
  /// The variant at `index` (its raw value).
  @inlinable @inline(__always)
  static func variant(_ index: Int) -> Variant { Variant(rawValue: index)! }
}

struct VariantName: LossFamilyVisitor {
  let index: Int
  func visit<F: LossFamily>(_: F.Type) -> String { String(describing: F.variant(index)) }
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
