/// The four machine formats, their names on the command line and their constants.
///
/// `precision` counts the significand bits including the hidden one. `mpfrMinExponent` and
/// `mpfrMaxExponent` are the exponent range to give MPFR (whose significands lie in [1/2, 1)) so
/// that rounding at `precision` followed by `mpfr_subnormalize` reproduces the format exactly,
/// subnormals and overflow included (shared/numerics-card.md, "Swift and MPFR on this machine").
public enum Format: String, CaseIterable, Sendable, Comparable {
  case float16, bfloat16, float32, float64

  public var precision: Int {
    switch self {
    case .float16: 11
    case .bfloat16: 8
    case .float32: 24
    case .float64: 53
    }
  }

  /// Exponent of the smallest normal number: the normals are `[2^minNormalExponent, max]`.
  public var minNormalExponent: Int {
    switch self {
    case .float16: -14
    case .bfloat16, .float32: -126
    case .float64: -1022
    }
  }

  /// Exponent of the largest finite binade: the largest finite value is `(2 - 2^(1-p)) 2^e`.
  public var maxExponent: Int {
    switch self {
    case .float16: 15
    case .bfloat16, .float32: 127
    case .float64: 1023
    }
  }

  public var bitWidth: Int {
    switch self {
    case .float16, .bfloat16: 16
    case .float32: 32
    case .float64: 64
    }
  }

  /// MPFR's emin for this format: the smallest subnormal is `2^(emin - 1)`.
  public var mpfrMinExponent: Int { minNormalExponent - precision + 2 }
  /// MPFR's emax for this format.
  public var mpfrMaxExponent: Int { maxExponent + 1 }

  /// Unit roundoff `u = 2^-p`.
  public var unitRoundoff: Double { Double(sign: .plus, exponent: -precision, significand: 1) }
  /// The smallest positive subnormal, `2^(minNormalExponent - p + 1)`.
  public var leastNonzeroMagnitude: Double {
    Double(sign: .plus, exponent: minNormalExponent - precision + 1, significand: 1)
  }
  public var leastNormalMagnitude: Double {
    Double(sign: .plus, exponent: minNormalExponent, significand: 1)
  }
  public var greatestFiniteMagnitude: Double {
    let ulpOfOne = Double(sign: .plus, exponent: 1 - precision, significand: 1)
    return (2 - ulpOfOne) * Double(sign: .plus, exponent: maxExponent, significand: 1)
  }

  /// The spacing of the format's numbers around `x` (a finite Double): `2^(e - p + 1)` for `x`
  /// in binade `e`, and the subnormal spacing below the normals.
  public func ulp(at x: Double) -> Double {
    let magnitude = abs(x)
    guard magnitude >= leastNormalMagnitude else { return leastNonzeroMagnitude }
    let e = min(Int(magnitude.exponent), maxExponent)
    return Double(sign: .plus, exponent: e - precision + 1, significand: 1)
  }

  public static func < (a: Format, b: Format) -> Bool {
    allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
  }

  /// Calls `visitor` with this format's Swift type, so generic code runs specialized per format.
  @inlinable
  public func visit<V: FormatVisitor>(_ visitor: V) -> V.Result {
    switch self {
    case .float16: visitor.visit(Float16.self)
    case .bfloat16: visitor.visit(BFloat16.self)
    case .float32: visitor.visit(Float.self)
    case .float64: visitor.visit(Double.self)
    }
  }
}

/// Generic code to run for one format; see `Format.visit(_:)`.
public protocol FormatVisitor {
  associatedtype Result
  func visit<T: MachineFloat>(_ type: T.Type) -> Result
}

extension Format {
  /// float16 and bfloat16.
  public var isSixteenBit: Bool {
    switch self {
    case .float16, .bfloat16: true
    case .float32, .float64: false
    }
  }
}
