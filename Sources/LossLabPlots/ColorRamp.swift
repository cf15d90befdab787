/// Viridis (matplotlib's default colour map): perceptually uniform and monotone in lightness,
/// so a heat map reads the same in greyscale and for colour-blind readers. Nine stops,
/// interpolated linearly in sRGB.
enum ColorRamp {
  static let stops: [(Double, Double, Double)] = [
    (68, 1, 84), (71, 44, 122), (59, 81, 139), (44, 113, 142), (33, 144, 141),
    (39, 173, 129), (92, 200, 99), (170, 220, 50), (253, 231, 37),
  ]

  /// The colour at `t` in [0, 1] (clamped) as `#rrggbb`: dark purple at 0, yellow at 1.
  static func viridis(_ t: Double) -> String {
    let clamped = t.isNaN ? 0 : min(max(t, 0), 1)
    let position = clamped * Double(stops.count - 1)
    let i = min(Int(position), stops.count - 2)
    let f = position - Double(i)
    let (a, b) = (stops[i], stops[i + 1])
    return hex(a.0 + (b.0 - a.0) * f, a.1 + (b.1 - a.1) * f, a.2 + (b.2 - a.2) * f)
  }

  static func hex(_ r: Double, _ g: Double, _ b: Double) -> String {
    let digits = Array("0123456789abcdef")
    var result = "#"
    for channel in [r, g, b] {
      let v = Int(min(max(channel.rounded(), 0), 255))
      result.append(digits[v / 16])
      result.append(digits[v % 16])
    }
    return result
  }
}
