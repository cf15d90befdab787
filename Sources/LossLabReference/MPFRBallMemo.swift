import CMPFR

#if canImport(Glibc)
import Glibc
#endif

/// A per-thread, per-precision memo of the elementary functions on balls (`exp`, `log`,
/// `log1p`): the ball an operation returned, kept by its operand, so that an operand met again
/// costs a copy instead of MPFR's function.
///
/// Grids meet the same operands over and over: the ideal binary cross-entropy from a logit x
/// takes `log1p(exp(-|x|))` for both softplus(x) and softplus(-x), and a map of every float16
/// logit against many targets meets each logit once per target (every 63,487 points), at each
/// precision its points climb to.
///
/// A hit gives exactly the ball the call would have made: the key is the operation, the
/// operand's exact value (sign included, so -0 is not +0), its bound bit for bit and, for an
/// inexact operand, its name (an exact operand's result depends on its value only: see
/// `named` and `log1pName`); an entry is used only after its operand is compared with
/// `mpfr_equal_p`, its sign, bound and name, never on the hash alone. The result is copied into
/// a fresh register of the current scope with `mpfr_set` at the same precision (exact), so no
/// cached value aliases arena storage that a scope releases. Operands of another precision and
/// NaN operands (equal to nothing) are never kept.
///
/// Direct-mapped: 2^18 slots (1 MB) point into entries allocated as they are first needed, in
/// chunks, up to 16 MB of entries per table (at 128 bits 160 bytes each, about 100,000; at 4096
/// bits 1,152); a new operand replaces the one in its slot, and once the entries are all in use
/// an empty slot stays empty. So memory follows the distinct operands met, up to about 17 MB per
/// precision a thread uses (an adaptive run uses up to six: 128 to 4096 bits).
@usableFromInline
struct MPFRBallMemo {
  /// One remembered operation; its operand's and result's limbs follow it.
  @usableFromInline
  struct Entry {
    /// The key's hash (never 0).
    @usableFromInline var tag: UInt64
    @usableFromInline var operation: UInt64
    @usableFromInline var operandBound: ErrorBound
    @usableFromInline var operandName: UInt64
    @usableFromInline var resultBound: ErrorBound
    @usableFromInline var resultName: UInt64
    @usableFromInline var operand: __mpfr_struct
    @usableFromInline var result: __mpfr_struct
  }

  /// Per slot, 0 when empty, else the number of its entry plus one.
  @usableFromInline let slots: UnsafeMutablePointer<UInt32>
  /// The chunks of entries made so far (`chunkSize` entries each), and how many entries are in
  /// use (behind a pointer: the memo is read by value from the arena's cursor).
  @usableFromInline let chunks: UnsafeMutablePointer<UnsafeMutableRawPointer?>
  @usableFromInline let used: UnsafeMutablePointer<Int>
  @usableFromInline let capacity: Int
  /// Bytes from one entry to the next: the entry and two values' limbs.
  @usableFromInline let stride: Int
  @usableFromInline let precision: Int

  @usableFromInline static var slotCount: Int { 1 << 18 }
  @usableFromInline static var chunkShift: Int { 10 }
  static let budgetBytes = 16 << 20

  init(precision: Int) {
    self.precision = precision
    stride = MemoryLayout<Entry>.stride + 2 * ((precision + 63) >> 6) * MemoryLayout<mp_limb_t>.stride
    capacity = min(MPFRBallMemo.slotCount, MPFRBallMemo.budgetBytes / stride)
    slots = MPFRBallMemo.mapPages(MPFRBallMemo.slotBytes).assumingMemoryBound(to: UInt32.self)
    let chunkCount = (capacity >> MPFRBallMemo.chunkShift) + 1
    chunks = .allocate(capacity: chunkCount)
    chunks.initialize(repeating: nil, count: chunkCount)
    used = .allocate(capacity: 1)
    used.initialize(to: 0)
  }

  /// Forgets every entry (their storage stays allocated for reuse).
  func clear() {
    memset(slots, 0, MPFRBallMemo.slotBytes)
    used.pointee = 0
  }

  func deallocate() {
    for i in 0...(capacity >> MPFRBallMemo.chunkShift) {
      if let chunk = chunks[i] { munmap(chunk, chunkBytes) }
    }
    chunks.deallocate()
    used.deallocate()
    munmap(slots, MPFRBallMemo.slotBytes)
  }

  static var slotBytes: Int { slotCount * MemoryLayout<UInt32>.stride }
  var chunkBytes: Int { (1 << MPFRBallMemo.chunkShift) * stride }

  /// Zeroed pages of the system's own, not the heap's: given back whole by `munmap` when the
  /// memo is deallocated (heap chunks this size would stay resident in malloc's arenas).
  static func mapPages(_ bytes: Int) -> UnsafeMutableRawPointer {
    let p = mmap(nil, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0)
    guard let p, p != MAP_FAILED else { fatalError("MPFRBallMemo: out of memory (\(bytes) bytes)") }
    return p
  }

  /// The key's hash (never 0): the operation, the operand's value, bound and, when inexact,
  /// name.
  @inlinable @inline(__always)
  static func key(_ operation: MPFRBall.Operation, _ x: MPFRBall) -> UInt64 {
    var hash = MPFRBall.mix(operation.rawValue, MPFRBall.valueHash(x.midpoint))
    hash = MPFRBall.mix(hash, x.relativeError.significand.bitPattern)
    hash = MPFRBall.mix(hash, UInt64(bitPattern: Int64(x.relativeError.exponent)))
    if !x.isExact { hash = MPFRBall.mix(hash, x.expression) }
    return hash | 1
  }

  @inlinable @inline(__always)
  func slot(_ key: UInt64) -> UnsafeMutablePointer<UInt32> {
    slots + (Int(truncatingIfNeeded: key >> 32) & (MPFRBallMemo.slotCount - 1))
  }

  /// Entry number `n` (made).
  @inlinable @inline(__always)
  func entry(_ n: Int) -> UnsafeMutablePointer<Entry> {
    let chunk = chunks[n >> MPFRBallMemo.chunkShift].unsafelyUnwrapped
    return (chunk + (n & ((1 << MPFRBallMemo.chunkShift) - 1)) * stride)
      .assumingMemoryBound(to: Entry.self)
  }

  /// The entry that remembers `operation` on `x`, if there is one.
  @inlinable @inline(__always)
  func find(_ operation: MPFRBall.Operation, _ x: MPFRBall, key: UInt64)
    -> UnsafeMutablePointer<Entry>?
  {
    let n = Int(slot(key).pointee)
    guard n != 0 else { return nil }
    let e = entry(n - 1)
    guard e.pointee.tag == key, e.pointee.operation == operation.rawValue,
      e.pointee.operandBound.significand.bitPattern == x.relativeError.significand.bitPattern,
      e.pointee.operandBound.exponent == x.relativeError.exponent,
      x.isExact || e.pointee.operandName == x.expression,
      mpfr_equal_p(&e.pointee.operand, x.midpoint.register) != 0,
      (losslab_mpfr_signbit(&e.pointee.operand) != 0) == x.midpoint.isNegative
    else { return nil }
    return e
  }

  /// Remembers `result` as what `operation` gives on `x`, in place of what its slot held.
  @inlinable @inline(__always)
  func store(_ operation: MPFRBall.Operation, _ x: MPFRBall, key: UInt64, _ result: MPFRBall) {
    let slot = slot(key)
    var n = Int(slot.pointee)
    if n == 0 {
      guard used.pointee < capacity else { return }
      n = used.pointee + 1
      used.pointee = n
      slot.pointee = UInt32(n)
      if chunks[(n - 1) >> MPFRBallMemo.chunkShift] == nil { addChunk(n - 1) }
    }
    let e = entry(n - 1)
    let limbs = UnsafeMutableRawPointer(e) + MemoryLayout<Entry>.stride
    e.pointee.tag = key
    e.pointee.operation = operation.rawValue
    e.pointee.operandBound = x.relativeError
    e.pointee.operandName = x.expression
    e.pointee.resultBound = result.relativeError
    e.pointee.resultName = result.expression
    mpfr_custom_init_set(
      &e.pointee.operand, Int32(MPFR_NAN_KIND.rawValue), 0, mpfr_prec_t(precision), limbs)
    mpfr_custom_init_set(
      &e.pointee.result, Int32(MPFR_NAN_KIND.rawValue), 0, mpfr_prec_t(precision),
      limbs + (stride - MemoryLayout<Entry>.stride) / 2)
    mpfr_set(&e.pointee.operand, x.midpoint.register, MPFR_RNDN)
    mpfr_set(&e.pointee.result, result.midpoint.register, MPFR_RNDN)
  }

  /// Makes the chunk that holds entry `n`.
  @usableFromInline @inline(never)
  func addChunk(_ n: Int) {
    chunks[n >> MPFRBallMemo.chunkShift] = MPFRBallMemo.mapPages(chunkBytes)
  }
}

extension MPFRBall {
  /// `compute(x)`, or the ball it gave before on the same operand at this precision (see
  /// `MPFRBallMemo`).
  @inlinable @inline(__always)
  static func memoized(
    _ operation: Operation, _ x: MPFRBall, _ compute: (MPFRBall) -> MPFRBall
  ) -> MPFRBall {
    guard let memo = currentCursor().pointee.memo,
      Int(x.midpoint.register.pointee._mpfr_prec) == memo.precision, !x.midpoint.isNaN
    else { return compute(x) }
    let key = MPFRBallMemo.key(operation, x)
    if let e = memo.find(operation, x, key: key) {
      let r = MPFRReal.fresh()
      mpfr_set(r.register, &e.pointee.result, MPFR_RNDN)
      return MPFRBall(
        midpoint: r, relativeError: e.pointee.resultBound, expression: e.pointee.resultName)
    }
    let result = compute(x)
    memo.store(operation, x, key: key, result)
    return result
  }
}
