import Testing

@testable import LossLabCompare

@Suite("Comparing precision tables")
struct CompareTests {
  static let header = "experiment,case,loss,variant,reduction,summation,format,sweep,points,max_ulp,mean_ulp,p99_ulp,max_bits,mean_bits,max_rel_error,exact,finite,subnormal,flush_to_zero,overflow,nan,max_formula_ulp,max_bias,max_value,max_reference,bound_ratio,cliff,worst_input"

  /// A one-experiment table with rows `(format, sweep, max_ulp, nan)`.
  static func table(_ rows: [(String, String, String, Int)], experiment: String = "e") throws -> PrecisionTable {
    let lines = rows.map { format, sweep, maxULP, nan in
      "\(experiment),c,bce-logits,stable,mean,recursive,\(format),\(sweep),100,\(maxULP),0.5,1,1,0.5,1e-3,10,90,0,0,0,\(nan),1,0,1,1,,,\"losslab eval --y-pred=1,2\""
    }
    return try PrecisionTable.parse(([header] + lines).joined(separator: "\n") + "\n", path: "t.csv")
  }

  @Test("Reads the rows with their keys, figures and lines; a quoted field with commas stays one field")
  func reads() throws {
    let t = try Self.table([("float16", "n=1", "2.5", 0), ("float32", "n=1", "inf", 3)])
    #expect(t.experiment == "e")
    #expect(t.rows.count == 2)
    #expect(t.rows[1].line == 3)
    #expect(t.rows[1].figures.maxULP == .infinity)
    #expect(t.rows[1].figures.nan == 3)
    #expect(t.rows[0].key.formula == "bce-logits/stable")
  }

  @Test("A worse max ulp past the tolerance is a regression; within it, a change")
  func tolerance() throws {
    let old = try Self.table([("float16", "n=1", "2", 0), ("float32", "n=1", "2", 0)])
    let new = try Self.table([("float16", "n=1", "2.4", 0), ("float32", "n=1", "3", 0)])
    let loose = TableComparison(old: [old], new: [new], tolerance: Tolerance(ulps: 0.5, relative: 0))
    #expect(loose.changes.map(\.status) == [.worse, .changed])
    #expect(loose.changes[0].key.format == "float32")
    #expect(loose.hasRegression)
    let exact = TableComparison(old: [old], new: [new], tolerance: .exact)
    #expect(exact.count(.worse) == 2)
    let reversed = TableComparison(old: [new], new: [old], tolerance: .exact)
    #expect(reversed.count(.better) == 2)
    #expect(!reversed.hasRegression)
  }

  @Test("NaN points appearing are worse even when the ulp figures improve (mixed)")
  func mixed() throws {
    let old = try Self.table([("float16", "n=1", "3", 0)])
    let new = try Self.table([("float16", "n=1", "1", 2)])
    let comparison = TableComparison(old: [old], new: [new], tolerance: .exact)
    #expect(comparison.changes.map(\.status) == [.mixed])
    #expect(comparison.changes[0].worseFigures == ["NaN"])
    #expect(comparison.hasRegression)
  }

  @Test("Finite to inf is worse at any tolerance; inf to inf is no change")
  func infinities() {
    let t = Tolerance(ulps: 1e9, relative: 1e9)
    #expect(t.judge(ulp: 5, .infinity) == 1)
    #expect(t.judge(ulp: .infinity, .infinity) == 0)
    #expect(t.judge(ulp: .nan, 3) == -1)
  }

  @Test("Rows only on one side are added or removed; identical tables show no change")
  func addedRemoved() throws {
    let old = try Self.table([("float16", "n=1", "2", 0), ("float16", "n=2", "2", 0)])
    let new = try Self.table([("float16", "n=1", "2", 0), ("float16", "n=4", "2", 0)])
    let comparison = TableComparison(old: [old], new: [new], tolerance: .exact)
    #expect(comparison.changes.map(\.status) == [.removed, .added])
    #expect(comparison.matched == 1)
    let same = TableComparison(old: [old], new: [old], tolerance: .exact)
    #expect(same.changes.isEmpty)
    #expect(ComparisonReport.summary(same).hasPrefix("No row changed: 2 rows match"))
  }

  @Test("The report shows old -> new with the change, and colours only when asked")
  func report() throws {
    let old = try Self.table([("float16", "n=1", "2", 0)])
    let new = try Self.table([("float16", "n=1", "3.5", 0)])
    let table = ComparisonReport.table(TableComparison(old: [old], new: [new], tolerance: .exact))
    let text = table.render(.text)
    #expect(text.contains("2 -> 3.5 (+1.5)"))
    #expect(!text.contains("\u{1B}["))
    #expect(table.render(.text, colour: true).contains("\u{1B}[31m"))
    #expect(table.render(.markdown).contains("| worse | e | c | bce-logits/stable |"))
    // A table without the rounding columns leaves the report's rounding column empty.
    #expect(table.render(.csv).split(separator: "\n")[1].hasPrefix("worse,e,c,bce-logits/stable,mean,pure,float16,n=1,,2 -> 3.5 (+1.5)"))
  }

  @Test("Bad tables: missing columns, a short line, a non-number, two experiments, a duplicate row")
  func badInput() {
    func message(_ text: String) -> String {
      do {
        _ = try PrecisionTable.parse(text, path: "x.csv")
        return ""
      } catch { return "\(error)" }
    }
    #expect(message("a,b\n1,2\n").hasPrefix("x.csv:1: not a LossLab precision table: missing columns experiment"))
    #expect(message(Self.header + "\ne,c\n") == "x.csv:2: 2 fields where the header has 28")
    let row = "e,c,mse,standard,mean,recursive,float16,,100,abc,0.5,1,1,0.5,1e-3,10,90,0,0,0,0,1,0,1,1,,,"
    #expect(message(Self.header + "\n" + row + "\n").hasPrefix("x.csv:2: column max_ulp: 'abc' is not a number"))
    let good = row.replacingOccurrences(of: "abc", with: "1")
    let other = "f" + good.dropFirst()
    #expect(message(Self.header + "\n" + good + "\n" + other + "\n").hasPrefix("x.csv:3: experiment 'f' in a table of 'e'"))
    #expect(message(Self.header + "\n" + good + "\n" + good + "\n") == "x.csv:3: the same row as line 2 (rows must differ in case, formula, reduction, summation, format or sweep)")
  }

  @Test("Formats side by side: one line per row key, each format's figures in its columns")
  func across() throws {
    let t = try Self.table([
      ("float16", "n=1", "2", 0), ("bfloat16", "n=1", "7", 1), ("float16", "n=2", "3", 0),
    ])
    let table = SideBySide.table([t], across: ["float16", "bfloat16"], .format)
    #expect(table.rows.count == 2)
    #expect(table.rows[0].cells.suffix(8) == ["", "2", "1", "0 of 100", "", "7", "1", "1 of 100"])
    #expect(table.rows[1].cells.suffix(4) == ["", "", "", ""])
  }

  @Test("Formats side by side under a framework profile: its 16-bit rows sum wide, its float32 row recursively, and they share a line")
  func acrossProfile() throws {
    let lines = [
      ("float16", "wide", "profile=torch;y_true=0"), ("float32", "recursive", "profile=torch;y_true=0"),
      ("float16", "wide", "profile=pure;y_true=0"), ("float32", "recursive", "profile=pure;y_true=0"),
    ].map { format, summation, sweep in
      "e,c,bce-logits,torch,mean,\(summation),\(format),\(sweep),100,2,0.5,1,1,0.5,1e-3,10,90,0,0,0,0,1,0,1,1,,,"
    }
    let t = try PrecisionTable.parse(([Self.header] + lines).joined(separator: "\n") + "\n", path: "t.csv")
    // (an older table: the profile is read from the sweep)
    #expect(t.rows[0].key.profile == "torch" && t.rows[0].key.sweep == "y_true=0")
    let table = SideBySide.table([t], across: ["float16", "float32"], .format)
    // torch: one line; pure: a wide and a recursive sum are different rows, so two lines.
    #expect(table.rows.count == 3)
    #expect(table.rows[0].cells[3] == "mean")
    #expect(table.rows[0].cells[4] == "torch")
    // (this header has no rounding columns: their cells stay empty)
    #expect(table.rows[0].cells.suffix(8) == ["", "2", "1", "0 of 100", "", "2", "1", "0 of 100"])
  }

  @Test("Profiles side by side: each format's rows of pure, torch and keras on one line, whatever each summed with")
  func acrossProfiles() throws {
    let header = "experiment,case,loss,variant,reduction,summation,profile,format,sweep,points,max_ulp,mean_ulp,p99_ulp,max_rel_error,subnormal,flush_to_zero,overflow,nan,bound_ratio"
    let lines = [
      ("pure", "recursive", "float16", "inf", 3), ("torch", "wide", "float16", "0.5", 0),
      ("keras", "recursive", "float16", "0", 0), ("pure", "recursive", "float32", "1", 0),
      ("pure", "pairwise", "float16", "2", 0),
    ].map { profile, summation, format, maxULP, overflow in
      "e,c,mse,standard,mean,\(summation),\(profile),\(format),scale=10,100,\(maxULP),0.5,1,0.1,0,0,\(overflow),0,"
    }
    let t = try PrecisionTable.parse(([header] + lines).joined(separator: "\n") + "\n", path: "t.csv")
    let table = SideBySide.table([t], across: ["pure", "torch", "keras"], .profile)
    #expect(table.header.prefix(6) == ["experiment", "case", "formula", "reduction", "format", "sweep"])
    // The pure pairwise row keeps a line of its own (it is not torch's or keras' sum).
    #expect(table.rows.count == 3)
    #expect(table.rows[0].cells.prefix(6) == ["e", "c", "mse/standard", "mean", "float16", "scale=10"])
    #expect(table.rows[2].cells.prefix(6) == ["e", "c", "mse/standard", "mean (pairwise)", "float16", "scale=10"])
    #expect(Array(table.rows[0].cells.suffix(12)) == [
      "", "inf", "1", "3 of 100", "", "0.5", "1", "0 of 100", "", "0", "1", "0 of 100",
    ])
    #expect(Array(table.rows[1].cells.suffix(8)) == ["", "", "", "", "", "", "", ""])
  }

  /// The same row in a table with the rounding columns: `(max_rounding_ulp, rounding_overflow)`.
  static func roundingTable(_ maxRounding: String, _ overflow: Int) throws -> PrecisionTable {
    let header = "experiment,case,loss,variant,reduction,summation,format,sweep,points,max_rounding_ulp,mean_rounding_ulp,p99_rounding_ulp,max_rounding_bits,rounding_exact,rounding_finite,rounding_subnormal,rounding_flush_to_zero,rounding_overflow,rounding_nan,max_ulp,mean_ulp,p99_ulp,max_bits,mean_bits,max_rel_error,exact,finite,subnormal,flush_to_zero,overflow,nan,bound_ratio"
    let row = "e,c,bce/keras,keras,mean,recursive,float16,,100,\(maxRounding),0.5,1,1,10,90,0,0,\(overflow),0,inf,0.5,1,1,0.5,1e-3,10,90,0,0,0,0,"
    return try PrecisionTable.parse(header + "\n" + row + "\n", path: "t.csv")
  }

  @Test("Rounding figures are read and judged: a larger max rounding ulp or more rounding overflows is worse, though the end-to-end figures stay")
  func roundingFigures() throws {
    let old = try Self.roundingTable("2", 0)
    #expect(old.rows[0].figures.roundingMaxULP == 2)
    #expect(old.rows[0].figures.roundingNonFinite == 0)
    let slower = TableComparison(old: [old], new: [try Self.roundingTable("3", 0)], tolerance: .exact)
    #expect(slower.changes.map(\.status) == [.worse])
    #expect(slower.changes[0].worseFigures == ["max rounding ulp"])
    let overflowing = TableComparison(old: [old], new: [try Self.roundingTable("2", 4)], tolerance: .exact)
    #expect(overflowing.changes[0].worseFigures == ["rounding NaN+inf"])
    #expect(ComparisonReport.table(slower).render(.csv).contains(",2 -> 3 (+1),inf,"))
  }
}

@Suite("Comparing runs with different seeds")
struct ResampledTests {
  func figures(maxULP: Double, nan: Int, seed: String) -> RowFigures {
    RowFigures(
      points: 1000, maxULP: maxULP, p99ULP: 1, meanULP: 0.5, maxRelative: 1e-3, nan: nan,
      overflow: 0, flushToZero: 0, subnormal: 0, boundRatio: nil, seed: seed)
  }

  @Test("Another seed: a larger max is a new sample's (resampled); NaN counts past 4 sigma are worse")
  func samplingNoise() {
    let old = figures(maxULP: 3, nan: 4, seed: "1")
    #expect(TableComparison.beyondSamplingNoise(old, figures(maxULP: 300, nan: 12, seed: "7")).isEmpty)
    #expect(TableComparison.beyondSamplingNoise(old, figures(maxULP: 3, nan: 14, seed: "7")) == ["NaN"])
    // The same seed: the rows are the same sample, judged at the tolerance.
    #expect(TableComparison.worseFigures(old, figures(maxULP: 300, nan: 4, seed: "1"), .exact) == ["max ulp"])
  }
}
