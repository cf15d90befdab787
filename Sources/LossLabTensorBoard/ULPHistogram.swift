/// A row's ULP-error histogram (`RowStatistics.histogram`) as a TensorBoard histogram over
/// log2(ULP error).
///
/// `RowStatistics` bins the error in quarter octaves: key `k` counts errors in
/// `[2^(k/4), 2^((k+1)/4))`, so each bin becomes the bucket `(k/4, (k+1)/4]` of log2(ulp) and the
/// buckets are equally wide on TensorBoard's linear axis (on a linear ULP axis a histogram from
/// 2^-40 to 2^100 ulp would be one bar). Two keys are not binades:
/// - `Int.min`, errors below 2^-40 ulp (the exact loss itself; log2 of 0 is -inf): the bucket
///   `(-41, -40]`, far left of any binade a result reaches, and said so in the description;
/// - `Int.max`, infinite or NaN errors: a last bucket one unit wide past the largest binade
///   bucket (from 0 to 1 when there is none), so that the counts still sum to the row's points.
/// Missing bins between two keys become one empty bucket. `sum` and `sumSquares` stay 0: the row
/// keeps only binned counts, and TensorBoard draws histograms from the buckets alone.
enum ULPHistogram {
  static let zeroBin = Int.min, infiniteBin = Int.max

  /// The `log2_ulp` tag's description (Markdown), before the step table.
  static let description = """
    The row's ULP errors as a histogram over log2(ULP error), in quarter-octave buckets (the \
    bucket from 1.5 to 1.75 counts errors from 2^1.5 to 2^1.75 ulp). Two buckets are not \
    binades: **−41 to −40 holds the exact results**, errors below 2^−40 ulp (log2 of 0 is \
    −∞; the table's `exact` column counts the correctly rounded ones, up to 0.5 ulp), and the \
    unit-wide bucket right of the largest finite one (0 to 1 when no error is finite) holds \
    infinite or NaN errors, so that the counts add up to the row's points.
    """

  /// The histogram of `bins` (bin key to count), or nil when there are no points.
  static func message(_ bins: [Int: Int]) -> HistogramMessage? {
    var histogram = HistogramMessage()
    var largestBinade: Double? = nil
    for key in bins.keys.sorted() {
      let (left, right): (Double, Double)
      switch key {
      case zeroBin: (left, right) = (-41, -40)
      case infiniteBin:
        let last = largestBinade ?? 0
        (left, right) = (last, last + 1)
      default:
        (left, right) = (Double(key) / 4, Double(key + 1) / 4)
        largestBinade = right
      }
      if histogram.bucketLimit.isEmpty {
        histogram.min = left
      } else if left > histogram.bucketLimit.last! {
        histogram.bucketLimit.append(left)
        histogram.bucket.append(0)
      }
      histogram.bucketLimit.append(right)
      histogram.bucket.append(Double(bins[key]!))
      histogram.num += Double(bins[key]!)
    }
    guard let max = histogram.bucketLimit.last else { return nil }
    histogram.max = max
    return histogram
  }
}
