/// One way of computing a loss: the unit LossLab measures. `loss` and `variant` are the names a
/// user types (`--loss bce --formula keras`).
public enum Formula: String, CaseIterable, Sendable {
  case mae, mse, rmse
  case bceKeras, bceNaive, bceTorch
  case bceLogitsStable, bceLogitsNaive
  case cceKeras, cceNaive
  case sparseCCEKeras, sparseCCENaive
  case cceLogitsStable, cceLogitsNaive
  case sparseCCELogitsStable, sparseCCELogitsNaive
  case huber
  case logCoshStable, logCoshNaive
  case kl, mape
  case msleKeras, msleLog1p
  case weightedMSE, relativeError
  case identity

  public var loss: Loss {
    switch self {
    case .mae: .mae
    case .mse: .mse
    case .rmse: .rmse
    case .bceNaive, .bceKeras, .bceTorch: .bce
    case .bceLogitsStable, .bceLogitsNaive: .bceLogits
    case .cceKeras, .cceNaive: .cce
    case .sparseCCEKeras, .sparseCCENaive: .sparseCCE
    case .cceLogitsStable, .cceLogitsNaive: .cceLogits
    case .sparseCCELogitsStable, .sparseCCELogitsNaive: .sparseCCELogits
    case .huber: .huber
    case .logCoshStable, .logCoshNaive: .logCosh
    case .kl: .kl
    case .mape: .mape
    case .msleKeras, .msleLog1p: .msle
    case .weightedMSE: .weightedMSE
    case .relativeError: .relativeError
    case .identity: .identity
    }
  }

  /// The variant's name on the command line.
  public var variant: String {
    switch self {
    case .bceNaive, .bceLogitsNaive, .cceNaive, .sparseCCENaive, .cceLogitsNaive,
      .sparseCCELogitsNaive, .logCoshNaive:
      "naive"
    case .bceKeras, .cceKeras, .sparseCCEKeras, .kl, .mape, .msleKeras: "keras"
    case .bceTorch: "torch"
    case .bceLogitsStable, .cceLogitsStable, .sparseCCELogitsStable, .logCoshStable: "stable"
    case .msleLog1p: "log1p"
    case .mae, .mse, .rmse, .huber, .weightedMSE, .relativeError, .identity: "standard"
    }
  }

  /// Whether the formula uses ε (so its exact value can differ from the ideal loss: its bias).
  public var usesEpsilon: Bool {
    switch self {
    case .bceKeras, .cceKeras, .sparseCCEKeras, .kl, .mape, .msleKeras, .msleLog1p,
      .relativeError:
      true
    default: false
    }
  }

  /// What the formula computes, for `losslab list`.
  public var formulaText: String {
    switch self {
    case .mae: "|y - p|"
    case .mse: "(y - p)^2"
    case .rmse: "sqrt(reduce((y - p)^2))"
    case .bceNaive: "-(y log p + (1 - y) log(1 - p))"
    case .bceKeras: "p clipped to [eps, 1 - eps], then -(y log p + (1 - y) log(1 - p))"
    case .bceTorch: "(y - 1) max(log(1 - p), -100) - y max(log p, -100)"
    case .bceLogitsStable: "max(x, 0) - x y + log1p(exp(-|x|))"
    case .bceLogitsNaive: "s = 1 / (1 + exp(-x)); -(y log s + (1 - y) log(1 - s))"
    case .cceKeras: "p / sum p, clipped to [eps, 1 - eps], then -sum y log p"
    case .cceNaive: "-sum y log p"
    case .sparseCCEKeras: "p / sum p, clipped to [eps, 1 - eps], then -log p[label]"
    case .sparseCCENaive: "-log p[label]"
    case .cceLogitsStable: "-sum y (x - m - log sum exp(x - m)), m = max x"
    case .cceLogitsNaive: "-sum y log(exp(x) / sum exp(x))"
    case .sparseCCELogitsStable: "m + log sum exp(x - m) - x[label]"
    case .sparseCCELogitsNaive: "-log(exp(x[label]) / sum exp(x))"
    case .huber: "0.5 e^2 if |e| <= delta else delta |e| - 0.5 delta^2"
    case .logCoshStable: "e + softplus(-2e) - log 2"
    case .logCoshNaive: "log((exp(e) + exp(-e)) / 2)"
    case .kl: "y, p clipped to [eps, 1]; sum y log(y / p)"
    case .mape: "100 |y - p| / max(|y|, eps)"
    case .msleKeras: "(log(max(p, eps) + 1) - log(max(y, eps) + 1))^2"
    case .msleLog1p: "(log1p(max(p, eps)) - log1p(max(y, eps)))^2"
    case .weightedMSE: "w (y - p)^2"
    case .relativeError: "|y - p| / (|y| + eps)"
    case .identity: "p"
    }
  }
}
