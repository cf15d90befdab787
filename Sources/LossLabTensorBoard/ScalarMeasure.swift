import LossLabRunner

/// A per-row figure exported as a scalar, tag `<stem>/<name>`: the table's figure, NaN and ±inf
/// included (TensorBoard plots them as such), never 0 for "no finite value".
struct ScalarMeasure: Sendable {
  var name: String
  /// What the figure is: the first paragraph of the tag's description (Markdown).
  var meaning: String
  var value: @Sendable (RowStatistics) -> Double

  init(_ name: String, _ value: @escaping @Sendable (RowStatistics) -> Double, _ meaning: String) {
    self.name = name
    self.value = value
    self.meaning = meaning
  }

  /// Every per-row scalar, in the order they are written: one line adds one (its tag, its
  /// figure, its description's first paragraph).
  static let all: [ScalarMeasure] = [
    ScalarMeasure("max_rounding_ulp", { $0.rounding.maxULP }, "Largest rounding error over the row's points, in ULPs (the table's `max_rounding_ulp`): against the exact value of the formula as written, its eps and clip included, on the inputs as given; what computing in the format loses."),
    ScalarMeasure("mean_rounding_ulp", { $0.rounding.meanULP }, "Mean of the row's finite rounding errors in ULPs (the table's `mean_rounding_ulp`); NaN when no point has a finite one."),
    ScalarMeasure("p99_rounding_ulp", { $0.rounding.p99ULP }, "99th percentile of the rounding error, as the upper edge of its quarter-octave bin (the table's `p99_rounding_ulp`)."),
    ScalarMeasure("rounding_nonfinite_points", { Double($0.rounding.nonFinite) }, "Points whose result is NaN, or infinite where the formula as written is finite (the table's `rounding_nan` plus `rounding_overflow`)."),
    ScalarMeasure("max_ulp", { $0.maxULP }, "Largest ULP error over the row's points, end to end: against the ideal loss (no eps, no clip), so the formula's bias included (the table's `max_ulp`); inf when a result is NaN or infinite where the exact loss is not, or the other way round."),
    ScalarMeasure("mean_ulp", { $0.meanULP }, "Mean of the row's finite ULP errors (the table's `mean_ulp`); NaN when no point has a finite error."),
    ScalarMeasure("p99_ulp", { $0.p99ULP }, "99th percentile of the ULP error, as the upper edge of its quarter-octave bin (the table's `p99_ulp`); inf when more than 1% of the errors are infinite."),
    ScalarMeasure("max_rel_error", { $0.maxRelative }, "Largest relative error |computed − exact| / |exact| (the table's `max_rel_error`); inf against an exact 0 or a non-finite result."),
    ScalarMeasure("nonfinite_points", { Double($0.count(.nan) + $0.count(.overflow)) }, "Points whose result is NaN or overflowed (the table's `nan` plus `overflow`)."),
  ]

  /// `value` as TensorBoard keeps a scalar, a float32: NaN and ±inf as they are; a finite figure
  /// past float32's range (the table has mean ULP errors of 1e55) at ±3.4e38, float32's largest,
  /// since inf would read as an overflow; `clamped` says whether that happened.
  static func float32(_ value: Double) -> (value: Float, clamped: Bool) {
    let rounded = Float(value)
    guard rounded.isInfinite, value.isFinite else { return (rounded, false) }
    return (value < 0 ? -.greatestFiniteMagnitude : .greatestFiniteMagnitude, true)
  }

  /// Said in a tag's description when one of its figures was clamped.
  static let clampedNote = """
    TensorBoard keeps scalars as float32: a figure above 3.4e38 (finite in the table) is drawn \
    at 3.4e38.
    """
}
