import CMPFR

extension MPFRReal {
  /// The figures of the distance `|c - self|` between a Double and this value, each rounded once
  /// to Double from the exact distance (an MPFR variable wide enough to hold it): the distance,
  /// the distance times 2^k, and the distance relative to `|self|` (0 for 0 against 0, +inf
  /// against an exact 0 otherwise). Both values must be finite.
  ///
  /// Rounding once matters to the certified reference: a figure rounded first at the reference's
  /// precision and then to Double can land on the other side of a Double tie, and then the
  /// figure is no longer a monotone function of the exact value.
  public func distanceFigures(from c: Double, timesPowerOfTwo k: Int)
    -> (absolute: Double, scaled: Double, relative: Double)
  {
    precondition(c.isFinite && isFinite, "distanceFigures needs finite values")
    // The bits of c and of self span [bottom, top); one more bit for a carry.
    var top = Int.min, bottom = Int.max
    if c != 0 {
      top = Int(c.exponent) + 1
      bottom = Int(c.ulp.exponent)
    }
    if !isZero {
      let e = Int(register.pointee._mpfr_exp)
      top = max(top, e)
      bottom = min(bottom, e - Int(register.pointee._mpfr_prec))
    }
    let bits = c == 0 && isZero ? 53 : min(max(53, top - bottom + 2), 1 << 16)
    let limbCount = (bits + 63) >> 6 + 1
    return withUnsafeTemporaryAllocation(of: mp_limb_t.self, capacity: limbCount + 1) { limbs in
      var cHeader = __mpfr_struct(), dHeader = __mpfr_struct()
      mpfr_custom_init(limbs.baseAddress, 53)
      mpfr_custom_init_set(&cHeader, Int32(MPFR_NAN_KIND.rawValue), 0, 53, limbs.baseAddress)
      mpfr_custom_init(limbs.baseAddress! + 1, mpfr_prec_t(bits))
      mpfr_custom_init_set(
        &dHeader, Int32(MPFR_NAN_KIND.rawValue), 0, mpfr_prec_t(bits), limbs.baseAddress! + 1)
      return withUnsafeMutablePointer(to: &cHeader) { cValue in
        withUnsafeMutablePointer(to: &dHeader) { distance in
          mpfr_set_d(cValue, c, MPFR_RNDN)
          mpfr_sub(distance, cValue, register, MPFR_RNDN)
          mpfr_abs(distance, distance, MPFR_RNDN)
          let absolute = mpfr_get_d(distance, MPFR_RNDN)
          let relative: Double
          if isZero {
            relative = losslab_mpfr_zero_p(distance) != 0 ? 0 : .infinity
          } else {
            // The distance is nonnegative: the quotient's size is the relative distance.
            relative = Swift.abs(withFormatRegister(.float64) { quotient in
              mpfr_div(quotient, distance, register, MPFR_RNDN)
            })
          }
          mpfr_mul_2si(distance, distance, k, MPFR_RNDN)
          return (absolute, mpfr_get_d(distance, MPFR_RNDN), relative)
        }
      }
    }
  }
}
