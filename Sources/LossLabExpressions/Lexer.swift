/// One token of a loss expression and the column (1-based, in characters) where it starts.
struct Token: Equatable, Sendable {
  enum Kind: Equatable, Sendable {
    /// A number as written: `2`, `0.25`, `1e-7`, `0x1p-12`.
    case number(String)
    case name(String)
    /// One of `+ - * / ^ ( ) [ ] , < <= > >= == !=`.
    case symbol(String)
    case end
  }

  let kind: Kind
  let column: Int

  /// The token as the user wrote it, for messages.
  var text: String {
    switch kind {
    case .number(let text), .name(let text), .symbol(let text): text
    case .end: "the end"
    }
  }
}

/// Splits a loss expression into tokens, or says which character it could not read.
///
/// Names are `[A-Za-z_][A-Za-z0-9_]*`. Numbers are decimal (`3`, `0.25`, `.5`, `1e-7`) or
/// hexadecimal (`0x1p-12`, `0x1.8p3`, `0xff`); their text is kept as written so that the caller
/// can round it once, straight to each format.
enum Lexer {
  static let symbols: Set<String> = [
    "+", "-", "*", "/", "^", "(", ")", "[", "]", ",", "<", "<=", ">", ">=", "==", "!=",
  ]

  static func tokens(_ source: String) throws(ExpressionError) -> [Token] {
    let characters = Array(source)
    var tokens: [Token] = []
    var i = 0
    func fail(_ message: String, at index: Int) -> ExpressionError {
      ExpressionError(column: index + 1, message: message, source: source)
    }
    while i < characters.count {
      let c = characters[i]
      if c.isWhitespace {
        i += 1
        continue
      }
      let start = i
      if c.isASCIILetter || c == "_" {
        while i < characters.count
          && (characters[i].isASCIILetter || characters[i].isASCIIDigit || characters[i] == "_")
        {
          i += 1
        }
        tokens.append(Token(kind: .name(String(characters[start..<i])), column: start + 1))
      } else if c.isASCIIDigit || (c == "." && characters.at(i + 1)?.isASCIIDigit == true) {
        i = try numberEnd(characters, from: start, source: source)
        if let next = characters.at(i), next.isASCIILetter || next == "_" || next == "." {
          throw fail("a number cannot run into '\(next)': write an operator between them", at: i)
        }
        tokens.append(Token(kind: .number(String(characters[start..<i])), column: start + 1))
      } else if let pair = characters.at(i + 1).map({ String([c, $0]) }), symbols.contains(pair) {
        tokens.append(Token(kind: .symbol(pair), column: start + 1))
        i += 2
      } else if symbols.contains(String(c)) {
        tokens.append(Token(kind: .symbol(String(c)), column: start + 1))
        i += 1
      } else {
        throw fail(
          c == "=" || c == "!"
            ? "unexpected '\(c)': comparisons are written ==, !=, <, <=, >, >="
            : "unexpected character '\(c)'",
          at: i)
      }
    }
    tokens.append(Token(kind: .end, column: characters.count + 1))
    return tokens
  }

  /// The index just past the number starting at `start`.
  private static func numberEnd(
    _ characters: [Character], from start: Int, source: String
  ) throws(ExpressionError) -> Int {
    var i = start
    func digits(_ isDigit: (Character) -> Bool) -> Int {
      let first = i
      while let c = characters.at(i), isDigit(c) { i += 1 }
      return i - first
    }
    func fail(_ message: String) -> ExpressionError {
      ExpressionError(column: i + 1, message: message, source: source)
    }
    if characters[i] == "0", let x = characters.at(i + 1), x == "x" || x == "X" {
      i += 2
      var count = digits(\.isHexDigit)
      if characters.at(i) == "." {
        i += 1
        count += digits(\.isHexDigit)
      }
      guard count > 0 else { throw fail("expected hexadecimal digits after '0x'") }
      if let p = characters.at(i), p == "p" || p == "P" {
        i += 1
        if let sign = characters.at(i), sign == "+" || sign == "-" { i += 1 }
        guard digits(\.isASCIIDigit) > 0 else {
          throw fail("expected the binary exponent's digits after 'p'")
        }
      } else if characters[start..<i].contains(".") {
        throw fail("a hexadecimal fraction needs a binary exponent: write 0x1.8p0")
      }
      return i
    }
    var count = digits(\.isASCIIDigit)
    if characters.at(i) == "." {
      i += 1
      count += digits(\.isASCIIDigit)
    }
    precondition(count > 0, "a number starts with a digit or a point before a digit")
    if let e = characters.at(i), e == "e" || e == "E" {
      i += 1
      if let sign = characters.at(i), sign == "+" || sign == "-" { i += 1 }
      guard digits(\.isASCIIDigit) > 0 else {
        throw fail("expected the exponent's digits after 'e'")
      }
    }
    return i
  }
}

extension Character {
  fileprivate var isASCIILetter: Bool { isASCII && isLetter }
  fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}

extension Array {
  /// The element at `index`, or nil past either end.
  fileprivate func at(_ index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
