import Testing

@testable import LossLabTensorBoard

@Suite("Sweep coordinates as steps")
struct SweepCurvesTests {
  @Test("A sweep label splits into its key=value pairs in order")
  func parse() {
    let pairs = SweepCurves.parse("reduction=sum;n=1048576")
    #expect(pairs.map(\.key) == ["reduction", "n"])
    #expect(pairs.map(\.value) == ["sum", "1048576"])
    #expect(SweepCurves.parse("").isEmpty)
  }
}
