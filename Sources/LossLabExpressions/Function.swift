/// The functions an expression may call, by the name the user writes.
///
/// Scalar functions apply element by element to a row; the row reductions (`sum`, `mean`,
/// one-argument `max`, `logsumexp`) and row functions (`softmax`, `log_softmax`) need a loss of
/// shape rows or labels.
enum Function: String, CaseIterable, Sendable {
  case exp, expm1, log, log1p, sqrt, abs
  case min, max, clip, pow
  case sigmoid, softplus
  case logSigmoid = "log_sigmoid"
  case tanh, select
  case sum, mean, logsumexp, softmax
  case logSoftmax = "log_softmax"

  /// The argument counts this function accepts.
  var arities: [Int] {
    switch self {
    case .exp, .expm1, .log, .log1p, .sqrt, .abs, .sigmoid, .softplus, .logSigmoid, .tanh, .sum,
      .mean, .logsumexp, .softmax, .logSoftmax:
      [1]
    case .min, .pow: [2]
    case .max: [1, 2]
    case .clip, .select: [3]
    }
  }

  /// "takes 1 argument", "takes 1 argument (a row) or 2".
  var arityText: String {
    switch self {
    case .max: "takes 1 argument (a row) or 2 arguments"
    case .exp, .expm1, .log, .log1p, .sqrt, .abs, .sigmoid, .softplus, .logSigmoid, .tanh, .sum,
      .mean, .logsumexp, .softmax, .logSoftmax:
      "takes 1 argument"
    case .min, .pow: "takes 2 arguments"
    case .clip, .select: "takes 3 arguments"
    }
  }
}
