import LossLabExpressions
import LossLabFormats
import LossLabReference
import Testing

/// The same ball: midpoint, error bound and name (its value when exact, else a hash of the
/// operations that made it, so equal names mean the same operations in the same order). Two NaN
/// balls are the same whatever their names (MPFR leaves a NaN's sign, which the value name
/// hashes, to the register's previous contents); a ball that took an undecided branch is
/// "unknown" (infinite bound) and gets a fresh name every time, so only its midpoint and bound
/// can agree.
func sameBall(_ a: MPFRBall, _ b: MPFRBall) -> Bool {
  if a.midpoint.isNaN || b.midpoint.isNaN {
    return a.midpoint.isNaN && b.midpoint.isNaN && a.relativeError == b.relativeError
  }
  let unknown = a.relativeError == ErrorBound.infinity
  return a.midpoint == b.midpoint && a.relativeError == b.relativeError
    && (unknown || a.name == b.name)
}

let referenceInputs: [Double] = [0, 1, -1, 0.3, 0.999, 2, -7, 1e-30, 1e30, .infinity, .nan]

@Suite("The MPFR reference runs an expression with its hand-written twin's operations")
struct ReferenceTests {
  static func show(_ x: MPFRBall) -> String {
    "\(x.midpoint.decimalString(significantDigits: 20)) ± \(x.relativeError) #\(x.name)"
  }

  @Test(
    "An element-wise expression in MPFRBall gives the twin's midpoint, bound and expression name",
    arguments: elementwiseTwins)
  func elementwise(twin: any ElementwiseTwin) {
    MPFRReal.withPrecision(256) {
      let k = twin.parameters.map { MPFRBall(decimal: $0.1)! }
      var evaluate = ExpressionEvaluator<MPFRBall>(
        program(twin.source, parameters: twin.parameters.map(\.0), weights: twin.weights),
        constant: { MPFRBall(decimal: $0)! }, parameters: k)
      var failures: [String] = []
      for y in referenceInputs {
        for p in referenceInputs {
          let (y, p, w) = (MPFRBall(y), MPFRBall(p), MPFRBall(decimal: "0.7")!)
          let got = evaluate(y: y, p: p, w: w)
          let expected = twin.byHand(y: y, p: p, w: w, k)
          if !sameBall(got, expected) {
            let inputs = "y \(Self.show(y)) p \(Self.show(p))"
            failures.append("\(inputs): \(Self.show(got)), not \(Self.show(expected))")
          }
        }
      }
      #expect(failures.isEmpty, "\(failures.count) disagreements, first: \(failures.prefix(3))")
    }
  }

  @Test(
    "A row expression in MPFRBall gives the twin's midpoint, bound and expression name",
    arguments: rowTwins)
  func rows(twin: any RowTwin) {
    MPFRReal.withPrecision(256) {
      let k = twin.parameters.map { MPFRBall(decimal: $0.1)! }
      var evaluate = ExpressionEvaluator<MPFRBall>(
        program(twin.source, twin.shape, parameters: twin.parameters.map(\.0)),
        constant: { MPFRBall(decimal: $0)! }, parameters: k)
      var generator = SplitMix64(seed: 11)
      var failures: [String] = []
      for _ in 0..<60 {
        let n = 1 + Int(generator.next() % 6)
        let y = (0..<n).map { _ in
          MPFRBall(decimal: String(generator.pick(["0", "1", "0.25", "0.1"])))!
        }
        let p = (0..<n).map { _ in MPFRBall(generator.pick(referenceInputs)) }
        y.withUnsafeBufferPointer { y in
          p.withUnsafeBufferPointer { p in
            for label in 0..<n {
              let got = evaluate(y: y, p: p, label: label)
              let expected = twin.byHand(y: y, p: p, label: label, k)
              if !sameBall(got, expected) {
                let inputs = "p \(p.map(Self.show)) label \(label)"
                failures.append("\(inputs): \(Self.show(got)), not \(Self.show(expected))")
              }
            }
          }
        }
      }
      #expect(failures.isEmpty, "\(failures.count) disagreements, first: \(failures.prefix(3))")
    }
  }

  @Test("A comparison in the branch select does not take is never counted as undecided")
  func undecidedOnlyWhereTaken() {
    MPFRReal.withPrecision(64) {
      // 0.1 is inexact, so p · 3 / 3 < 0.1 cannot be decided: the balls overlap.
      var evaluate = ExpressionEvaluator<MPFRBall>(
        program("select(y > 0, p, select(p * 3 / 3 < 0.1, 1, 2))"),
        constant: { MPFRBall(decimal: $0)! }, parameters: [])
      let tenth = MPFRBall(decimal: "0.1")!
      _ = MPFRBall.takeUndecidedComparisons()
      _ = evaluate(y: .one, p: tenth, w: .one)
      #expect(MPFRBall.takeUndecidedComparisons() == 0)
      _ = evaluate(y: -.one, p: tenth, w: .one)
      #expect(MPFRBall.takeUndecidedComparisons() == 1)
    }
  }
}
