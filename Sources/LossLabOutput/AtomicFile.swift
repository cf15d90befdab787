import Foundation
import LossLabRunner

#if canImport(Glibc)
import Glibc
#endif

/// A file or folder LossLab could not write: the path and the system's reason, one line.
public struct OutputError: Error, CustomStringConvertible, Sendable {
  public var path: String
  public var reason: String

  public init(_ path: String, _ reason: String) {
    self.path = path
    self.reason = reason
  }

  /// The path and the reason of the last failed system call (`errno`).
  static func system(_ path: String) -> OutputError {
    OutputError(path, String(cString: strerror(errno)))
  }

  public var description: String { "cannot write '\(path)': \(reason)" }
}

/// Writes `text` to `path` all at once: into a temporary file beside it, then renamed over it, so
/// a reader (or an interrupted run) never sees half a table.
public func writeAtomically(_ text: String, to path: String) throws {
  try writeAtomically(Data(text.utf8), to: path)
}

/// Writes `data` to `path` all at once, as `writeAtomically(_:to:)` does text.
public func writeAtomically(_ data: Data, to path: String) throws {
  let url = URL(fileURLWithPath: path)
  let directory = url.deletingLastPathComponent().path
  try makeFolder(directory)
  let temporary = directory + "/" + temporaryName(url.lastPathComponent)
  try writeFile(data, to: temporary)
  if rename(temporary, path) != 0 {
    let error = OutputError.system(path)
    unlink(temporary)
    throw error
  }
}

/// `.NAME.HOST@PID.tmp`: a temporary file of this process (swept by `sweepStaleTemporaries`
/// once the process is gone).
func temporaryName(_ name: String) -> String { ".\(name).\(temporaryOwner).tmp" }

/// `HOST@PID`, what names this process's temporaries: the host too, so that a run on another
/// machine sharing the folder (NFS, a Kubernetes volume) never takes them for a dead process's.
/// The host is the name up to its first dot (no dot, no `@`, in the temporaries' names).
let temporaryOwner: String = {
  var buffer = [CChar](repeating: 0, count: 256)
  gethostname(&buffer, buffer.count - 1)
  let host = String(cString: buffer).split(separator: ".").first.map(String.init) ?? ""
  return "\(host)@\(getpid())"
}()

/// Writes `data` to a new file at `path` (replacing one there), with the system's reason on
/// failure.
func writeFile(_ data: Data, to path: String) throws {
  let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
  guard descriptor >= 0 else { throw OutputError.system(path) }
  defer { close(descriptor) }
  try data.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) in
    var offset = 0
    while offset < bytes.count {
      let written = write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
      if written < 0 {
        if errno == EINTR { continue }
        throw OutputError.system(path)
      }
      offset += written
    }
  }
}

/// Creates `path` and its missing parents as folders, with the system's reason on failure.
public func makeFolder(_ path: String) throws {
  var isDirectory: ObjCBool = false
  if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
    guard isDirectory.boolValue else { throw OutputError(path, "a file is there, not a folder") }
    return
  }
  let parent = parentPath(path)
  if !parent.isEmpty, parent != path { try makeFolder(parent) }
  if mkdir(path, 0o755) != 0 && errno != EEXIST { throw OutputError.system(path) }
}
