import Foundation
import LossLabOutput

/// One TensorBoard event file, collected in memory and written whole by `write()`.
///
/// The first record is the `brain.Event:2` version event, then one event per step in ascending
/// step order (values of one step share an event, in the order they were added). Wall times:
/// the version event is at `startTime` (seconds since 1970: when the run wrote the file, or a
/// fixed time such as `SOURCE_DATE_EPOCH` for files that must come out byte-identical), and each
/// later event one millisecond after the one before. TensorBoard orders points by step, never by
/// time; the millisecond apart keeps its "relative" axis in step order instead of stacking every
/// point at 0, and reads as what it is: the file was written in one go.
struct EventFileWriter {
  static let eventInterval = 0.001

  let directory: String
  let fileName: String
  let startTime: Double
  private var entries: [(step: Int64, value: SummaryValue)] = []
  /// Markdown shown beside a tag's chart, attached to the tag's first value (TensorBoard keeps
  /// the first metadata it reads for a tag). The metadata also names the plugin and data class
  /// the value stands for: without them TensorBoard ignores a tensor and its fast loader drops
  /// the description of a `histo`.
  private var descriptions: [String: String] = [:]

  init(directory: String, fileName: String, startTime: Double) {
    self.directory = directory
    self.fileName = fileName
    self.startTime = startTime
  }

  mutating func add(_ value: SummaryValue, step: Int64) {
    entries.append((step, value))
  }

  mutating func describe(tag: String, as description: String) {
    if !description.isEmpty, descriptions[tag] == nil { descriptions[tag] = description }
  }

  /// The events of the file, version event first.
  func events() -> [EventMessage] {
    var events = [EventMessage(wallTime: startTime, step: 0, content: .fileVersion("brain.Event:2"))]
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
        if described.insert(value.tag).inserted {
          value.metadata = SummaryMetadataMessage(
            pluginName: value.plugin.name, summaryDescription: descriptions[value.tag] ?? "",
            dataClass: value.plugin.dataClass)
        }
        return value
      }
      let wallTime = startTime + Double(events.count) * Self.eventInterval
      events.append(EventMessage(wallTime: wallTime, step: step, content: .summary(values)))
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
