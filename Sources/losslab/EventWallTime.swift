import ArgumentParser
import Foundation

/// The wall time TensorBoard event files carry (seconds since 1970).
///
/// `SOURCE_DATE_EPOCH` when it is set (the reproducible-builds convention: `make experiments` sets
/// it, so the committed Results/tensorboard comes out byte-identical run after run), otherwise the
/// clock when each experiment's files are written. TensorBoard uses wall time only for its
/// "relative" and "wall" axes; the steps never depend on it.
enum EventWallTime {
  /// The fixed time from the environment, nil when unset; a value that is not a whole number of
  /// seconds is an error before any work.
  static func fixed() throws -> Double? {
    guard let text = ProcessInfo.processInfo.environment["SOURCE_DATE_EPOCH"] else { return nil }
    guard let seconds = Int64(text), seconds >= 0 else {
      throw ValidationError(
        "SOURCE_DATE_EPOCH: '\(text)' is not a whole number of seconds since 1970 (unset it to use the clock)")
    }
    return Double(seconds)
  }
}
