/// `tensorboard.Event` (tensorflow/core/util/event.proto): a wall time, a step, and either the
/// file's version string or a `Summary` (`repeated Summary.Value value = 1`).
struct EventMessage: Sendable, Equatable {
  enum Content: Sendable, Equatable {
    /// "brain.Event:2" opens every event file; version 2 tells TensorBoard not to drop points
    /// whose step goes backwards.
    case fileVersion(String)
    case summary([SummaryValue])
  }

  var wallTime: Double
  var step: Int64
  var content: Content

  func encoded() -> [UInt8] {
    var writer = ProtobufWriter()
    writer.double(1, wallTime)
    writer.int64(2, step)
    switch content {
    case .fileVersion(let version):
      writer.string(3, version)
    case .summary(let values):
      var summary = ProtobufWriter()
      for value in values { summary.bytes(1, value.encoded()) }
      writer.bytes(5, summary.bytes)
    }
    return writer.bytes
  }
}
