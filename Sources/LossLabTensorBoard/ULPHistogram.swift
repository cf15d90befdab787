/// A row's ULP-error histogram (`RowStatistics.histogram`) as a TensorBoard histogram over
/// log2(ULP error).
///
/// `RowStatistics` bins the error in quarter octaves: key `k` counts errors in
/// `[2^(k/4), 2^((k+1)/4))`, so each bin becomes the bucket `(k/4, (k+1)/4]` of log2(ulp) and the
/// buckets are equally wide on TensorBoard's linear axis (on a linear ULP axis a histogram from
/// 2^-40 to 2^100 ulp would be one bar). Two keys are not binades:
/// - `Int.min`, errors below 2^-40 ulp (exact results): the bucket `(-41, -40]`;
/// - `Int.max`, infinite or NaN errors: a last bucket one unit wide past the largest finite one,
///   so that the counts still sum to the row's points.
/// Missing bins between two keys become one empty bucket. `sum` and `sumSquares` stay 0: the row
/// keeps only binned counts, and TensorBoard draws histograms from the buckets alone.
enum ULPHistogram {
  static let zeroBin = Int.min, infiniteBin = Int.max

  /// The histogram of `bins` (bin key to count), or nil when there are no points.
  static func message(_ bins: [Int: Int]) -> HistogramMessage? {
    var histogram = HistogramMessage()
    for key in bins.keys.sorted() {
      let (left, right): (Double, Double)
      switch key {
      case zeroBin: (left, right) = (-41, -40)
      case infiniteBin:
        let last = histogram.bucketLimit.last ?? 0
        (left, right) = (last, last + 1)
      default: (left, right) = (Double(key) / 4, Double(key + 1) / 4)
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
