import CMPFR
import CThreadSlot

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
///
/// The class owns the memory; the hot path (`MPFRArenaCursor.take`) works on a plain struct
/// behind a pointer, so taking a register costs no reference counting and no exclusivity check
/// (those were two thirds of LossLab's overhead over C on cheap operations such as MSE).
@usableFromInline
final class MPFRArena {
  @inlinable static var chunkShift: Int { 10 }
  @inlinable static var chunkSize: Int { 1 << chunkShift }

  @usableFromInline let cursor: UnsafeMutablePointer<MPFRArenaCursor>
  var limbs: [UnsafeMutablePointer<mp_limb_t>] = []

  var precision: Int { cursor.pointee.precision }

  /// The index of the next free register.
  @usableFromInline var top: Int {
    get { cursor.pointee.top }
    set { cursor.pointee.top = newValue }
  }

  init(precision: Int) {
    cursor = .allocate(capacity: 1)
    cursor.initialize(to: MPFRArenaCursor(precision: precision))
    cursor.pointee.owner = Unmanaged.passUnretained(self)
    let c = cursor
    c.pointee.zero = MPFRArenaCursor.take(c); mpfr_set_zero(c.pointee.zero, 1)
    c.pointee.one = MPFRArenaCursor.take(c); mpfr_set_ui(c.pointee.one, 1, MPFR_RNDN)
    c.pointee.nan = MPFRArenaCursor.take(c); mpfr_set_nan(c.pointee.nan)
    c.pointee.infinity = MPFRArenaCursor.take(c); mpfr_set_inf(c.pointee.infinity, 1)
    c.pointee.memo = MPFRBallMemo(precision: precision)
  }

  deinit {
    for i in 0..<cursor.pointee.chunkCount { cursor.pointee.chunks![i].deallocate() }
    cursor.pointee.chunks?.deallocate()
    for block in limbs { block.deallocate() }
    cursor.pointee.memo?.deallocate()
    cursor.deinitialize(count: 1)
    cursor.deallocate()
  }

  /// Adds a chunk of `chunkSize` registers.
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
    let c = cursor
    if c.pointee.chunkCount == c.pointee.chunkTableCapacity {
      let capacity = max(8, 2 * c.pointee.chunkTableCapacity)
      let table = UnsafeMutablePointer<UnsafeMutablePointer<__mpfr_struct>>.allocate(
        capacity: capacity)
      if let old = c.pointee.chunks {
        table.initialize(from: old, count: c.pointee.chunkCount)
        old.deallocate()
      }
      c.pointee.chunks = table
      c.pointee.chunkTableCapacity = capacity
    }
    (c.pointee.chunks! + c.pointee.chunkCount).initialize(to: headers)
    c.pointee.chunkCount += 1
    c.pointee.capacity += MPFRArena.chunkSize
    limbs.append(block)
  }
}

/// An arena's hot state: where the next register is and where the chunks are.
@usableFromInline
struct MPFRArenaCursor {
  /// The index of the next free register; `capacity` registers exist.
  @usableFromInline var top = 0
  @usableFromInline var capacity = 0
  @usableFromInline var chunks: UnsafeMutablePointer<UnsafeMutablePointer<__mpfr_struct>>? = nil
  var chunkCount = 0
  var chunkTableCapacity = 0
  @usableFromInline let precision: Int
  /// How many comparisons of `MPFRBall` values could not be decided since the counter was last
  /// read (see `MPFRBall.undecidedComparisons`).
  @usableFromInline var undecided = 0
  /// How many unknown balls this arena has named (each gets a name of its own).
  @usableFromInline var unknownNames: UInt64 = 0
  /// Shared constants, the arena's first four registers; never written after creation, so
  /// every value may alias them.
  @usableFromInline var zero: UnsafeMutablePointer<__mpfr_struct>! = nil
  @usableFromInline var one: UnsafeMutablePointer<__mpfr_struct>! = nil
  @usableFromInline var nan: UnsafeMutablePointer<__mpfr_struct>! = nil
  @usableFromInline var infinity: UnsafeMutablePointer<__mpfr_struct>! = nil
  /// The memo of elementary functions on balls at this precision (see `MPFRBallMemo`).
  @usableFromInline var memo: MPFRBallMemo? = nil
  /// The arena that owns this cursor (which keeps it alive).
  @usableFromInline var owner: Unmanaged<MPFRArena>? = nil

  init(precision: Int) { self.precision = precision }

  /// The next free register of the arena behind `cursor`.
  @inlinable @inline(__always)
  static func take(_ cursor: UnsafeMutablePointer<MPFRArenaCursor>)
    -> UnsafeMutablePointer<__mpfr_struct>
  {
    let top = cursor.pointee.top
    if _slowPath(top == cursor.pointee.capacity) { grow(cursor) }
    cursor.pointee.top = top + 1
    return cursor.pointee.chunks.unsafelyUnwrapped[top &>> MPFRArena.chunkShift]
      + (top & (MPFRArena.chunkSize &- 1))
  }

  @usableFromInline @inline(never)
  static func grow(_ cursor: UnsafeMutablePointer<MPFRArenaCursor>) {
    cursor.pointee.owner!.takeUnretainedValue().grow()
  }
}

/// Per-thread state: the arena in use and one arena per precision used so far.
@usableFromInline
final class MPFRThreadState {
  /// The arena in use; setting it also points this thread's slot at its cursor.
  @usableFromInline var current: MPFRArena {
    didSet { slot?.pointee.current = current.cursor }
  }
  var arenas: [Int: MPFRArena]
  /// This thread's slot (set once the slot exists).
  var slot: UnsafeMutablePointer<MPFRThreadSlot>? = nil

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

/// What the thread's slot holds (a C thread-local pointer, read inline; the thread-specific
/// key holds it too, for its destructor): the current arena's cursor (read on every operation,
/// without reference counting) and the thread's state, which owns the arenas.
@usableFromInline
struct MPFRThreadSlot {
  @usableFromInline var current: UnsafeMutablePointer<MPFRArenaCursor>
  var state: Unmanaged<MPFRThreadState>
}

let threadSlotKey: pthread_key_t = {
  var key = pthread_key_t()
  pthread_key_create(&key) { raw in
    losslab_set_thread_slot(nil)
    let slot = raw!.assumingMemoryBound(to: MPFRThreadSlot.self)
    slot.pointee.state.release()
    slot.deinitialize(count: 1)
    slot.deallocate()
  }
  return key
}()

/// This thread's slot, created on first use.
@usableFromInline @inline(never)
func newThreadSlot() -> UnsafeMutablePointer<MPFRThreadSlot> {
  let state = MPFRThreadState()
  let slot = UnsafeMutablePointer<MPFRThreadSlot>.allocate(capacity: 1)
  slot.initialize(to: MPFRThreadSlot(current: state.current.cursor, state: .passRetained(state)))
  state.slot = slot
  pthread_setspecific(threadSlotKey, slot)
  losslab_set_thread_slot(slot)
  return slot
}

@inlinable @inline(__always)
func threadSlot() -> UnsafeMutablePointer<MPFRThreadSlot> {
  if let raw = losslab_thread_slot() {
    return raw.assumingMemoryBound(to: MPFRThreadSlot.self)
  }
  return newThreadSlot()
}

/// The cursor of this thread's current arena.
@inlinable @inline(__always)
func currentCursor() -> UnsafeMutablePointer<MPFRArenaCursor> { threadSlot().pointee.current }

extension MPFRReal {
  /// Makes this thread's memos of elementary functions (`MPFRBallMemo`) forget what they hold,
  /// so that a benchmark repeating the same inputs times each repetition as a first pass (the C
  /// floor it is compared with remembers nothing).
  public static func forgetRememberedFunctions() {
    for arena in mpfrThreadState().arenas.values { arena.cursor.pointee.memo?.clear() }
  }

  /// The most a thread's memo of elementary functions holds per precision it computes at (its
  /// slots and its entries' budget).
  public static var rememberedFunctionsBytesPerPrecision: Int {
    MPFRBallMemo.slotBytes + MPFRBallMemo.budgetBytes
  }

  /// Gives back the memory this thread's memos of elementary functions hold (up to about 17 MB
  /// per precision used; they start again empty). A worker calls it when its share of an
  /// experiment is done, so that one experiment's memos do not stay resident through the next.
  /// Values are unaffected: a memo only ever answers with a result equal to a recomputation.
  public static func releaseRememberedFunctions() {
    for arena in mpfrThreadState().arenas.values {
      let cursor = arena.cursor
      cursor.pointee.memo?.deallocate()
      cursor.pointee.memo = MPFRBallMemo(precision: cursor.pointee.precision)
    }
  }
}

/// This thread's MPFR state, created on first use.
@usableFromInline
func mpfrThreadState() -> MPFRThreadState {
  threadSlot().pointee.state.takeUnretainedValue()
}
