import Dispatch
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Why `path` cannot be a folder to write into, or nil when it can: an existing folder we may
/// write in, or a path whose nearest existing parent is one. Nothing is created.
public func outputFolderProblem(_ path: String) -> String? {
  guard !path.isEmpty else { return "an empty path; give a folder" }
  var isDirectory: ObjCBool = false
  var existing = path
  while !FileManager.default.fileExists(atPath: existing, isDirectory: &isDirectory) {
    let parent = (existing as NSString).deletingLastPathComponent
    existing = parent.isEmpty ? "." : parent
  }
  guard isDirectory.boolValue else {
    return existing == path
      ? "'\(path)' is a file, not a folder" : "'\(path)': '\(existing)' is a file, not a folder"
  }
  guard access(existing, W_OK | X_OK) == 0 else {
    return "'\(path)': cannot write in '\(existing)' (\(String(cString: strerror(errno))))"
  }
  return nil
}

/// The files of one step of a run (an experiment's table, plot and event files; the index),
/// written into a staging folder inside the output folder and moved into place together by
/// `commit()`, so that a failure or an interrupt leaves the previous files as they were.
public final class StagedFolder {
  /// The folder the files go to.
  public let folder: String
  /// `FOLDER/.losslab-staging.PID`: the files as they are written.
  public let staging: String

  /// Creates `folder` (and the staging folder inside it), registered for removal on SIGINT and
  /// SIGTERM.
  public init(_ folder: String) throws {
    self.folder = folder
    staging = folder + "/" + StagedFolder.prefix + "\(getpid())"
    try makeFolder(folder)
    try makeFolder(staging)
    StagingRegistry.shared.add(staging)
  }

  static let prefix = ".losslab-staging."

  /// Writes `data` as the staged file `name` (a path relative to the folder).
  public func write(_ data: Data, as name: String) throws {
    let path = staging + "/" + name
    try makeFolder((path as NSString).deletingLastPathComponent)
    try writeFile(data, to: path)
  }

  public func write(_ text: String, as name: String) throws { try write(Data(text.utf8), as: name) }

  /// Moves every staged file over its place in the folder, then removes the staging folder.
  public func commit() throws {
    for name in stagedFiles(under: "") {
      let target = folder + "/" + name
      try makeFolder((target as NSString).deletingLastPathComponent)
      if rename(staging + "/" + name, target) != 0 { throw OutputError.system(target) }
    }
    discard()
  }

  /// Removes the staging folder and what is in it.
  public func discard() {
    try? FileManager.default.removeItem(atPath: staging)
    StagingRegistry.shared.remove(staging)
  }

  /// The staged files' paths relative to the staging folder, sorted (files in subfolders too).
  func stagedFiles(under relative: String) -> [String] {
    let path = relative.isEmpty ? staging : staging + "/" + relative
    let names = ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted()
    return names.flatMap { name -> [String] in
      let child = relative.isEmpty ? name : relative + "/" + name
      var isDirectory: ObjCBool = false
      FileManager.default.fileExists(atPath: staging + "/" + child, isDirectory: &isDirectory)
      return isDirectory.boolValue ? stagedFiles(under: child) : [child]
    }
  }

  /// Removes the staging folders and `.NAME.PID.tmp` files, in `folder` and its subfolders (two
  /// levels: TensorBoard runs), of processes that no longer run (killed before they could).
  public static func sweepStaleTemporaries(in folder: String, depth: Int = 2) {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
    for name in names {
      let path = folder + "/" + name
      if let pid = ownerProcess(name), kill(pid, 0) != 0, errno == ESRCH {
        try? FileManager.default.removeItem(atPath: path)
        continue
      }
      var isDirectory: ObjCBool = false
      if depth > 0, !name.hasPrefix("."),
        FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue
      {
        sweepStaleTemporaries(in: path, depth: depth - 1)
      }
    }
  }

  /// The process that made a temporary named `name` (`.losslab-staging.PID`, `.NAME.PID.tmp`).
  static func ownerProcess(_ name: String) -> pid_t? {
    if name.hasPrefix(prefix) { return pid_t(name.dropFirst(prefix.count)) }
    guard name.hasPrefix("."), name.hasSuffix(".tmp") else { return nil }
    let parts = name.dropLast(4).split(separator: ".")
    return parts.count >= 2 ? pid_t(parts.last!) : nil
  }
}

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
