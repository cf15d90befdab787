import CMPFR

#if canImport(Glibc)
import Glibc
#endif

/// The registers behind `MPFRReal` values on one thread, at one precision.
///
/// A register is an `mpfr_t` header plus its limbs, initialised once (MPFR's custom interface,
/// `mpfr_custom_init_set`) and then reused: an operation takes the next free register and writes
/// its result there, so no MPFR operation allocates (the MPFR manual warns of slowdowns up to 15×
/// from allocating and clearing variables per operation). Registers are handed out like a stack:
/// `MPFRReal.scope` remembers the top and releases everything taken inside it on exit.
@usableFromInline
final class MPFRArena {
  @usableFromInline static let chunkShift = 10
  @usableFromInline static let chunkSize = 1 << chunkShift

  @usableFromInline let precision: Int
  @usableFromInline var chunks: [UnsafeMutablePointer<__mpfr_struct>] = []
  @usableFromInline var limbs: [UnsafeMutablePointer<mp_limb_t>] = []
  @usableFromInline var top = 0

  /// Shared constants; never written after creation, so every value may alias them.
  @usableFromInline var zero: UnsafeMutablePointer<__mpfr_struct>! = nil
  @usableFromInline var one: UnsafeMutablePointer<__mpfr_struct>! = nil
  @usableFromInline var nan: UnsafeMutablePointer<__mpfr_struct>! = nil
  @usableFromInline var infinity: UnsafeMutablePointer<__mpfr_struct>! = nil

  init(precision: Int) {
    self.precision = precision
    zero = take(); mpfr_set_zero(zero, 1)
    one = take(); mpfr_set_ui(one, 1, MPFR_RNDN)
    nan = take(); mpfr_set_nan(nan)
    infinity = take(); mpfr_set_inf(infinity, 1)
  }

  deinit {
    for chunk in chunks { chunk.deallocate() }
    for block in limbs { block.deallocate() }
  }

  /// The index below which registers are permanent (the constants).
  var base: Int { 4 }

  @inlinable @inline(__always)
  func take() -> UnsafeMutablePointer<__mpfr_struct> {
    let chunk = top >> MPFRArena.chunkShift
    if chunk == chunks.count { grow() }
    let register = chunks[chunk] + (top & (MPFRArena.chunkSize - 1))
    top += 1
    return register
  }

  @usableFromInline
  func grow() {
    let limbsPerRegister = (precision + MemoryLayout<mp_limb_t>.size * 8 - 1) / (MemoryLayout<mp_limb_t>.size * 8)
    let headers = UnsafeMutablePointer<__mpfr_struct>.allocate(capacity: MPFRArena.chunkSize)
    let block = UnsafeMutablePointer<mp_limb_t>.allocate(
      capacity: MPFRArena.chunkSize * limbsPerRegister)
    for i in 0..<MPFRArena.chunkSize {
      let significand = UnsafeMutableRawPointer(block + i * limbsPerRegister)
      mpfr_custom_init(significand, mpfr_prec_t(precision))
      mpfr_custom_init_set(
        headers + i, Int32(MPFR_NAN_KIND.rawValue), 0, mpfr_prec_t(precision), significand)
    }
    chunks.append(headers)
    limbs.append(block)
  }
}

/// Per-thread state: the arena in use and one arena per precision used so far.
@usableFromInline
final class MPFRThreadState {
  @usableFromInline var current: MPFRArena
  var arenas: [Int: MPFRArena]

  init() {
    current = MPFRArena(precision: MPFRReal.defaultPrecision)
    arenas = [MPFRReal.defaultPrecision: current]
    // The reference needs MPFR's widest exponent range (exp(1e4) must not overflow).
    mpfr_set_emin(mpfr_get_emin_min())
    mpfr_set_emax(mpfr_get_emax_max())
  }

  func arena(precision: Int) -> MPFRArena {
    if let arena = arenas[precision] { return arena }
    let arena = MPFRArena(precision: precision)
    arenas[precision] = arena
    return arena
  }
}

private let threadStateKey: pthread_key_t = {
  var key = pthread_key_t()
  pthread_key_create(&key) { state in
    Unmanaged<MPFRThreadState>.fromOpaque(state!).release()
  }
  return key
}()

/// This thread's MPFR state, created on first use.
@usableFromInline
func mpfrThreadState() -> MPFRThreadState {
  if let raw = pthread_getspecific(threadStateKey) {
    return Unmanaged<MPFRThreadState>.fromOpaque(raw).takeUnretainedValue()
  }
  let state = MPFRThreadState()
  pthread_setspecific(threadStateKey, Unmanaged.passRetained(state).toOpaque())
  return state
}
