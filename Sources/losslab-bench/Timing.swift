#if canImport(Glibc)
import Glibc
#endif

/// Seconds on the monotonic clock.
func now() -> Double {
  var t = timespec()
  clock_gettime(CLOCK_MONOTONIC, &t)
  return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
}

/// Keeps a result alive so that the optimizer cannot drop the work that made it.
@inline(never)
func blackHole<T>(_ value: T) {
  withExtendedLifetime(value) {}
}

/// `value`, handed back through a call that writes a global: the optimizer cannot take the
/// result for its argument nor hoist the call out of a timing loop, so a pure loss computed
/// on it is computed on every repetition.
nonisolated(unsafe) var opaqueCalls = 0
@inline(never) @_optimize(none)
func opaque<T>(_ value: T) -> T {
  opaqueCalls &+= 1
  return value
}

/// How long to time: each side repeated to at least `minimumSeconds` per run, best of `runs`.
struct TimingPlan {
  var runs = 5
  var minimumSeconds = 0.2

  static let quick = TimingPlan(runs: 1, minimumSeconds: 0)

  /// The best seconds per call of `a` and of `b`, their runs interleaved (a, b, a, b, ...) so
  /// that a slow spell of the machine (other builds) hits both sides alike.
  ///
  /// Not optimized itself: specialized for the closures it is given, the optimizer hoisted a
  /// plain MSE loop out of the timing loop (one computation timed as a thousand). The closures
  /// are compiled as usual; this loop only calls them.
  @_optimize(none)
  func bestSeconds(_ a: () -> Double, _ b: () -> Double) -> (Double, Double) {
    var sink = 0.0
    func once(_ f: () -> Double) -> Double {
      let start = now()
      sink += f()
      return now() - start
    }
    let firstA = once(a), firstB = once(b)  // also the warm-up
    let repsA = max(1, Int((minimumSeconds / max(firstA, 1e-9)).rounded(.up)))
    let repsB = max(1, Int((minimumSeconds / max(firstB, 1e-9)).rounded(.up)))
    var bestA = runs == 1 ? firstA : .infinity, bestB = runs == 1 ? firstB : .infinity
    if runs > 1 {
      for _ in 0..<runs {
        var start = now()
        for _ in 0..<repsA { sink += a() }
        bestA = min(bestA, (now() - start) / Double(repsA))
        start = now()
        for _ in 0..<repsB { sink += b() }
        bestB = min(bestB, (now() - start) / Double(repsB))
      }
    }
    blackHole(sink)
    return (bestA, bestB)
  }
}
