import LossLabExpressions
import LossLabFormats

/// Vigna's SplitMix64: a tiny, fully specified generator, so every "random" input here is the
/// same on every machine and can be regenerated from its seed.
struct SplitMix64 {
  var state: UInt64

  init(seed: UInt64) { state = seed }

  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  mutating func pick<C: Collection>(_ values: C) -> C.Element where C.Index == Int {
    values[values.startIndex + Int(next() % UInt64(values.count))]
  }
}

/// The same encoding, or both NaN (whatever their payloads).
func sameBits<T: MachineFloat>(_ a: T, _ b: T) -> Bool {
  (a.isNaN && b.isNaN) || a.encoding == b.encoding
}

/// Inputs that exercise every edge of a format: zeros, ±1, the smallest subnormal and normal,
/// the largest finite, ±inf, NaN, and ordinary values around 0 and 1.
func edgeValues<T: MachineFloat>(_: T.Type) -> [T] {
  let f = T.format
  let doubles: [Double] = [
    0, -0.0, 1, -1, 0.5, 2, 0.3, -0.7, 1e-3, 0.999, 7, -12, 100, 1e4,
    f.leastNonzeroMagnitude, f.leastNormalMagnitude, -f.leastNormalMagnitude,
    f.greatestFiniteMagnitude, -f.greatestFiniteMagnitude, .infinity, -.infinity, .nan,
  ]
  return doubles.map { T(nearest: $0) }
}

/// A literal's text rounded to `T` (through Double: close enough for tests, which give the
/// hand-written twin the same value).
func rounded<T: MachineFloat>(_ text: String) -> T {
  guard let value = Double(text) else { fatalError("not a number: \(text)") }
  return T(nearest: value)
}

/// `source` compiled; traps with the message if it does not compile (a test bug).
func program(
  _ source: String, _ shape: ExpressionShape = .elementwise, parameters: [String] = [],
  weights: Bool = false
) -> ExpressionProgram {
  do {
    return try ExpressionProgram.compile(
      source, shape: shape, parameters: parameters, weights: weights)
  } catch {
    fatalError("\(source) does not compile: \(error)\n\(error.pointingAtColumn())")
  }
}

/// An evaluator of `source` in `T` with `parameters` given by name.
func evaluator<T: MachineFloat>(
  _ source: String, _ shape: ExpressionShape = .elementwise, _ parameters: [(String, T)] = [],
  weights: Bool = false
) -> ExpressionEvaluator<T> {
  let compiled = program(source, shape, parameters: parameters.map(\.0), weights: weights)
  return ExpressionEvaluator(compiled, constant: rounded, parameters: parameters.map(\.1))
}
