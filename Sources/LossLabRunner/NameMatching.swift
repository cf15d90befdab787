/// The valid name nearest to `name` by edit distance, for "did you mean" messages.
public func nearestName(to name: String, in candidates: [String]) -> String? {
  candidates.min { editDistance(name, $0) < editDistance(name, $1) }
}

/// A one-line message for an unknown `name` given to `argument`.
public func unknownNameMessage(_ argument: String, _ name: String, valid: [String]) -> String {
  let suggestion = nearestName(to: name.lowercased(), in: valid).map { " (did you mean '\($0)'?)" }
  return "\(argument): unknown '\(name)'\(suggestion ?? ""); valid: \(valid.joined(separator: ", "))"
}

/// Levenshtein distance between two short strings.
public func editDistance(_ a: String, _ b: String) -> Int {
  let a = Array(a), b = Array(b)
  var previous = Array(0...b.count)
  for i in 1...max(a.count, 1) where !a.isEmpty {
    var current = [i] + Array(repeating: 0, count: b.count)
    for j in 1...max(b.count, 1) where !b.isEmpty {
      current[j] = min(
        previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
    }
    previous = current
  }
  return a.isEmpty ? b.count : previous[b.count]
}
