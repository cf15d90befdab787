import Foundation
import LossLabRunner
import Testing

@testable import LossLabPlots

@Suite("SVG plots")
struct PlotTests {
  /// Two BCE-from-logits formulas in two formats on a grid of negative logits: 4 rows with
  /// profiles; the naive formula overflows float16 past about -11.
  static func profileResult() throws -> ExperimentResult {
    let spec = try SpecParser(file: "Experiments/plot-test.yaml").parse("""
      question: Does the plot come out whole, <with> "escapes" & all?
      losses: [bce-logits/naive, bce-logits/stable]
      formats: [float16, float32]
      inputs:
        y_true: 0
        y_pred: {grid: {from: 1, to: 100, count: 40, spacing: log, signs: negative}}
      """)
    return ExperimentRunner(threads: 1, quick: false).run(spec)
  }

  /// Sums of 0.1 over n in two formats and two summations.
  static func growthResult() throws -> ExperimentResult {
    let spec = try SpecParser(file: "Experiments/growth-test.yaml").parse("""
      question: Does the sum drift?
      losses: [identity]
      reduction: [sum]
      summation: [recursive, pairwise]
      formats: [float16, float32]
      n: [16, 256, 4096]
      points: 1
      inputs: {y_pred: 0.1}
      """)
    return ExperimentRunner(threads: 1, quick: false).run(spec)
  }

  @Test("The SVG is well-formed XML, with the question's <, & and quotes escaped")
  func wellFormed() throws {
    let svg = try #require(ExperimentPlot.svg(try Self.profileResult()))
    let elements = try #require(SVGElements.parse(svg))
    #expect(elements.first?.name == "svg")
    #expect(svg.contains("&lt;with&gt; &quot;escapes&quot; &amp; all"))
    let growth = try #require(ExperimentPlot.svg(try Self.growthResult()))
    #expect(SVGElements.parse(growth) != nil)
  }

  @Test("XML escaping covers the five special characters and drops control characters")
  func escaping() {
    #expect(SVGDocument.escaped("a<b & \"c\" 'd'>") == "a&lt;b &amp; &quot;c&quot; &apos;d&apos;&gt;")
    #expect(SVGDocument.escaped("x\u{1}y") == "xy")
  }

  @Test("A log axis has a tick at every decade, and the decades cover the data")
  func logTicks() {
    let scale = ErrorScale(values: [0.3, 5, 2000, 0, .infinity])
    #expect(scale.low == -1 && scale.high == 4)
    #expect(scale.ticks.map(\.exponent) == Array(-1...4))
    #expect(scale.ticks.first!.labelled && scale.ticks.last!.labelled)
    // Below the floor: the decades stop at 1e-3.
    #expect(ErrorScale(values: [1e-9, 1]).low == -3)
    let x = InputScale(values: [2, 30, 7000])
    #expect(x.kind == .log && x.low == 0 && x.high == 4)
  }

  @Test("The SVG's error axis has a grid line per decade of the data")
  func decadeLinesInSVG() throws {
    let result = try Self.growthResult()
    let svg = try #require(ExperimentPlot.svg(result))
    let elements = try #require(SVGElements.parse(svg))
    let decades = Set(elements.compactMap { $0.attributes["data-decade"].flatMap { Int($0) } })
    let errors = result.rows.map(\.statistics.maxULP).filter { $0 > 0 && $0.isFinite }
    let low = try #require(decades.min()), high = try #require(decades.max())
    #expect(pow(10, Double(low)) <= errors.min()! && pow(10, Double(high)) >= errors.max()!)
    #expect(decades == Set(low...high))
  }

  @Test("An infinite error lands in the inf/NaN band, an exact one in the 0 band")
  func bands() throws {
    let frame = PanelFrame(x: 0, y: 0, width: 400, height: 300)
    let series = PlotSeries(name: "s", style: .series(variant: 0, format: 0),
      points: [(1, 0), (10, 3), (100, .infinity), (1000, .nan)])
    let panel = LinePanel(title: "t", xScale: InputScale(values: [1, 10, 100, 1000]),
      yScale: ErrorScale(values: series.points.map(\.y)), xTitle: "x", series: [series])
    var doc = SVGDocument(width: 400, height: 300)
    panel.draw(&doc, in: frame)
    let elements = try #require(SVGElements.parse(doc.render(title: "t")))
    let band = try #require(elements.first { $0.attributes["class"] == "inf-band" })
    let zero = try #require(elements.first { $0.attributes["class"] == "zero-band" })
    func range(_ rect: [String: String]) -> ClosedRange<Double> {
      let y = Double(rect["y"]!)!
      return y...(y + Double(rect["height"]!)!)
    }
    let markers = elements.filter { $0.name == "circle" }.map { Double($0.attributes["cy"]!)! }
    #expect(markers.count == 4)
    #expect(range(zero.attributes).contains(markers[0]))
    #expect(!range(band.attributes).contains(markers[1]) && !range(zero.attributes).contains(markers[1]))
    #expect(range(band.attributes).contains(markers[2]))
    #expect(range(band.attributes).contains(markers[3]))
  }

  @Test("One series per formula × format: 2 formulas × 2 formats draw 4 lines")
  func seriesCount() throws {
    let result = try Self.profileResult()
    #expect(ExperimentPlot.shape(result) == .profiles)
    let svg = try #require(ExperimentPlot.svg(result))
    let elements = try #require(SVGElements.parse(svg))
    let series = elements.filter { $0.name == "g" && $0.attributes["class"] == "series" }
    #expect(series.count == 4)
    #expect(elements.filter { $0.name == "polyline" }.count == 4)
  }

  @Test("The n sweep is drawn against n, one line per summation × format")
  func growthShape() throws {
    let result = try Self.growthResult()
    #expect(ExperimentPlot.shape(result) == .growth)
    let svg = try #require(ExperimentPlot.svg(result))
    let elements = try #require(SVGElements.parse(svg))
    #expect(elements.filter { $0.attributes["class"] == "series" }.count >= 4)
    #expect(elements.contains { $0.attributes["class"] == "reference" })  // the bound ratio's 1
  }

  @Test("A cliff's marker sits at its last input before the change on the x axis")
  func cliffLine() throws {
    let markers = [
      Cliff(
        input: .yPred, low: -11.09375, lowStatus: .failed(.overflow), high: -11.0859375,
        highStatus: .ok),
      Cliff(
        input: .yPred, low: 7.62109375, lowStatus: .ok, high: 7.625,
        highStatus: .failed(.overflow)),
    ].map { CliffMarker($0, color: "#000000") }
    #expect(markers.map(\.x) == [-11.09375, 7.62109375])
    #expect(markers.map(\.label) == ["overflow→ok", "ok→overflow"])
    let scale = InputScale(values: [-100, -1, 1, 100])
    #expect(scale.kind == .signedLog)
    let frame = PanelFrame(x: 10, y: 10, width: 500, height: 300)
    let panel = LinePanel(title: "t", xScale: scale, yScale: ErrorScale(values: [1]),
      xTitle: "x", series: [], cliffs: markers)
    var doc = SVGDocument(width: 520, height: 320)
    panel.draw(&doc, in: frame)
    let elements = try #require(SVGElements.parse(doc.render(title: "t")))
    let lines = elements.filter { $0.attributes["class"] == "cliff" }
    #expect(lines.count == 2)
    for (line, marker) in zip(lines, markers) {
      #expect(Double(line.attributes["data-x"]!) == marker.x)
      let x = Double(line.attributes["x1"]!)!
      #expect(abs(x - frame.px(scale.position(marker.x))) <= 0.05)
    }
    // Negative inputs left of the middle, |x| growing to the left.
    #expect(scale.position(-100) < scale.position(-1) && scale.position(-1) < 0.5)
  }

  @Test("The real run's cliffs are drawn where the rows say")
  func cliffsFromRows() throws {
    let result = try Self.profileResult()
    let svg = try #require(ExperimentPlot.svg(result))
    let elements = try #require(SVGElements.parse(svg))
    let drawn = Set(elements.compactMap { $0.attributes["data-x"].flatMap(Double.init) })
    let expected = Set(result.rows.flatMap { $0.cliffs.map(\.low) })
    #expect(!expected.isEmpty)
    #expect(drawn == expected)
  }

  @Test("The same result gives the same bytes twice")
  func deterministic() throws {
    let first = try #require(ExperimentPlot.svg(try Self.profileResult()))
    let second = try #require(ExperimentPlot.svg(try Self.profileResult()))
    #expect(first == second)
    let growth = try Self.growthResult()
    #expect(ExperimentPlot.svg(growth) == ExperimentPlot.svg(growth))
  }

  @Test("Probabilities that approach 1 get decades of p and of 1 - p")
  func probabilityScale() {
    let scale = InputScale(values: [0, 1e-30, 0.25, 0.5, 1 - 0x1p-30, 1])
    #expect(scale.kind == .probability)
    #expect(scale.low == -30 && scale.complementLow == -10)
    #expect(scale.position(1e-30) < scale.position(0.25))
    #expect(scale.position(0.25) < scale.position(0.5))
    #expect(abs(scale.position(0.5) - 0.5) < 1e-12)
    #expect(scale.position(0.9) < scale.position(1 - 0x1p-30) && scale.position(1 - 0x1p-30) < scale.position(1))
  }

  @Test("Writes every default experiment's figure when LOSSLAB_PLOT_DIR is set (for a look)")
  func writeDefaultExperiments() throws {
    guard let directory = ProcessInfo.processInfo.environment["LOSSLAB_PLOT_DIR"] else { return }
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .deletingLastPathComponent().deletingLastPathComponent().path
    let files = try FileManager.default.contentsOfDirectory(atPath: root + "/Experiments")
      .filter { $0.hasSuffix(".yaml") }.sorted()
    for file in files {
      let spec = try SpecParser.load(path: root + "/Experiments/" + file, quick: true)
      let result = ExperimentRunner(threads: 2, quick: true).run(spec)
      let svg = try #require(ExperimentPlot.svg(result))
      #expect(SVGElements.parse(svg) != nil)
      try svg.write(toFile: "\(directory)/\(spec.name).svg", atomically: true, encoding: .utf8)
    }
  }
}
