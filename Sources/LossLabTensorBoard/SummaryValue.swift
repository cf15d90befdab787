/// `tensorboard.Summary.Value` (summary.proto): one tagged scalar, histogram or text.
struct SummaryValue: Sendable, Equatable {
  enum Payload: Sendable, Equatable {
    /// `simple_value`, a float32 (TensorBoard keeps scalars as float32 whatever the writer
    /// sends: its fast loader reads no other kind): NaN and ±inf are written as they are, and
    /// TensorBoard shows them.
    case scalar(Float)
    /// `histo`: the histogram dashboard's legacy input.
    case histogram(HistogramMessage)
    /// A rank-0 `DT_STRING` tensor for the text dashboard (Markdown).
    case text(String)
  }

  var tag: String
  var payload: Payload
  var metadata: SummaryMetadataMessage? = nil

  /// The plugin that shows the payload and its `DataClass` (1 scalar, 2 tensor): a tensor is
  /// read only through its tag's metadata, and TensorBoard's fast loader keeps a description
  /// only with a data class, so the first value of each tag carries both.
  var plugin: (name: String, dataClass: UInt64) {
    switch payload {
    case .scalar: ("scalars", 1)
    case .histogram: ("histograms", 2)
    case .text: ("text", 2)
    }
  }

  func encoded() -> [UInt8] {
    var writer = ProtobufWriter()
    writer.string(1, tag)
    switch payload {
    case .scalar(let value): writer.float(2, value)
    case .histogram(let histogram): writer.bytes(5, histogram.encoded())
    case .text(let text): writer.bytes(8, TextTensorMessage(text: text).encoded())
    }
    if let metadata { writer.bytes(9, metadata.encoded()) }
    return writer.bytes
  }
}
