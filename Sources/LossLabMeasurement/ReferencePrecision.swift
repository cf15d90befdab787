import LossLabReference

/// How precise the MPFR reference is.
public enum ReferencePrecision: Sendable, Hashable, CustomStringConvertible {
  /// Every point at this many bits, taken as is (no certification).
  case fixed(Int)
  /// Certified: each point starts low and is measured again at twice the precision until every
  /// figure derived from the reference is the same at both ends of its error ball, up to `cap`
  /// bits; points that `cap` does not certify are counted as uncertified.
  case adaptive(cap: Int)

  /// The default: adaptive up to 4096 bits.
  public static let standard = ReferencePrecision.adaptive(cap: MPFRReal.precisionRange.upperBound)

  /// The first precision tried: 128 bits. A float64 figure (the error of a result within an ulp
  /// or so of the exact value, as a Double) needs the reference to about 2^-106, which 64 bits
  /// never gives, and every default table has a float64 column.
  public var start: Int {
    switch self {
    case .fixed(let bits): return bits
    case .adaptive(let cap): return min(cap, 128)
    }
  }

  /// The largest precision this setting uses.
  public var cap: Int {
    switch self {
    case .fixed(let bits): return bits
    case .adaptive(let cap): return cap
    }
  }

  /// The precision of the running-loss curves' exact values (one long recurrence, not
  /// certified): the fixed precision, or 256 bits with `auto`.
  public var curveBits: Int {
    if case .fixed(let bits) = self { return bits }
    return MPFRReal.defaultPrecision
  }

  public var description: String {
    switch self {
    case .fixed(let bits): return "\(bits)"
    case .adaptive(let cap): return cap == MPFRReal.precisionRange.upperBound ? "auto" : "auto:\(cap)"
    }
  }

  /// `auto`, `auto:CAP` or a number of bits in 64...4096; nil otherwise.
  public init?(_ text: String) {
    let range = MPFRReal.precisionRange
    if text == "auto" {
      self = .standard
    } else if text.hasPrefix("auto:"), let cap = Int(text.dropFirst(5)), range.contains(cap) {
      self = .adaptive(cap: cap)
    } else if let bits = Int(text), range.contains(bits) {
      self = .fixed(bits)
    } else {
      return nil
    }
  }
}
