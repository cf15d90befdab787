import CMPFR

extension MPFRReal {
  /// `e` with `2^e ≤ |x| < 2^(e+1)` for a finite nonzero x; nil for 0, ±inf and NaN. Exact (not
  /// through a Double, which could round into the next binade).
  public var binadeExponent: Int? {
    guard losslab_mpfr_regular_p(register) != 0 else { return nil }
    return Int(mpfr_get_exp(register)) - 1  // MPFR's significand is in [1/2, 1)
  }

  /// `x · 2^k`, exactly.
  public func timesPowerOfTwo(_ k: Int) -> MPFRReal {
    let r = MPFRReal.fresh()
    mpfr_mul_2si(r.register, register, k, MPFR_RNDN)
    return r
  }
}
