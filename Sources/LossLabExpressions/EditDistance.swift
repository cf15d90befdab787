/// Levenshtein distance between two short names (insertions, deletions and substitutions of
/// characters): the measure behind every "did you mean" of LossLab, in expressions, specs and
/// command-line arguments.
public func editDistance(_ a: String, _ b: String) -> Int {
  let b = Array(b)
  var row = Array(0...b.count)  // distances from a's prefix so far to each prefix of b
  for (i, x) in a.enumerated() {
    var diagonal = row[0]
    row[0] = i + 1
    for j in b.indices {
      let substitution = diagonal + (x == b[j] ? 0 : 1)
      diagonal = row[j + 1]
      row[j + 1] = min(substitution, row[j + 1] + 1, row[j] + 1)
    }
  }
  return row[b.count]
}
