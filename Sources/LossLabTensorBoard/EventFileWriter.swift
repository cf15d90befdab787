import Foundation
import LossLabOutput

/// One TensorBoard event file, collected in memory and written whole by `write()`.
///
/// The file is deterministic, so that exported runs can be committed beside the tables: the
/// first record is the `brain.Event:2` version event, then one event per step in ascending step
/// order (values of one step share an event, in the order they were added). Every event's
/// `wall_time` is its step in seconds after the Unix epoch instead of the clock: TensorBoard uses
/// wall time only for its "relative" and "wall" x axes, never to order or merge points, so the
/// "relative" axis simply repeats the step.
struct EventFileWriter {
  let directory: String
  let fileName: String
  private var entries: [(step: Int64, value: SummaryValue)] = []
  /// Markdown shown beside a tag's chart, attached to the tag's first value (TensorBoard keeps
  /// the first metadata it reads for a tag). The metadata names the plugin and data class the
  /// value stands for (scalars: 1, histograms: tensor, 2): without them TensorBoard's default
  /// fast loader drops the description of a `simple_value` or `histo`.
  private var descriptions: [String: String] = [:]

  init(directory: String, fileName: String) {
    self.directory = directory
    self.fileName = fileName
  }

  mutating func add(_ value: SummaryValue, step: Int64) {
    entries.append((step, value))
  }

  mutating func describe(tag: String, as description: String) {
    if !description.isEmpty, descriptions[tag] == nil { descriptions[tag] = description }
  }

  /// The events of the file, version event first.
  func events() -> [EventMessage] {
    var events = [EventMessage(wallTime: 0, step: 0, content: .fileVersion("brain.Event:2"))]
    let ordered = entries.enumerated().sorted {
      ($0.element.step, $0.offset) < ($1.element.step, $1.offset)
    }.map(\.element)
    var described: Set<String> = []
    var start = ordered.startIndex
    while start < ordered.endIndex {
      let step = ordered[start].step
      let end = ordered[start...].firstIndex { $0.step != step } ?? ordered.endIndex
      let values = ordered[start..<end].map { entry -> SummaryValue in
        var value = entry.value
        if let description = descriptions[value.tag], described.insert(value.tag).inserted {
          value.metadata = SummaryMetadataMessage(summaryDescription: description)
          switch value.payload {
          case .scalar:
            value.metadata?.pluginName = "scalars"
            value.metadata?.dataClass = 1
          case .histogram:
            value.metadata?.pluginName = "histograms"
            value.metadata?.dataClass = 2
          }
        }
        return value
      }
      events.append(EventMessage(wallTime: Double(step), step: step, content: .summary(values)))
      start = end
    }
    return events
  }

  /// The file's bytes: each event framed as a TFRecord.
  func fileBytes() -> [UInt8] {
    var records = TFRecordWriter()
    for event in events() { records.append(record: event.encoded()) }
    return records.bytes
  }

  /// Writes the file atomically: an interrupted run leaves the previous file or the new one,
  /// never half of one.
  func write() throws {
    try writeAtomically(Data(fileBytes()), to: directory + "/" + fileName)
  }
}
