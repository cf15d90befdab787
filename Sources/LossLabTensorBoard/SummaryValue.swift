/// `tensorboard.Summary.Value` (summary.proto): one tagged scalar or histogram.
struct SummaryValue: Sendable, Equatable {
  enum Payload: Sendable, Equatable {
    /// `simple_value`, a float32: TensorBoard's scalar dashboard plots it.
    case scalar(Float)
    /// `histo`: the histogram dashboard's legacy input.
    case histogram(HistogramMessage)
  }

  var tag: String
  var payload: Payload
  var metadata: SummaryMetadataMessage? = nil

  func encoded() -> [UInt8] {
    var writer = ProtobufWriter()
    writer.string(1, tag)
    switch payload {
    case .scalar(let value): writer.float(2, value)
    case .histogram(let histogram): writer.bytes(5, histogram.encoded())
    }
    if let metadata { writer.bytes(9, metadata.encoded()) }
    return writer.bytes
  }
}
