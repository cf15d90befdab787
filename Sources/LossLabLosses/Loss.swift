/// The losses LossLab knows, by the name a user types (`losslab list` prints them).
///
/// Each loss has one or more formula variants (`Formula`), because frameworks compute the same
/// mathematical loss in different ways, and one ideal: the exact mathematical loss without clip
/// or ε, which the MPFR reference evaluates and every variant is measured against.
public enum Loss: String, CaseIterable, Sendable {
  case mae, mse, rmse
  case bce
  case bceLogits = "bce-logits"
  case cce
  case sparseCCE = "sparse-cce"
  case cceLogits = "cce-logits"
  case sparseCCELogits = "sparse-cce-logits"
  case huber
  case logCosh = "log-cosh"
  case kl, mape, msle
  case weightedMSE = "weighted-mse"
  case relativeError = "relative-error"
  /// The predictions themselves, for measuring reductions on their own.
  case identity

  /// The variants of this loss; the first is the default.
  public var formulas: [Formula] {
    Formula.allCases.filter { $0.loss == self }
  }

  public var defaultFormula: Formula { formulas[0] }

  /// The formula called `variant` (for example `keras`), or nil.
  public func formula(named variant: String) -> Formula? {
    formulas.first { $0.variant == variant }
  }

  /// Labels are one class index per row instead of a row of targets.
  public var hasSparseLabels: Bool { self == .sparseCCE || self == .sparseCCELogits }

  /// Rows are distributions over classes (their width is the class count).
  public var isCategorical: Bool {
    switch self {
    case .cce, .sparseCCE, .cceLogits, .sparseCCELogits, .kl: true
    default: false
    }
  }

  public var usesWeights: Bool { self == .weightedMSE }
  public var usesDelta: Bool { self == .huber }

  /// The ε this loss uses when the user gives none (nil: the loss has no ε).
  public var defaultEpsilon: String? {
    switch self {
    case .relativeError: "1e-8"  // the custom loss of the source material
    case .bce, .cce, .sparseCCE, .kl, .mape, .msle: "1e-7"  // keras.config.epsilon()
    default: nil
    }
  }

  /// One line for `losslab list`.
  public var summary: String {
    switch self {
    case .mae: "mean absolute error |y - p|, averaged over the last axis"
    case .mse: "mean squared error (y - p)^2, averaged over the last axis"
    case .rmse: "root of the batch's mean squared error"
    case .bce: "binary cross-entropy from probabilities"
    case .bceLogits: "binary cross-entropy from logits"
    case .cce: "categorical cross-entropy, one-hot targets, probabilities"
    case .sparseCCE: "categorical cross-entropy, integer labels, probabilities"
    case .cceLogits: "categorical cross-entropy, one-hot targets, logits"
    case .sparseCCELogits: "categorical cross-entropy, integer labels, logits"
    case .huber: "Huber loss with threshold delta (default 1)"
    case .logCosh: "log(cosh(p - y))"
    case .kl: "Kullback-Leibler divergence sum y log(y / p), Keras clipping"
    case .mape: "mean absolute percentage error 100 |y - p| / max(|y|, eps)"
    case .msle: "mean squared logarithmic error"
    case .weightedMSE: "per-example weighted squared error w (y - p)^2"
    case .relativeError: "relative error |y - p| / (|y| + eps), eps = 1e-8"
    case .identity: "the predictions themselves (to measure a reduction alone)"
    }
  }
}
