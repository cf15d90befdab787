/// A panel's box in the figure, and the plot area inside it (room left for the y tick labels
/// and axis title, below for the x ticks and axis title, above for the panel title).
struct PanelFrame: Equatable {
  var x: Double
  var y: Double
  var width: Double
  var height: Double

  static let left = 62.0, right = 12.0
  /// Room below the plot area for the tick labels and the axis title.
  var bottom = 44.0
  /// Room above the plot area for the panel's title.
  var top = 22.0

  var plotLeft: Double { x + Self.left }
  var plotRight: Double { x + width - Self.right }
  var plotTop: Double { y + top }
  var plotBottom: Double { y + height - bottom }
  var plotWidth: Double { plotRight - plotLeft }
  var plotHeight: Double { plotBottom - plotTop }

  /// Pixel x of a unit position.
  func px(_ unit: Double) -> Double { plotLeft + unit * plotWidth }
  /// Pixel y of a unit position (0 at the bottom).
  func py(_ unit: Double) -> Double { plotBottom - unit * plotHeight }
}
