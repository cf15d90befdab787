/// An `Event` read back with `ProtobufFields`, by the field numbers of event.proto and
/// summary.proto (not by the encoder's code).
struct DecodedEvent {
  struct Value {
    var tag: String
    var simpleValue: Float?
    /// A rank-0 tensor (`Summary.Value.tensor`, field 8): a text when its dtype is 7 (DT_STRING).
    var tensor: ProtobufFields?
    var histogram: ProtobufFields?
    var description: String?
    var pluginName: String?
    var dataClass: Int64?
  }

  var wallTime: Double
  var step: Int64
  var fileVersion: String?
  var values: [Value] = []

  init(_ bytes: [UInt8]) throws {
    let event = try ProtobufFields(bytes)
    wallTime = event.double(1) ?? 0
    step = event.int64(2) ?? 0
    fileVersion = event.string(3)
    guard let summary = try event.message(5) else { return }
    for case .bytes(let valueBytes) in summary.all(1) {
      let value = try ProtobufFields(valueBytes)
      let metadata = try value.message(9)
      values.append(
        Value(
          tag: value.string(1) ?? "", simpleValue: value.float(2), tensor: try value.message(8),
          histogram: try value.message(5),
          description: metadata?.string(3), pluginName: try metadata?.message(1)?.string(1),
          dataClass: metadata?.int64(4)))
    }
  }
}

extension DecodedEvent.Value {
  /// The string of a rank-0 DT_STRING tensor (`string_val`).
  var text: String? {
    guard let tensor, tensor.int64(1) == 7, tensor.bytes(2) == [] else { return nil }
    return tensor.string(8)
  }
}
