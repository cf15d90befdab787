import Foundation  // exp, log, pow, tanh on Double
import LossLabFormats

/// Which operations an evaluation performed, for the tests that an unchosen branch is never
/// computed.
final class OperationTally: @unchecked Sendable {
  var counts: [String: Int] = [:]
  func note(_ name: String) { counts[name, default: 0] += 1 }
}

/// A Double that counts its elementary functions and comparisons in the task's tally.
struct CountingReal: LossReal, CustomStringConvertible {
  typealias Wide = CountingReal
  @TaskLocal static var tally: OperationTally? = nil

  var value: Double
  init(_ value: Double) { self.value = value }

  var description: String { "\(value)" }

  static var zero: CountingReal { CountingReal(0) }
  static var one: CountingReal { CountingReal(1) }
  static var nan: CountingReal { CountingReal(.nan) }
  static var infinity: CountingReal { CountingReal(.infinity) }
  init(integer value: Int) { self.value = Double(value) }
  init(narrowing wide: CountingReal) { self = wide }
  var widened: CountingReal { self }

  static func + (a: Self, b: Self) -> Self { Self(a.value + b.value) }
  static func - (a: Self, b: Self) -> Self { Self(a.value - b.value) }
  static func * (a: Self, b: Self) -> Self { Self(a.value * b.value) }
  static func / (a: Self, b: Self) -> Self { Self(a.value / b.value) }
  static prefix func - (x: Self) -> Self { Self(-x.value) }

  var magnitude: Self { Self(Swift.abs(value)) }
  var isNaN: Bool { value.isNaN }
  var isFinite: Bool { value.isFinite }
  var isInfinite: Bool { value.isInfinite }
  var isZero: Bool { value.isZero }

  private static func counted(_ name: String, _ result: Double) -> Self {
    tally?.note(name)
    return Self(result)
  }

  static func sqrt(_ x: Self) -> Self { counted("sqrt", x.value.squareRoot()) }
  static func exp(_ x: Self) -> Self { counted("exp", Foundation.exp(x.value)) }
  static func expMinusOne(_ x: Self) -> Self { counted("expm1", Foundation.expm1(x.value)) }
  static func log(_ x: Self) -> Self { counted("log", Foundation.log(x.value)) }
  static func log(onePlus x: Self) -> Self { counted("log1p", Foundation.log1p(x.value)) }
  static func pow(_ x: Self, _ y: Self) -> Self { counted("pow", Foundation.pow(x.value, y.value)) }
  static func tanh(_ x: Self) -> Self { counted("tanh", Foundation.tanh(x.value)) }

  // IEEE comparisons, each counted.
  static func < (a: Self, b: Self) -> Bool {
    tally?.note("compare")
    return a.value < b.value
  }
  static func <= (a: Self, b: Self) -> Bool {
    tally?.note("compare")
    return a.value <= b.value
  }
  static func > (a: Self, b: Self) -> Bool {
    tally?.note("compare")
    return a.value > b.value
  }
  static func >= (a: Self, b: Self) -> Bool {
    tally?.note("compare")
    return a.value >= b.value
  }
  static func == (a: Self, b: Self) -> Bool {
    tally?.note("compare")
    return a.value == b.value
  }
}

/// `body`'s operation counts.
func tallied(_ body: () -> Void) -> [String: Int] {
  let tally = OperationTally()
  CountingReal.$tally.withValue(tally) { body() }
  return tally.counts
}
