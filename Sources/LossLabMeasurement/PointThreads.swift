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
func concurrentMap<R>(_ count: Int, threads: Int, _ body: (Int) -> R?) -> [R]? {
  guard threads > 1, count > 1 else {
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
    let work = MapWork(body: body)
    DispatchQueue.concurrentPerform(iterations: min(threads, count)) { _ in
      while let k = slots.next() { slots.store(work.body(k), at: k) }
      if pthread_equal(pthread_self(), caller) == 0 { MPFRReal.releaseRememberedFunctions() }
    }
  }
  return slots.results()
}

/// The task body, handed to the threads of `concurrentMap` (it only reads what it captures).
private struct MapWork<R>: @unchecked Sendable {
  let body: (Int) -> R?
}

/// The next task to take and the results by task, shared by the threads of `concurrentMap`.
private final class MapSlots<R>: @unchecked Sendable {
  private var slots: [R?]
  private var taken = 0
  private var stopped = false
  private let lock = NSLock()

  init(count: Int) { slots = Array(repeating: nil, count: count) }

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
/// `withPrecision` scope), on `threads` threads at once: the calling thread computes the
/// formulas' part of the reference (`formulaReference`, whose balls live in its registers) while
/// the others start on the formats; every thread then takes formats, each its natives and, if
/// the formulas' part is there by then, its figures. No thread waits for it (the calling thread
/// may take no iteration at all): what is left when the threads are done (the formulas' part in
/// that case; the figures of the formats whose natives finished first) is computed after, the
/// figures again on `threads` threads. The results do not depend on which thread took what.
func overlappedFirstAttempt(
  _ batch: Batch<Double>, _ setup: PointSetup, certify: Bool, bits: Int, givingUp: Bool,
  threads: Int
) -> (natives: [NativeResults], attempt: ReferenceAttempt?) {
  let count = setup.formats.count
  let state = OverlapState(count: count)
  let caller = pthread_self()
  DispatchQueue.concurrentPerform(iterations: min(threads, count)) { _ in
    let isCaller = pthread_equal(pthread_self(), caller) != 0
    if isCaller && state.claimFormulas() {
      state.setFormulas(formulaReference(batch, setup, certify: certify, givingUp: givingUp))
    }
    while let k = state.nextFormat() {
      let natives = setup.formats[k].visit(NativeMeasurement(batch: batch, setup: setup))
      state.storeNatives(natives, at: k)
      if let formulas = state.readyFormulas() {
        let figures = MPFRReal.withPrecision(bits) {
          formatFigures(k, batch, setup, formulas, natives, certify: certify, givingUp: givingUp)
        }
        state.storeFigures(figures, at: k)
      }
    }
    if !isCaller { MPFRReal.releaseRememberedFunctions() }
  }
  let natives = state.allNatives()
  let formulas =
    state.claimFormulas()
    ? formulaReference(batch, setup, certify: certify, givingUp: givingUp) : state.readyFormulas()
  guard let formulas else { return (natives, nil) }
  // Per format: nil where not computed yet; .some(nil) where a figure was not certain.
  let done = (0..<count).map { state.figures(at: $0) }
  if done.contains(where: { if case .some(.none) = $0 { true } else { false } }) {
    return (natives, nil)
  }
  let pending = (0..<count).filter { if case .none = done[$0] { true } else { false } }
  guard
    let late = formatsFigures(
      pending, batch, setup, formulas, natives, certify: certify, bits: bits, givingUp: givingUp,
      threads: threads)
  else { return (natives, nil) }
  var perFormat = done.map { $0 ?? nil }
  for (i, k) in pending.enumerated() { perFormat[k] = late[i] }
  return (natives, ReferenceAttempt(setup, formulas, perFormat.map { $0! }, bits: bits))
}

/// What the threads of `overlappedFirstAttempt` share: the next format to take, each format's
/// natives and figures, and the formulas' part.
private final class OverlapState: @unchecked Sendable {
  private let lock = NSLock()
  private var taken = 0
  private var natives: [NativeResults?]
  /// Per format: nil until computed; then the figures, nil where one was not certain.
  private var figureSlots: [[ReferenceFigure<FormatFigures>]??]
  private var formulasClaimed = false
  /// nil until computed; then the formulas' part, nil where a figure was not certain.
  private var formulas: FormulaReference??

  init(count: Int) {
    natives = Array(repeating: nil, count: count)
    figureSlots = Array(repeating: nil, count: count)
  }

  private func locked<R>(_ body: () -> R) -> R {
    lock.lock()
    defer { lock.unlock() }
    return body()
  }

  /// True the first time only: the caller of it computes the formulas' part.
  func claimFormulas() -> Bool {
    locked {
      defer { formulasClaimed = true }
      return !formulasClaimed
    }
  }
  func setFormulas(_ value: FormulaReference?) { locked { formulas = .some(value) } }
  /// The formulas' part once it is computed and certain enough to go on.
  func readyFormulas() -> FormulaReference? { locked { formulas ?? nil } }

  func nextFormat() -> Int? {
    locked {
      guard taken < natives.count else { return nil }
      taken += 1
      return taken - 1
    }
  }
  func storeNatives(_ value: NativeResults, at k: Int) { locked { natives[k] = value } }
  func allNatives() -> [NativeResults] { locked { natives.map { $0! } } }
  func storeFigures(_ value: [ReferenceFigure<FormatFigures>]?, at k: Int) {
    locked { figureSlots[k] = .some(value) }
  }
  /// Format k's figures if they were computed (nil inside where one was not certain).
  func figures(at k: Int) -> [ReferenceFigure<FormatFigures>]?? { locked { figureSlots[k] } }
}
