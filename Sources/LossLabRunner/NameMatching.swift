import LossLabExpressions

/// The valid name nearest to `name` by edit distance, for "did you mean" messages.
public func nearestName(to name: String, in candidates: [String]) -> String? {
  candidates.min { editDistance(name, $0) < editDistance(name, $1) }
}

/// A one-line message for an unknown `name` given to `argument`.
public func unknownNameMessage(_ argument: String, _ name: String, valid: [String]) -> String {
  let suggestion = nearestName(to: name.lowercased(), in: valid).map { " (did you mean '\($0)'?)" }
  return "\(argument): unknown '\(name)'\(suggestion ?? ""); valid: \(valid.joined(separator: ", "))"
}
