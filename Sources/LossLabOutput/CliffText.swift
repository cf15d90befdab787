import LossLabRunner

/// A row's cliffs as its `cliff` column writes them, `y_pred 0.99951171875 ok ->
/// 0.999755859375 nan; …`; empty when there are none.
public func cliffText(_ cliffs: [Cliff]) -> String {
  cliffs.map { cliff in
    "\(cliff.input.rawValue) \(shortNumber(cliff.low)) \(cliffStatusText(cliff.lowStatus)) -> "
      + "\(shortNumber(cliff.high)) \(cliffStatusText(cliff.highStatus))"
  }.joined(separator: "; ")
}

/// One side of a cliff: `ok`, the class (`nan`, `overflow`, `flush-to-zero`) or `ulp>1000`.
public func cliffStatusText(_ status: CliffStatus) -> String {
  switch status {
  case .ok: "ok"
  case .failed(let errorClass): errorClass.rawValue
  case .pastULPs(let ulps): "ulp>\(shortNumber(ulps))"
  }
}
