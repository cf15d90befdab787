/// `tensorboard.HistogramProto` (tensorflow/core/framework/summary.proto): bucket `i` counts the
/// values in `(bucketLimit[i-1], bucketLimit[i]]`, the first bucket starting at `min`.
struct HistogramMessage: Sendable, Equatable {
  var min = 0.0
  var max = 0.0
  var num = 0.0
  var sum = 0.0
  var sumSquares = 0.0
  var bucketLimit: [Double] = []
  var bucket: [Double] = []

  func encoded() -> [UInt8] {
    var writer = ProtobufWriter()
    writer.double(1, min)
    writer.double(2, max)
    writer.double(3, num)
    writer.double(4, sum)
    writer.double(5, sumSquares)
    writer.packedDoubles(6, bucketLimit)
    writer.packedDoubles(7, bucket)
    return writer.bytes
  }
}
