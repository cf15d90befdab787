import CMPFR

/// A long-lived MPFR variable that outlives scopes: an accumulator or a recurrence's state.
///
/// `MPFRReal` values are released when their scope ends; a register keeps its value across
/// scopes, so a reference can stream over ten million examples with one scope per example and
/// constant memory. Allocated once (`mpfr_init2`), updated in place, cleared on deinit.
public final class MPFRRegister {
  @usableFromInline var storage = __mpfr_struct()

  /// A register at the current thread's reference precision, holding `initial`.
  public init(_ initial: Double = 0) {
    mpfr_init2(&storage, mpfr_prec_t(MPFRReal.precision))
    mpfr_set_d(&storage, initial, MPFR_RNDN)
  }

  deinit { mpfr_clear(&storage) }

  /// The current value, copied into a register of the current scope.
  public var value: MPFRReal {
    let r = MPFRReal.fresh()
    withUnsafeMutablePointer(to: &storage) { _ = mpfr_set(r.register, $0, MPFR_RNDN) }
    return r
  }

  public func set(_ x: MPFRReal) {
    withUnsafeMutablePointer(to: &storage) { _ = mpfr_set($0, x.register, MPFR_RNDN) }
  }

  /// Adds the binary64 value `x` in place, rounding once.
  public func add(_ x: Double) {
    withUnsafeMutablePointer(to: &storage) { _ = mpfr_add_d($0, $0, x, MPFR_RNDN) }
  }

  /// Adds `x` in place, rounding once.
  public func add(_ x: MPFRReal) {
    withUnsafeMutablePointer(to: &storage) { _ = mpfr_add($0, $0, x.register, MPFR_RNDN) }
  }
}
