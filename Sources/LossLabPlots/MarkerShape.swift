/// A point marker. Filled shapes alternate with hollow ones, so two series of similar grey
/// still differ.
enum MarkerShape: CaseIterable, Equatable {
  case circle, square, triangle, diamond, hollowCircle, hollowSquare, hollowTriangle, cross

  /// The marker centred at (x, y), about 7 px across.
  func svg(x: Double, y: Double, color: String, size: Double = 3.5) -> String {
    let c = SVGDocument.escaped(color)
    let filled = "fill=\"\(c)\" stroke=\"\(c)\" stroke-width=\"1\""
    let hollow = "fill=\"#ffffff\" stroke=\"\(c)\" stroke-width=\"1.5\""
    let (px, py, s) = (svgNumber(x), svgNumber(y), size)
    func polygon(_ points: [(Double, Double)], _ style: String) -> String {
      let list = points.map { "\(svgNumber(x + $0.0)),\(svgNumber(y + $0.1))" }
        .joined(separator: " ")
      return "<polygon points=\"\(list)\" \(style)/>"
    }
    let triangle = [(0, -s * 1.15), (s, s * 0.75), (-s, s * 0.75)]
    switch self {
    case .circle:
      return "<circle cx=\"\(px)\" cy=\"\(py)\" r=\"\(svgNumber(s))\" \(filled)/>"
    case .hollowCircle:
      return "<circle cx=\"\(px)\" cy=\"\(py)\" r=\"\(svgNumber(s))\" \(hollow)/>"
    case .square:
      return polygon([(-s, -s), (s, -s), (s, s), (-s, s)], filled)
    case .hollowSquare:
      return polygon([(-s, -s), (s, -s), (s, s), (-s, s)], hollow)
    case .triangle:
      return polygon(triangle, filled)
    case .hollowTriangle:
      return polygon(triangle, hollow)
    case .diamond:
      return polygon([(0, -s * 1.3), (s * 1.1, 0), (0, s * 1.3), (-s * 1.1, 0)], filled)
    case .cross:
      let a = s * 1.1
      return "<path d=\"M\(svgNumber(x - a)),\(svgNumber(y - a))L\(svgNumber(x + a)),\(svgNumber(y + a))"
        + "M\(svgNumber(x - a)),\(svgNumber(y + a))L\(svgNumber(x + a)),\(svgNumber(y - a))\""
        + " stroke=\"\(c)\" stroke-width=\"2\" fill=\"none\"/>"
    }
  }
}
