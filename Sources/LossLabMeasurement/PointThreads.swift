import Dispatch
import Foundation
import LossLabLosses
import LossLabReference

/// `body(k)` for every k in `0..<count`, on up to `threads` threads, the results in the order of
/// k; nil as soon as one `body(k)` is nil (no task starts after that). Each k is computed on its
/// own, so the results do not depend on which thread takes which (or on `threads`).
///
/// This is how one very large point shares its work out (`measurePoint(_:_:threads:)`): a format
/// per task, so that the threads work on one batch in memory instead of one batch each. A thread
/// other than the caller's gives back its memos of elementary functions when it is done (the
/// caller keeps its own, as a runner worker does between points).
///
/// `callerFirst`, if given, is work the calling thread does before it takes a task, while the
/// others start on them; it does not run if the calling thread takes no part.
package func concurrentMap<R>(
  _ count: Int, threads: Int, callerFirst: (() -> Void)? = nil, _ body: (Int) -> R?
) -> [R]? {
  guard threads > 1, count > 1 else {
    callerFirst?()
    var results: [R] = []
    for k in 0..<count {
      guard let result = body(k) else { return nil }
      results.append(result)
    }
    return results
  }
  let slots = MapSlots<R>(count: count)
  let caller = pthread_self()
  withoutActuallyEscaping(body) { body in
    let work = MapWork(body: body, callerFirst: callerFirst)
    DispatchQueue.concurrentPerform(iterations: min(threads, count)) { _ in
      let isCaller = pthread_equal(pthread_self(), caller) != 0
      if isCaller, let first = work.callerFirst, slots.claimCallerFirst() { first() }
      while let k = slots.next() { slots.store(work.body(k), at: k) }
      if !isCaller { MPFRReal.releaseRememberedFunctions() }
    }
  }
  return slots.results()
}

/// The task body, handed to the threads of `concurrentMap` (it only reads what it captures).
private struct MapWork<R>: @unchecked Sendable {
  let body: (Int) -> R?
  let callerFirst: (() -> Void)?
}

/// The next task to take and the results by task, shared by the threads of `concurrentMap`.
private final class MapSlots<R>: @unchecked Sendable {
  private var slots: [R?]
  private var taken = 0
  private var stopped = false
  private var callerFirstTaken = false
  private let lock = NSLock()

  init(count: Int) { slots = Array(repeating: nil, count: count) }

  /// True the first time only (the calling thread may run more than one iteration).
  func claimCallerFirst() -> Bool {
    lock.lock()
    defer { lock.unlock() }
    defer { callerFirstTaken = true }
    return !callerFirstTaken
  }

  /// The next task, nil when all are taken or one came back nil.
  func next() -> Int? {
    lock.lock()
    defer { lock.unlock() }
    guard taken < slots.count, !stopped else { return nil }
    taken += 1
    return taken - 1
  }

  func store(_ value: R?, at index: Int) {
    lock.lock()
    slots[index] = value
    if value == nil { stopped = true }
    lock.unlock()
  }

  /// Every result, or nil if one task came back nil.
  func results() -> [R]? { stopped ? nil : slots.map { $0! } }
}

/// A point's native results and its first reference attempt (at `bits`, in the caller's
/// `withPrecision` scope), on `threads` threads at once (`concurrentMap` over the formats): the
/// calling thread first computes the formulas' part of the reference (`formulaReference`, whose
/// balls live in its registers) while the others start on the formats; each format's task
/// computes its natives and, if the formulas' part is there by then, its figures. No thread
/// waits for it (the calling thread may take no task at all): what is left when the tasks are
/// done (the formulas' part in that case; the figures of the formats whose natives finished
/// first) is computed after, the figures again on `threads` threads. The results do not depend
/// on which thread took what.
func overlappedFirstAttempt(
  _ batch: Batch<Double>, _ setup: PointSetup, certify: Bool, bits: Int, givingUp: Bool,
  threads: Int
) -> (natives: [NativeResults], attempt: ReferenceAttempt?) {
  let shared = SharedFormulas()
  // Per format: its natives, and its figures if they were computed (nil otherwise).
  let tasks = concurrentMap(
    setup.formats.count, threads: threads,
    callerFirst: {
      if shared.claim() { shared.set(formulaReference(batch, setup, certify: certify, givingUp: givingUp)) }
    }
  ) { k -> (NativeResults, [ReferenceFigure<FormatFigures>]?) in
    let natives = setup.formats[k].visit(NativeMeasurement(batch: batch, setup: setup))
    guard let formulas = shared.ready() else { return (natives, nil) }
    let figures = MPFRReal.withPrecision(bits) {
      formatFigures(k, batch, setup, formulas, natives, certify: certify, givingUp: givingUp)
    }
    if figures == nil { shared.fail() }
    return (natives, figures)
  }!
  let natives = tasks.map(\.0)
  let formulas =
    shared.claim() ? formulaReference(batch, setup, certify: certify, givingUp: givingUp) : shared.ready()
  guard let formulas else { return (natives, nil) }
  var figures = tasks.map(\.1)
  let pending = figures.indices.filter { figures[$0] == nil }
  guard
    let late = formatsFigures(
      pending, batch, setup, formulas, natives, certify: certify, bits: bits, givingUp: givingUp,
      threads: threads)
  else { return (natives, nil) }
  for (i, k) in pending.enumerated() { figures[k] = late[i] }
  return (natives, ReferenceAttempt(setup, formulas, figures.map { $0! }, bits: bits))
}

/// The formulas' part of `overlappedFirstAttempt`, computed once and read by every thread.
private final class SharedFormulas: @unchecked Sendable {
  private let lock = NSLock()
  private var claimed = false
  /// The formulas' part once computed and every figure so far certain enough to go on.
  private var value: FormulaReference?
  /// A formula's or a format's figure was not certain: the attempt is given up.
  private var failed = false

  private func locked<R>(_ body: () -> R) -> R {
    lock.lock()
    defer { lock.unlock() }
    return body()
  }

  /// True the first time only: the caller of it computes the formulas' part.
  func claim() -> Bool {
    locked {
      defer { claimed = true }
      return !claimed
    }
  }
  /// The formulas' part, nil where one of its figures was not certain.
  func set(_ formulas: FormulaReference?) {
    locked {
      value = formulas
      if formulas == nil { failed = true }
    }
  }
  func fail() { locked { failed = true } }
  /// The formulas' part if it is computed and nothing has failed.
  func ready() -> FormulaReference? { locked { failed ? nil : value } }
}
