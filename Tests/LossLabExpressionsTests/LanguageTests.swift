import LossLabExpressions
import LossLabFormats
import Testing

@Suite("The expression language: precedence, literals, powers, select")
struct LanguageTests {
  /// `source` at (y, p) in Double.
  func value(_ source: String, y: Double = 1, p: Double) -> Double {
    var evaluate: ExpressionEvaluator<Double> = evaluator(source)
    return evaluate(y: y, p: p, w: 1)
  }

  @Test("-p^2 is -(p^2), ^ is right-associative, * before +, - and / associate to the left")
  func precedence() {
    #expect(value("-p^2", p: 3) == -9)
    #expect(value("-2^2", p: 0) == -4)
    #expect(value("2^3^2", p: 0) == 512)
    #expect(value("p - y - 1", y: 1, p: 5) == 3)
    #expect(value("p / y / 2", y: 1, p: 5) == 2.5)
    #expect(value("1 + p * 2^2", p: 5) == 21)
    #expect(value("p^-1", p: 4) == 0.25)
    #expect(value("-(y - p) * 2", y: 1, p: 4) == 6)
  }

  @Test("2^-1074 is Double's least subnormal, 2^-1075 rounds to 0 and 2^1024 to inf")
  func powersOfTwo() {
    #expect(value("2^-1074", p: 0) == Double.leastNonzeroMagnitude)
    #expect(value("2^-1075", p: 0) == 0)
    #expect(value("2^1024", p: 0) == .infinity)
    #expect(program("2^-12 + 2^3 + 2^0.5").literals == ["0x1p-12", "0x1p3"])
  }

  @Test("p^0 is 1 even for NaN and inf, p^1 is p, p^0.5 is sqrt(p): PyTorch's literal exponents")
  func literalExponents() {
    #expect(value("p^0", p: .nan) == 1)
    #expect(value("p^0", p: -.infinity) == 1)
    #expect(value("p^1", p: .nan).isNaN)
    #expect(value("p^0.5", p: 2) == 2.0.squareRoot())
    #expect(value("p^-2", p: 0) == .infinity)
    // Counted: the fast paths call no pow, any other literal exponent does.
    let counts = tallied {
      var evaluate = ExpressionEvaluator<CountingReal>(
        program("p^2 + p^3 + p^-1 + p^-2 + p^0.5 + p^0 + p^1 + p^2.5"),
        constant: { CountingReal(Double($0)!) }, parameters: [])
      _ = evaluate(y: .one, p: CountingReal(1.5), w: .one)
    }
    #expect(counts["pow"] == 1)
    #expect(counts["sqrt"] == 1)
  }

  @Test("Each non-integer literal is rounded through constant once, when the evaluator is made")
  func literalsRoundedOnce() {
    let compiled = program("abs(y - p) / (abs(y) + 1e-8) + 0.5 * 1e-8 + 2^-3 + 3 * 0x1p-12 + 1")
    #expect(compiled.literals == ["1e-8", "0.5", "0x1p-3", "0x1p-12"])
    var seen: [String] = []
    var evaluate = ExpressionEvaluator<Float>(
      compiled,
      constant: { text in
        seen.append(text)
        return Float(Double(text)!)
      }, parameters: [])
    #expect(seen == compiled.literals)
    for p in [Float(0), 1, 2] { _ = evaluate(y: 1, p: p, w: 1) }
    #expect(seen.count == 4)
  }

  @Test("Integers that fit in Int are T(integer:); a longer one goes to constant")
  func integerLiterals() {
    #expect(program("y * 3 + 1 - 100000 + 0xff").literals.isEmpty)
    #expect(program("p * 99999999999999999999").literals == ["99999999999999999999"])
    #expect(value("0xff + 0x1.8p1", p: 0) == 258)
  }

  @Test("A program is equal to another by source, shape, parameters and weights")
  func programEquality() {
    let a = program("w * (y - p)^2", weights: true)
    let b = program("w * (y - p)^2", weights: true)
    #expect(a == b && a.hashValue == b.hashValue)
    #expect(a != program("y * (y - p)^2", weights: true))
    #expect(program("(y - p)^2") != program("(y - p)^2", weights: true))
    #expect(a.usesWeight && a.usesTarget)
    let labels = program("logsumexp(p) - p[label]", .labels)
    #expect(!labels.usesWeight && !labels.usesTarget)
    #expect(!program("(y - p)^2", weights: true).usesWeight)
    #expect(program("a * p + b", parameters: ["b", "a"]).parameterNames == ["b", "a"])
  }

  @Test("Parameters reach the evaluator in the order of parameterNames")
  func parameterOrder() {
    var evaluate = ExpressionEvaluator<Double>(
      program("a * p + b", parameters: ["b", "a"]), constant: { _ in 0 }, parameters: [10, 2])
    #expect(evaluate(y: 0, p: 3, w: 1) == 16)
  }

  @Test(
    "A NaN in the branch select does not take never reaches the result", arguments: Format.allCases)
  func selectNaN(format: Format) {
    let failures = format.visit(SelectNaN())
    #expect(failures.isEmpty, "\(failures)")
  }

  struct SelectNaN: FormatVisitor {
    func visit<T: MachineFloat>(_: T.Type) -> [String] {
      var failures: [String] = []
      var safeLog: ExpressionEvaluator<T> = evaluator("select(p > 0, log(p), 0)")
      if !safeLog(y: T.one, p: -T.one, w: T.one).isZero { failures.append("log(-1) leaked") }
      // NaN compares false: > takes the else branch, != the then branch.
      var nanGuard: ExpressionEvaluator<T> = evaluator("select(p != p, 0, p) + select(p > 0, 1, 2)")
      if nanGuard(y: T.one, p: T.nan, w: T.one) != T(integer: 2) { failures.append("NaN guard") }
      // Element by element in a row: the negative entries contribute 0.
      var rowLog: ExpressionEvaluator<T> = evaluator("sum(select(p > 0, log(p), 0))", .rows)
      let p = [T(integer: 2), -T.one, T.nan, T.one]
      let y = [T](repeating: T.one, count: 4)
      let got = y.withUnsafeBufferPointer { y in
        p.withUnsafeBufferPointer { p in rowLog(y: y, p: p, label: 0) }
      }
      if !sameBits(got, T.zero + T.log(T(integer: 2)) + T.zero + T.zero + T.log(T.one)) {
        failures.append("row select gave \(got.doubleValue)")
      }
      return failures
    }
  }

  @Test("select computes only the branch it takes, and only where it takes it")
  func selectIsLazy() {
    let compiled = program("select(p > 0, log(p), exp(p) + tanh(p))")
    var evaluate = ExpressionEvaluator<CountingReal>(
      compiled, constant: { CountingReal(Double($0)!) }, parameters: [])
    let positive = tallied { _ = evaluate(y: .one, p: CountingReal(2), w: .one) }
    #expect(positive == ["compare": 1, "log": 1])
    let negative = tallied { _ = evaluate(y: .one, p: CountingReal(-2), w: .one) }
    #expect(negative == ["compare": 1, "exp": 1, "tanh": 1])
    // A whole logsumexp is skipped when its branch is not taken.
    var sparse = ExpressionEvaluator<CountingReal>(
      program("select(p[label] < 0, 0, logsumexp(p) - p[label])", .labels),
      constant: { CountingReal(Double($0)!) }, parameters: [])
    let p = [CountingReal(-1), CountingReal(3), CountingReal(5)]
    let skipped = tallied {
      p.withUnsafeBufferPointer { p in
        _ = sparse(y: UnsafeBufferPointer(start: nil, count: 0), p: p, label: 0)
      }
    }
    #expect(skipped == ["compare": 1])
    let taken = tallied {
      p.withUnsafeBufferPointer { p in
        _ = sparse(y: UnsafeBufferPointer(start: nil, count: 0), p: p, label: 1)
      }
    }
    #expect(taken["exp"] == 3 && taken["log"] == 1)
  }

  @Test("A row combines element by element with a row and broadcasts a scalar")
  func broadcasting() {
    var evaluate: ExpressionEvaluator<Double> = evaluator(
      "sum((y - p)^2 * 2 + 1) + mean(exp(p) / sum(exp(p)) - softmax(p)) + max(y * p)", .rows)
    let y: [Double] = [1, 2, 3]
    let p: [Double] = [0.5, 2, 4]
    let got = y.withUnsafeBufferPointer { y in
      p.withUnsafeBufferPointer { p in evaluate(y: y, p: p, label: 0) }
    }
    // (0.25 * 2 + 1) + (0 + 1) + (1 * 2 + 1) = 5.5; the softmax difference is tiny; max = 12.
    #expect(abs(got - 17.5) < 1e-15)
  }
}
