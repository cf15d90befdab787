/// What one example of a loss expression sees: its inputs and whether it may reduce rows.
public enum ExpressionShape: String, Sendable, CaseIterable {
  /// One value per example: target `y`, prediction `p` and, when the loss has weights, the
  /// example's weight `w`, all scalars. No row reductions.
  case elementwise
  /// One row of classes per example: `y` and `p` are rows of the same length.
  case rows
  /// One row of predictions `p` per example and the class index `label` (no `y`); `p[label]` is
  /// the prediction of the labelled class.
  case labels

  /// The inputs an expression of this shape may name.
  var inputs: [Input] {
    switch self {
    case .elementwise: [.target, .prediction, .weight]
    case .rows: [.target, .prediction]
    case .labels: [.prediction, .label]
    }
  }

  /// Whether `y` and `p` are rows (so the row reductions apply).
  var hasRows: Bool {
    switch self {
    case .elementwise: false
    case .rows, .labels: true
    }
  }
}

/// An input an expression reads, by the name the user writes.
enum Input: String, CaseIterable, Sendable {
  case target = "y"
  case prediction = "p"
  case weight = "w"
  case label = "label"
}
