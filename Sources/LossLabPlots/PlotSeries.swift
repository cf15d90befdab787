/// One line of a line panel: a name for the legend, its style, and its points (x in the
/// input's units, y an error in ulps, possibly 0 or non-finite).
struct PlotSeries {
  var name: String
  var style: SeriesStyle
  var points: [(x: Double, y: Double)]
  /// Draw the line dashed with no markers (a bound, not a measurement).
  var isBound = false
}
