import LossLabFormats
import LossLabLosses
import Testing

@testable import LossLabRunner

@Suite("Experiment specs")
struct SpecParserTests {
  func parse(_ text: String, quick: Bool = false) throws -> ExperimentSpec {
    try SpecParser(file: "Experiments/test.yaml", quick: quick).parse(text)
  }

  /// The line and message of the error `text` raises.
  func error(_ text: String) -> SpecError? {
    do {
      _ = try parse(text)
      return nil
    } catch let error as SpecError {
      return error
    } catch {
      return nil
    }
  }

  static let valid = """
    # a comment
    question: Is it right?
    losses: [bce/keras, mse]
    eps: [1e-7, 2^-12]
    inputs:
      y_true: {sweep: [0, 1]}
      y_pred: {grid: {from: 1e-8, to: 1, count: 10, spacing: log}}
    """

  @Test("A valid spec reads with its losses, axes and generators")
  func valid() throws {
    let spec = try parse(SpecParserTests.valid)
    #expect(spec.name == "test")
    #expect(spec.question == "Is it right?")
    let only = try #require(spec.cases.first)
    #expect(only.formulas == [Formula("bce/keras")!, Formula("mse")!])
    #expect(only.parameterAxes == [ParameterAxis(name: "eps", values: ["1e-7", "0x1p-12"])])
    #expect(only.coordinates().count == 4)
    #expect(only.coordinates().first?.axes == [
      SweepAxis(key: "y_true", value: .number(0)),
      SweepAxis(key: "eps", value: .parameter(text: "1e-7", value: 1e-7)),
    ])
    #expect(only.coordinates().last?.axes.last?.value == .parameter(text: "0x1p-12", value: 0x1p-12))
  }

  static let badSpecs: [(String, Int, String)] = [
    ("question: q\nlosses: [bcee]\ninputs: {y_pred: 1, y_true: 1}\n", 2, "did you mean 'bce'"),
    ("question: q\nlosses: [bce/kerras]\ninputs: {y_pred: 1, y_true: 1}\n", 2, "did you mean 'keras'"),
    ("question: q\nlosses: [mse]\nformat: [float16]\ninputs: {y_pred: 1, y_true: 1}\n", 3, "did you mean 'formats'"),
    ("question: q\nlosses: [mse]\nformats: [float8]\ninputs: {y_pred: 1, y_true: 1}\n", 3, "format"),
    ("question: q\nlosses: [mse]\ninputs:\n  y_true: 1\n  y_pred: {grid: {from: 2, to: 1, count: 3}}\n", 5, "from (2.0) > to (1.0)"),
    ("question: q\nlosses: [mse]\nn: 0\ninputs: {y_pred: 1, y_true: 1}\n", 3, "whole number"),
    ("question: q\nlosses: [mse]\nprecision: 1\ninputs: {y_pred: 1, y_true: 1}\n", 3, "64...4096"),
    ("question: q\nlosses: [mse]\ninputs: {y_pred: [1, 2, y_true: 1}\n", 3, "YAML"),
    ("question: q\nlosses: [mse]\ninputs: {y_pred: 1}\n", 3, "y_true"),
    ("losses: [mse]\ninputs: {y_pred: 1, y_true: 1}\n", 1, "question"),
    ("question: q\nlosses: [mse]\nprofiles: [pure, tourch]\ninputs: {y_pred: 1, y_true: 1}\n", 3, "did you mean 'torch'"),
    ("question: q\nlosses: [mse]\nprofiles: [keras, keras]\ninputs: {y_pred: 1, y_true: 1}\n", 3, "listed twice"),
    ("question: q\nlosses: [mse]\nsummation: [recursive, kahan]\nprofiles: [pure, torch]\ninputs: {y_pred: 1, y_true: 1}\n", 4, "framework profile"),
    ("question: q\nlosses: [mse]\neps: -1\ninputs: {y_pred: 1, y_true: 1}\n", 3, "eps"),
    ("question: q\nlosses: [mse]\ninputs: {y_pred: {gird: {}}, y_true: 1}\n", 3, "did you mean 'grid'"),
  ]

  @Test("A bad spec names its file and line and what would be valid", arguments: badSpecs)
  func bad(text: String, line: Int, mentions: String) throws {
    let found = try #require(error(text), "no error for:\n\(text)")
    #expect(found.file == "Experiments/test.yaml")
    #expect(found.line == line, "\(found)")
    #expect(found.description.contains(mentions), "\(found)")
    #expect(!found.description.contains("\n"))
  }

  @Test("--quick applies the quick overrides")
  func quickOverrides() throws {
    let text = SpecParserTests.valid + "\npoints: 100\nquick: {points: 5}\n"
    #expect(try parse(text).cases[0].points == 100)
    #expect(try parse(text, quick: true).cases[0].points == 5)
  }
}

@Suite("Sweep axes")
struct SweepAxisTests {
  @Test("A coordinate's varying axes, in order, with typed values")
  func axes() throws {
    let spec = try SpecParser(file: "Experiments/axes.yaml").parse("""
      question: q
      losses: [identity]
      reduction: [sum, mean]
      n: [16, 1048576]
      inputs:
        y_pred: 1
      """)
    let coordinates = spec.cases[0].coordinates()
    #expect(coordinates.count == 4)
    #expect(coordinates[1].axes.map(\.key) == ["reduction", "n"])
    #expect(coordinates[1].axes.map(\.value) == [.reduction(.sum), .count(1048576)])
    #expect(coordinates[1].axes.map(\.value.number) == [nil, 1048576])
  }
}

@Suite("Profiles as a spec axis")
struct ProfileAxisTests {
  @Test("Every profile measures the same points (the same ideal losses); torch sums its way, 16-bit in float")
  func sameInputsAcrossProfiles() throws {
    let spec = try SpecParser(file: "profiles.yaml").parse("""
      question: q
      losses: [mse]
      formats: [float16, float32]
      profiles: [pure, torch, keras]
      n: 512
      points: 6
      inputs: {y_true: 0, y_pred: {uniform: {from: 10, to: 40}}}
      """)
    let rows = ExperimentRunner(threads: 2, quick: false).run(spec).rows
    func row(_ profile: ExecutionProfile, _ format: Format) -> TableRow {
      rows.first { $0.format == format && $0.axes.first?.value == .profile(profile) }!
    }
    #expect(rows.count == 6)
    for profile in [ExecutionProfile.torch, .keras] {
      #expect(row(profile, .float32).statistics.maxIdeal == row(.pure, .float32).statistics.maxIdeal)
      #expect(row(profile, .float32).statistics.points == row(.pure, .float32).statistics.points)
    }
    // Squares up to 1600 sum past 65504 in a float16 loop, not in torch's float accumulator.
    #expect(row(.pure, .float16).statistics.classCounts[.overflow, default: 0] > 0)
    #expect(row(.torch, .float16).statistics.classCounts[.overflow, default: 0] == 0)
    #expect(row(.torch, .float16).summation == .torch)
    #expect(row(.keras, .float16).summation == .eigen)
    #expect(row(.keras, .float16).statistics.classCounts[.overflow, default: 0] == 0)
  }
}
