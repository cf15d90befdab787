import Foundation
import Testing

@testable import LossLabTensorBoard

@Suite("Event files read back by an independent decoder")
struct EventFileTests {
  static let startTime = 1_767_225_600.0

  static func sampleWriter(directory: String = "/nonexistent") -> EventFileWriter {
    var writer = EventFileWriter(
      directory: directory, fileName: "events.out.tfevents.test", startTime: startTime)
    let histogram = HistogramMessage(
      min: -41, max: 1.25, num: 7, bucketLimit: [-40, 0, 1.25], bucket: [3, 0, 4])
    writer.add(SummaryValue(tag: "a/max_ulp", payload: .scalar(0.5)), step: 8)
    writer.add(SummaryValue(tag: "a/max_ulp", payload: .scalar(3)), step: 4)
    writer.add(SummaryValue(tag: "a/log2_ulp", payload: .histogram(histogram)), step: 4)
    writer.add(SummaryValue(tag: "b/negative_step", payload: .scalar(-2.5)), step: -1)
    writer.add(SummaryValue(tag: "b/mean_ulp", payload: .scalar(.nan)), step: 4)
    writer.add(SummaryValue(tag: "b/mean_ulp", payload: .scalar(-.infinity)), step: 8)
    writer.add(SummaryValue(tag: "a/sweep", payload: .text("n = 16")), step: 4)
    writer.describe(tag: "a/max_ulp", as: "step 4 = n 16, step 8 = n 256")
    return writer
  }

  @Test("The file opens with brain.Event:2, then one event per step in ascending order, 1 ms apart")
  func eventOrder() throws {
    let events = try TFRecordFrames.records(Self.sampleWriter().fileBytes()).map(DecodedEvent.init)
    #expect(events.map(\.step) == [0, -1, 4, 8])
    #expect(events[0].fileVersion == "brain.Event:2")
    #expect(events[0].values.isEmpty)
    let t = Self.startTime
    #expect(events.map(\.wallTime) == [t, t + 0.001, t + 0.002, t + 0.003])
    #expect(events[2].values.map(\.tag) == ["a/max_ulp", "a/log2_ulp", "b/mean_ulp", "a/sweep"])
  }

  @Test("Scalars, descriptions and histograms survive the round trip bit for bit")
  func roundTrip() throws {
    let events = try TFRecordFrames.records(Self.sampleWriter().fileBytes()).map(DecodedEvent.init)
    #expect(events[1].values[0].simpleValue == -2.5)
    #expect(events[2].values[0].simpleValue == 3)
    #expect(events[2].values[0].description == "step 4 = n 16, step 8 = n 256")
    #expect(events[2].values[0].pluginName == "scalars")
    #expect(events[2].values[0].dataClass == 1)
    #expect(events[3].values[0].simpleValue == 0.5)
    #expect(events[3].values[0].description == nil, "only a tag's first value carries metadata")
    #expect(events[3].values[0].pluginName == nil)
    #expect(events[2].values[2].simpleValue?.isNaN == true)
    #expect(events[2].values[2].pluginName == "scalars", "undescribed tags name their plugin too")
    #expect(events[2].values[2].description == nil)
    #expect(events[3].values[1].simpleValue == -.infinity)
    #expect(events[2].values[3].text == "n = 16")
    #expect(events[2].values[3].pluginName == "text")
    #expect(events[2].values[3].dataClass == 2)
    #expect(events[2].values[1].pluginName == "histograms")
    let histogram = try #require(events[2].values[1].histogram)
    #expect(histogram.double(1) == -41)
    #expect(histogram.double(2) == 1.25)
    #expect(histogram.double(3) == 7)
    #expect(histogram.packedDoubles(6) == [-40, 0, 1.25])
    #expect(histogram.packedDoubles(7) == [3, 0, 4])
  }

  @Test("Varints: 300 is AC 02, and a negative int64 takes ten bytes")
  func varints() {
    var writer = ProtobufWriter()
    writer.varint(300)
    #expect(writer.bytes == [0xAC, 0x02])
    var negative = ProtobufWriter()
    negative.int64(2, -1)
    #expect(negative.bytes == [0x10] + [UInt8](repeating: 0xFF, count: 9) + [0x01])
  }

  @Test("A file written twice is byte-identical, and no temporary file is left behind")
  func deterministicAtomicWrite() throws {
    let directory = FileManager.default.temporaryDirectory
      .appendingPathComponent("losslab-tb-atomic-\(getpid())").path
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let writer = Self.sampleWriter(directory: directory)
    try writer.write()
    let first = try Data(contentsOf: URL(fileURLWithPath: directory + "/events.out.tfevents.test"))
    try writer.write()
    let second = try Data(contentsOf: URL(fileURLWithPath: directory + "/events.out.tfevents.test"))
    #expect(first == second)
    #expect(Array(first) == writer.fileBytes())
    #expect(
      try FileManager.default.contentsOfDirectory(atPath: directory) == ["events.out.tfevents.test"]
    )
  }

  @Test("ULP bins become contiguous log2 buckets; exact and infinite bins at the ends")
  func ulpHistogram() throws {
    // 0.5 ulp is bin -4, [2^-1, 2^-0.75); 3 ulp is bin 6, [2^1.5, 2^1.75).
    let bins = [Int.min: 5, -4: 2, 6: 1, Int.max: 3]
    let histogram = try #require(ULPHistogram.message(bins))
    #expect(histogram.min == -41)
    #expect(histogram.bucketLimit == [-40, -1, -0.75, 1.5, 1.75, 2.75])
    #expect(histogram.bucket == [5, 0, 2, 0, 1, 3])
    #expect(histogram.max == 2.75)
    #expect(histogram.num == 11)
    #expect(ULPHistogram.message([:]) == nil)
    // No finite error: the infinite bucket is 0 to 1, not next to the exact one.
    let none = try #require(ULPHistogram.message([Int.min: 2, Int.max: 3]))
    #expect(none.min == -41)
    #expect(none.bucketLimit == [-40, 0, 1])
    #expect(none.bucket == [2, 0, 3])
  }

  @Test("A scalar is a float32: NaN and inf stay, a finite 7.7e55 is drawn at 3.4e38, not inf")
  func float32Scalars() {
    #expect(ScalarMeasure.float32(7.7e55) == (.greatestFiniteMagnitude, true))
    #expect(ScalarMeasure.float32(-7.7e55) == (-.greatestFiniteMagnitude, true))
    #expect(ScalarMeasure.float32(.infinity) == (.infinity, false))
    #expect(ScalarMeasure.float32(.nan).value.isNaN)
    #expect(ScalarMeasure.float32(1024.5) == (1024.5, false))
  }
}
