/// `tensorboard.TensorProto` (tensorflow/core/framework/tensor.proto) holding one string: the
/// payload of a text entry (rank 0, `DT_STRING`), which the text dashboard renders as Markdown.
struct TextTensorMessage: Sendable, Equatable {
  var text: String

  func encoded() -> [UInt8] {
    var writer = ProtobufWriter()
    writer.uint64(1, 7)  // dtype: DT_STRING
    writer.bytes(2, [])  // tensor_shape: no dimensions, a scalar
    writer.string(8, text)  // string_val
    return writer.bytes
  }
}
