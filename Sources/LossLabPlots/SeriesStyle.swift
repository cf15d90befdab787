/// How one series is drawn: colour, marker shape and dash pattern, so that series stay apart
/// in greyscale and for colour-blind readers (the shape and dash change with the colour).
struct SeriesStyle: Equatable {
  var color: String
  var marker: MarkerShape
  /// An SVG `stroke-dasharray`, nil for a solid line.
  var dash: String?

  /// Okabe & Ito's colour-blind-safe palette, with their yellow (unreadable as text or thin
  /// lines on white) replaced by Paul Tol's wine.
  static let palette = [
    "#0072B2", "#D55E00", "#009E73", "#CC79A7", "#56B4E9", "#E69F00", "#000000", "#882255",
  ]
  static let dashes: [String?] = [nil, "6 3", "2 2", "8 3 2 3"]

  /// The style of a series that is one of several `variant`s (formula, summation) in one of
  /// `formats` formats: the marker's shape follows the format (circle, square, triangle,
  /// diamond; hollow for odd variants), the dash the variant, the colour both. With one format
  /// per panel (`formats` 1) the marker follows the variant.
  static func series(variant: Int, format: Int, formats: Int = 4) -> SeriesStyle {
    let shapes: [MarkerShape] = [.circle, .square, .triangle, .diamond]
    let hollow: [MarkerShape] = [.hollowCircle, .hollowSquare, .hollowTriangle, .cross]
    let marker = formats == 1
      ? MarkerShape.allCases[variant % MarkerShape.allCases.count]
      : (variant % 2 == 0 ? shapes : hollow)[format % 4]
    return SeriesStyle(
      color: palette[(variant * max(formats, 1) + format) % palette.count], marker: marker,
      dash: dashes[variant % dashes.count])
  }
}
