import Foundation

/// A vertical line at the input where a series turns bad, with a short label ("nan",
/// "overflow", …).
struct CliffMarker: Equatable {
  var x: Double
  var label: String
  var color: String

  /// The transitions in a row's `cliff` text, "INPUT A CLASS -> B CLASS; …": one marker per
  /// transition at A (the last input before the change), labelled "A-class→B-class".
  static func parse(_ cliff: String, color: String) -> [CliffMarker] {
    cliff.split(separator: ";").compactMap { part in
      let sides = part.components(separatedBy: "->")
      guard sides.count == 2 else { return nil }
      let before = sides[0].split(separator: " "), after = sides[1].split(separator: " ")
      guard before.count >= 3, let x = Double(before[1]), after.count >= 2 else { return nil }
      return CliffMarker(x: x, label: "\(before[2])→\(after[1])", color: color)
    }
  }
}
