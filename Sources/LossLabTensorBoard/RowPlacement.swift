/// Where one table row lands in TensorBoard: the tag stem of its curve and its step on the curve.
struct RowPlacement: Sendable, Equatable {
  /// `<experiment>/<case>/<loss>-<variant>[/<summation>][/<other axes>]`; a measure's name
  /// completes the tag.
  var stem: String
  var step: Int64
  /// What the steps stand for ("step 4 = n 16, …"); empty when the curve has no swept axis.
  var description: String
}
