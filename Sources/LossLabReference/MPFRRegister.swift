import CMPFR

/// A long-lived MPFR variable that outlives scopes: an accumulator or a recurrence's state.
///
/// `MPFRReal` values are released when their scope ends; a register keeps its value across
/// scopes, so a reference can stream over ten million examples with one scope per example and
/// constant memory. Allocated once (`mpfr_init2`), updated in place, cleared on deinit. The
/// variable sits behind a pointer rather than in a stored property, so that an update costs no
/// dynamic exclusivity check (it is called once per example).
public final class MPFRRegister {
  @usableFromInline let storage: UnsafeMutablePointer<__mpfr_struct>

  /// A register at the current thread's reference precision, holding `initial`.
  public init(_ initial: Double = 0) {
    storage = .allocate(capacity: 1)
    mpfr_init2(storage, mpfr_prec_t(MPFRReal.precision))
    mpfr_set_d(storage, initial, MPFR_RNDN)
  }

  deinit {
    mpfr_clear(storage)
    storage.deallocate()
  }

  /// The current value, copied into a register of the current scope.
  @inlinable
  public var value: MPFRReal {
    let r = MPFRReal.fresh()
    mpfr_set(r.register, storage, MPFR_RNDN)
    return r
  }

  @inlinable
  public func set(_ x: MPFRReal) { mpfr_set(storage, x.register, MPFR_RNDN) }

  /// Adds the binary64 value `x` in place, rounding once.
  @inlinable
  public func add(_ x: Double) { mpfr_add_d(storage, storage, x, MPFR_RNDN) }

  /// Adds `x` in place, rounding once.
  @inlinable
  public func add(_ x: MPFRReal) { mpfr_add(storage, storage, x.register, MPFR_RNDN) }
}
