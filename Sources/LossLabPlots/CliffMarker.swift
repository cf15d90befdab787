import LossLabOutput
import LossLabRunner

/// A vertical line at the input where a series turns bad, with a short label ("nan",
/// "overflow", …).
struct CliffMarker: Equatable {
  var x: Double
  var label: String
  var color: String

  /// A row's cliff: a marker at its last input before the change, labelled
  /// "before→after" ("ok→overflow").
  init(_ cliff: Cliff, color: String) {
    x = cliff.low
    label = "\(cliffStatusText(cliff.lowStatus))→\(cliffStatusText(cliff.highStatus))"
    self.color = color
  }
}
