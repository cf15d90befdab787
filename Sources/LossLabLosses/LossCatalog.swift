/// The catalog: every built-in loss family by the name a user types (`losslab list` prints
/// them), and the one switch that hands each family's type to generic code.
///
/// Adding a family is its file and one entry here: a case, and its line in `visit`. The
/// compiler then names nothing else to change: every other property comes from the family.
public enum Loss: String, CaseIterable, Sendable {
  case mae, mse, rmse, l2
  case bce
  case bceLogits = "bce-logits"
  case cce
  case sparseCCE = "sparse-cce"
  case cceLogits = "cce-logits"
  case sparseCCELogits = "sparse-cce-logits"
  case huber
  case logCosh = "log-cosh"
  case kl
  case klLog = "kl-log"
  case mape, msle
  case weightedMSE = "weighted-mse"
  case relativeError = "relative-error"
  case focal
  case focalLogits = "focal-logits"
  case dice
  case cceLogitsSmoothed = "cce-logits-smoothed"
  /// The predictions themselves, for measuring reductions on their own.
  case identity

  @inlinable
  func visit<V: LossFamilyVisitor>(_ visitor: V) -> V.Result {
    switch self {
    case .mae: visitor.visit(MeanAbsoluteError.self)
    case .mse: visitor.visit(MeanSquaredError.self)
    case .rmse: visitor.visit(RootMeanSquaredError.self)
    case .l2: visitor.visit(L2Loss.self)
    case .bce: visitor.visit(BinaryCrossEntropy.self)
    case .bceLogits: visitor.visit(BinaryCrossEntropyFromLogits.self)
    case .cce: visitor.visit(CategoricalCrossEntropy.self)
    case .sparseCCE: visitor.visit(SparseCategoricalCrossEntropy.self)
    case .cceLogits: visitor.visit(CategoricalCrossEntropyFromLogits.self)
    case .sparseCCELogits: visitor.visit(SparseCategoricalCrossEntropyFromLogits.self)
    case .huber: visitor.visit(HuberLoss.self)
    case .logCosh: visitor.visit(LogCosh.self)
    case .kl: visitor.visit(KLDivergence.self)
    case .klLog: visitor.visit(KLDivergenceFromLogProbabilities.self)
    case .mape: visitor.visit(MeanAbsolutePercentageError.self)
    case .msle: visitor.visit(MeanSquaredLogarithmicError.self)
    case .weightedMSE: visitor.visit(WeightedMeanSquaredError.self)
    case .relativeError: visitor.visit(RelativeError.self)
    case .focal: visitor.visit(BinaryFocalLoss.self)
    case .focalLogits: visitor.visit(BinaryFocalLossFromLogits.self)
    case .dice: visitor.visit(SoftDiceLoss.self)
    case .cceLogitsSmoothed: visitor.visit(CategoricalCrossEntropyLogitsSmoothed.self)
    case .identity: visitor.visit(Identity.self)
    }
  }
}

extension Loss {
  /// The variants of this loss; the first is the default.
  public var formulas: [Formula] {
    (0..<visit(VariantCount())).map { Formula(loss: self, variantIndex: $0) }
  }

  public var defaultFormula: Formula { formulas[0] }

  /// The formula called `variant` (for example `keras`), or nil.
  public func formula(named variant: String) -> Formula? {
    formulas.first { $0.variant == variant }
  }

  /// One line for `losslab list`.
  public var summary: String { visit(Summary()) }
  /// What the loss reads.
  public var shape: LossShape { visit(Shape()) }
  /// The loss's named constants, with their defaults.
  public var parameters: [LossParameter] { visit(Parameters()) }

  /// Every parameter name of the catalog, each once, in catalog order (the order of the sweep
  /// axes).
  public static var parameterNames: [String] {
    var names: [String] = []
    for loss in allCases {
      for parameter in loss.parameters where !names.contains(parameter.name) {
        names.append(parameter.name)
      }
    }
    return names
  }
}

struct VariantCount: LossFamilyVisitor {
  func visit<F: LossFamily>(_: F.Type) -> Int { F.Variant.allCases.count }
}

struct Summary: LossFamilyVisitor {
  func visit<F: LossFamily>(_: F.Type) -> String { F.summary }
}

struct Shape: LossFamilyVisitor {
  func visit<F: LossFamily>(_: F.Type) -> LossShape { F.shape }
}

struct Parameters: LossFamilyVisitor {
  func visit<F: LossFamily>(_: F.Type) -> [LossParameter] { F.parameters }
}
