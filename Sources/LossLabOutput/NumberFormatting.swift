import Foundation

/// A figure for a table: 4 significant digits, `inf`, `nan`; the same text on every machine.
public func tableNumber(_ x: Double) -> String {
  if x.isNaN { return "nan" }
  if x.isInfinite { return x < 0 ? "-inf" : "inf" }
  if x == 0 { return "0" }
  return String(format: "%.4g", x)
}

/// A Double in C's hex-float notation, exact (`0x1.999999999999ap-4`); `inf`, `-inf`, `nan`.
public func hexNumber(_ x: Double) -> String {
  x.isFinite ? String(format: "%a", x) : shortNumber(x)
}

/// An input or coordinate: the shortest decimal that reads back as `x` ("1e-07", "0.1",
/// "2048"), `inf`, `nan`.
public func shortNumber(_ x: Double) -> String {
  if x.isNaN { return "nan" }
  if x.isInfinite { return x < 0 ? "-inf" : "inf" }
  if x == x.rounded(), abs(x) < 1e15 { return String(Int64(x)) }
  return "\(x)"
}
