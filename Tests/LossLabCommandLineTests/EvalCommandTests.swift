import Foundation
import Testing

@Suite("losslab eval and list")
struct EvalCommandTests {
  @Test("--json prints one object with the reference to 40 digits and one result per format")
  func jsonOutput() throws {
    let run = try LossLabRun([
      "eval", "--loss", "cce", "--classes", "3", "--y-true", "0,1,0", "--y-pred", "0.15,0.75,0.1",
      "--json",
    ])
    #expect(run.status == 0)
    let object = try #require(
      try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
    #expect(object["loss"] as? String == "cce")
    #expect(object["formula"] as? String == "keras")
    #expect(object["reduction"] as? String == "mean")
    let reference = try #require(object["reference"] as? String)
    #expect(reference.hasPrefix("0.28768207245178092743921900599382743150"))
    #expect(reference.filter(\.isNumber).count >= 40)
    let results = try #require(object["results"] as? [[String: Any]])
    #expect(results.map { $0["format"] as? String } == ["float16", "bfloat16", "float32", "float64"])
    for result in results {
      #expect(result["value"] is String)
      #expect(result["ulp_error"] is Double || result["ulp_error"] is Int)
      #expect(result["bits_error"] is Double || result["bits_error"] is Int)
      #expect(result["class"] is String)
    }
  }

  @Test("Rounding error is against the formula as written: float16's overflow of 1e5 is an overflow, float64's 1e5 is exact, though both are infinitely far from the ideal")
  func roundingError() throws {
    let run = try LossLabRun([
      "eval", "--loss", "relative-error", "--eps", "1e-7", "--y-true", "0", "--y-pred", "0.01",
      "--json",
    ])
    #expect(run.status == 0)
    let object = try #require(
      try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
    let results = try #require(object["results"] as? [[String: Any]])
    let byFormat = Dictionary(uniqueKeysWithValues: results.map { ($0["format"] as! String, $0) })
    let half = try #require(byFormat["float16"]), double = try #require(byFormat["float64"])
    #expect(half["rounding_class"] as? String == "overflow")
    #expect(half["rounding_ulp_error"] is NSNull)
    #expect(double["rounding_class"] as? String == "exact")
    #expect((double["rounding_ulp_error"] as? Double ?? 1) <= 0.5)
    #expect(double["rounding_bits_error"] as? Double == 0)
    // End to end (against the ideal, here inf) stays as it was: an infinite error, class finite.
    #expect(double["ulp_error"] is NSNull)
    #expect(double["class"] as? String == "finite")
    let table = try LossLabRun([
      "eval", "--loss", "relative-error", "--eps", "1e-7", "--y-true", "0", "--y-pred", "0.01",
    ])
    let lines = table.stdout.split(separator: "\n").map(String.init)
    let header = try #require(lines.first { $0.hasPrefix("format ") })
    #expect(header.contains("rounding ulp") && header.contains("end-to-end ulp") && header.contains("formula ulp"))
    let float16 = try #require(lines.first { $0.hasPrefix("float16 ") })
    #expect(float16.split(separator: " ").prefix(5).map(String.init) == ["float16", "inf", "inf", "16", "overflow"])
  }

  // A framework's kernel reinterprets a float32's bits; under Keras on TensorFlow a value also
  // carries its place in the tensor (EigenReal), so such a kernel must take its generic path
  // there, not trap.
  @Test("--profile all runs a framework kernel's variant under every profile, in every format", arguments: ["sparse-cce-logits/torch", "cce-logits/torch", "bce-logits/torch", "focal-logits/torchvision", "log-cosh/optax", "cce/keras-jax"])
  func everyProfile(_ formula: String) throws {
    let parts = formula.split(separator: "/").map(String.init)
    let sparse = parts[0].hasPrefix("sparse")
    let run = try LossLabRun([
      "eval", "--loss", parts[0], "--formula", parts[1], "--classes", "2",
      "--y-true", sparse ? "0,1" : "0,1,1,0", "--y-pred", "0.2,0.8,0.6,0.4", "--profile", "all", "--json",
    ])
    #expect(run.status == 0, "\(run.stderr)")
    let object = try #require(
      try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
    let results = try #require(object["results"] as? [[String: Any]])
    #expect(Set(results.compactMap { $0["profile"] as? String }).count == 7)
  }

  @Test("Negative values work as --y-pred -3,2 and --y-pred=-3,2")
  func negativeValues() throws {
    let spaced = try LossLabRun(["eval", "--loss", "mae", "--y-true", "0,0", "--y-pred", "-3,2", "--json"])
    let joined = try LossLabRun(["eval", "--loss", "mae", "--y-true", "0,0", "--y-pred=-3,2", "--json"])
    #expect(spaced.status == 0)
    #expect(joined.status == 0)
    #expect(spaced.stdout == joined.stdout)
    #expect(spaced.stdout.contains("\"reference\": \"2.5"))
  }

  @Test("Non-finite results are shown as inf and null in JSON")
  func nonFinite() throws {
    let run = try LossLabRun([
      "eval", "--loss", "bce-logits", "--formula", "naive", "--y-true", "1", "--y-pred", "-100",
      "--format", "float16", "--json",
    ])
    #expect(run.status == 0)
    #expect(run.stdout.contains("\"value\": \"inf\""))
    #expect(run.stdout.contains("\"ulp_error\": null"))
    #expect(run.stdout.contains("\"class\": \"overflow\""))
  }

  static let badArguments: [([String], String)] = [
    (["eval", "--loss", "bse", "--y-true", "1", "--y-pred", "0.5"], "--loss"),
    (["eval", "--loss", "bce", "--formula", "kerras", "--y-true", "1", "--y-pred", "0.5"], "keras"),
    (["eval", "--loss", "mse", "--y-true", "1,2", "--y-pred", "0.5"], "--y-true"),
    (["eval", "--loss", "mse", "--y-true", "1", "--y-pred", "abc"], "--y-pred"),
    (["eval", "--loss", "cce", "--classes", "3", "--y-true", "0,1", "--y-pred", "0.2,0.8"], "--classes"),
    (["eval", "--loss", "sparse-cce", "--classes", "2", "--y-true", "5", "--y-pred", "0.2,0.8"], "label"),
    (["eval", "--loss", "mse", "--y-true", "1", "--y-pred", "1", "--format", "float8"], "--format"),
    (["eval", "--loss", "mse", "--y-true", "1", "--y-pred", "1", "--precision", "8"], "--precision"),
    (["eval", "--loss", "mse", "--y-true", "1", "--y-pred", "1", "--reduction", "avg"], "--reduction"),
    (["eval", "--loss", "mse", "--y-true", "1", "--y-pred", "1", "--eps", "tiny"], "--eps: mse takes no parameters"),
    (["eval", "--loss", "bce", "--y-true", "1", "--y-pred", "0.5", "--eps", "tiny"], "eps: 'tiny' is not a number"),
    (["eval", "--loss", "huber", "--y-true", "1", "--y-pred", "1", "--param", "gama=2"], "--param gama: huber takes delta"),
    (["eval", "--y-true", "1", "--y-pred", "1"], "--loss"),
  ]

  @Test("Bad input: one line on stderr naming the argument, exit status 2", arguments: badArguments)
  func badInput(arguments: [String], mentions: String) throws {
    let run = try LossLabRun(arguments)
    #expect(run.status == 2)
    #expect(run.stdout.isEmpty)
    let lines = run.stderr.split(separator: "\n")
    #expect(lines.count == 1, "\(run.stderr)")
    #expect(run.stderr.contains(mentions), "\(run.stderr)")
  }

  @Test("A typo gets the nearest valid name")
  func suggestion() throws {
    let run = try LossLabRun(["eval", "--loss", "huberr", "--y-true", "1", "--y-pred", "0"])
    #expect(run.stderr.contains("did you mean 'huber'"))
  }

  @Test("list names every loss, variant, summation and format")
  func list() throws {
    let run = try LossLabRun(["list"])
    #expect(run.status == 0)
    for name in [
      "mae", "mse", "rmse", "bce", "bce-logits", "cce", "sparse-cce", "cce-logits",
      "sparse-cce-logits", "huber", "log-cosh", "kl", "mape", "msle", "weighted-mse",
      "relative-error", "naive", "keras", "torch", "stable", "log1p", "recursive", "pairwise",
      "kahan", "neumaier", "wide", "float16", "bfloat16", "float32", "float64",
    ] {
      #expect(run.stdout.contains(name), "missing \(name)")
    }
  }
}
