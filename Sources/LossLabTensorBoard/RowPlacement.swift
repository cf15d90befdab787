import LossLabRunner

/// Where one table row lands in TensorBoard: the tag stem of its curve and its step on the curve.
struct RowPlacement: Sendable {
  /// `<experiment>/<case>/<loss>-<variant>[/<summation>][/<other axes>]`; a measure's name
  /// completes the tag.
  var stem: String
  var step: Int64
  /// The row's value on the curve's step axis (`eps` = 1e-7); nil when the curve has no swept
  /// axis or the row lacks it.
  var coordinate: SweepAxis?
  /// The curve's step axis (what the steps stand for); nil when nothing is swept.
  var axis: StepAxis?
}
