import Dispatch
import Foundation
import LossLabRunner

#if canImport(Glibc)
import Glibc
#endif

/// The staging folders of this process, removed when SIGINT or SIGTERM ends it.
final class StagingRegistry: @unchecked Sendable {
  static let shared = StagingRegistry()
  private var folders: Set<String> = []
  private let lock = NSLock()
  private var sources: [DispatchSourceSignal] = []

  func add(_ folder: String) {
    lock.lock()
    defer { lock.unlock() }
    folders.insert(folder)
    if sources.isEmpty { installHandlers() }
  }

  /// Runs `body` holding the lock the signal handlers take: they wait until it is done.
  func whileCommitting(_ body: () throws -> Void) rethrows {
    lock.lock()
    defer { lock.unlock() }
    try body()
  }

  func remove(_ folder: String) {
    lock.lock()
    folders.remove(folder)
    lock.unlock()
  }

  /// SIGINT and SIGTERM: remove every staging folder, then end with the signal's status.
  private func installHandlers() {
    for signalNumber in [SIGINT, SIGTERM] {
      signal(signalNumber, SIG_IGN)
      let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
      source.setEventHandler { [self] in
        lock.lock()
        for folder in folders { try? FileManager.default.removeItem(atPath: folder) }
        lock.unlock()
        _exit(128 + signalNumber)
      }
      source.resume()
      sources.append(source)
    }
  }
}
