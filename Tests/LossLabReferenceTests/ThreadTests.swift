import Dispatch
import Foundation
import LossLabFormats
import Testing

@testable import LossLabReference

/// Each thread has its own arena, precision and MPFR exponent range, so two threads computing at
/// once get exactly what one thread gets alone.
@Suite("Threads")
struct ThreadTests {
  /// Results handed back from a thread; written before the thread signals, read after waiting.
  final class Mailbox: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [Int: [String]] = [:]
    func put(_ index: Int, _ value: [String]) { lock.withLock { values[index] = value } }
    func get(_ index: Int) -> [String]? { lock.withLock { values[index] } }
  }

  /// Runs `body(i)` on `count` new threads that start together (after all have arrived).
  static func onThreads(_ count: Int, _ body: @escaping @Sendable (Int) -> [String]) -> [[String]] {
    let mailbox = Mailbox()
    let arrived = DispatchSemaphore(value: 0), go = DispatchSemaphore(value: 0)
    let done = DispatchSemaphore(value: 0)
    for i in 0..<count {
      let thread = Thread {
        arrived.signal()
        go.wait()
        mailbox.put(i, body(i))
        done.signal()
      }
      thread.stackSize = 1 << 22
      thread.start()
    }
    for _ in 0..<count { arrived.wait() }
    for _ in 0..<count { go.signal() }
    for _ in 0..<count { done.wait() }
    return (0..<count).map { mailbox.get($0) ?? [] }
  }

  /// Constants at two precisions, then a long loop that alternates rounding to the 16-bit formats
  /// (which narrows MPFR's exponent range for a moment) with exp(-1000) ≈ 2^-1442.7, which would
  /// underflow if another thread's narrowed range leaked into this one.
  static func fingerprint() -> [String] {
    MPFRReal.scope {
      var lines = [
        MPFRReal.exp(MPFRReal(integer: 1)).decimalString(significantDigits: 70),
        MPFRReal.log(MPFRReal(integer: 2)).decimalString(significantDigits: 70),
        MPFRReal.withPrecision(1024) { MPFRReal.sqrt(MPFRReal(integer: 2)).decimalString(significantDigits: 300) },
        "precision \(MPFRReal.precision)",
      ]
      var random = SplitMix64(seed: 2024)
      var checksum: UInt64 = 0
      var underflows = 0
      for i in 0..<20_000 {
        MPFRReal.scope {
          let d = Double(sign: .plus, exponent: Int(random.next() % 40) - 30, significand: 1 + Double(random.next() >> 12) * 0x1p-52)
          let x = MPFRReal(d) * MPFRReal(decimal: "1.000000000000000000001")!
          checksum = checksum &* 31 &+ x.rounded(to: Float16.self).encoding
          checksum = checksum &* 31 &+ x.rounded(to: BFloat16.self).encoding
          checksum = checksum &* 31 &+ UInt64(bitPattern: Int64(MPFRReal.roundDecimal("\(d)", in: .float16)!.bitPattern))
          if i % 16 == 0 {
            let tiny = MPFRReal.exp(MPFRReal(integer: -1000))
            if tiny.binadeExponent != -1443 { underflows += 1 }  // -1000 / log 2 = -1442.69…
          }
        }
      }
      lines.append("checksum \(checksum)")
      lines.append("exp(-1000) wrong \(underflows) times")
      return lines
    }
  }

  @Test("two threads computing at once get identical results, equal to one thread alone")
  func identicalResults() {
    let alone = Self.fingerprint()
    #expect(alone.last == "exp(-1000) wrong 0 times")
    #expect(alone[3] == "precision 256")
    let together = Self.onThreads(2) { _ in Self.fingerprint() }
    #expect(together.count == 2)
    #expect(together[0] == alone)
    #expect(together[1] == alone)
  }

  @Test("a thread inside withPrecision(1024) does not change the precision another thread sees")
  func precisionIsPerThread() {
    let inside = DispatchSemaphore(value: 0), looked = DispatchSemaphore(value: 0)
    let seen = Self.onThreads(2) { i in
      if i == 0 {
        return MPFRReal.withPrecision(1024) {
          inside.signal()
          looked.wait()
          return ["\(MPFRReal.precision)"]
        }
      } else {
        inside.wait()
        let precision = MPFRReal.precision
        let value = MPFRReal.scope { MPFRReal.sqrt(MPFRReal(integer: 2)).decimalString(significantDigits: 70) }
        looked.signal()
        return ["\(precision)", value]
      }
    }
    #expect(seen[0] == ["1024"])
    #expect(seen[1].first == "256")
    #expect(seen[1].last.map { significantDigits(of: $0).prefix(60) } == significantDigits(of: ConstantTests.sqrt2).prefix(60))
  }
}
