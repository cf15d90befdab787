/// Splits `text` at spaces into lines of at most `width` characters (a longer word gets a line
/// of its own).
func wrapped(_ text: String, width: Int) -> [String] {
  var lines: [String] = []
  var current = ""
  for word in text.split(separator: " ") {
    if current.isEmpty {
      current = String(word)
    } else if current.count + 1 + word.count <= width {
      current += " " + word
    } else {
      lines.append(current)
      current = String(word)
    }
  }
  if !current.isEmpty { lines.append(current) }
  return lines
}

/// Approximate width in pixels of `text` at `size` px in a sans-serif font (for layout only).
func textWidth(_ text: String, size: Double) -> Double {
  Double(text.count) * size * 0.62
}
