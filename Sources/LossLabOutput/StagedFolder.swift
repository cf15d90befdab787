import Dispatch
import Foundation
import LossLabRunner

#if canImport(Glibc)
import Glibc
#endif

/// The files of one step of a run (an experiment's table, plot and event files; the index),
/// written into a staging folder inside the output folder and moved into place together by
/// `commit()`, so that a failure or an interrupt leaves the previous files as they were.
public final class StagedFolder {
  /// The folder the files go to.
  public let folder: String
  /// `FOLDER/.losslab-staging.HOST@PID`: the files as they are written.
  public let staging: String

  /// Creates `folder` (and the staging folder inside it), registered for removal on SIGINT and
  /// SIGTERM.
  public init(_ folder: String) throws {
    self.folder = folder
    staging = folder + "/" + StagedFolder.prefix + temporaryOwner
    try makeFolder(folder)
    try makeFolder(staging)
    StagingRegistry.shared.add(staging)
  }

  static let prefix = ".losslab-staging."

  /// Writes `data` as the staged file `name` (a path relative to the folder).
  public func write(_ data: Data, as name: String) throws {
    let path = staging + "/" + name
    try makeFolder(parentPath(path))
    try writeFile(data, to: path)
  }

  public func write(_ text: String, as name: String) throws { try write(Data(text.utf8), as: name) }

  /// Moves every staged file over its place in the folder, then removes the staging folder.
  /// SIGINT or SIGTERM waits for the moves (they hold the registry's lock), so an interrupt
  /// never leaves some files moved and others not; a failed move (the disk, permissions) can.
  public func commit() throws {
    try StagingRegistry.shared.whileCommitting {
      for name in stagedFiles(under: "") {
        let target = folder + "/" + name
        try makeFolder(parentPath(target))
        if rename(staging + "/" + name, target) != 0 { throw OutputError.system(target) }
      }
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

  /// The process of this host that made a temporary named `name`
  /// (`.losslab-staging.HOST@PID`, `.NAME.HOST@PID.tmp`; before hosts were named, `...PID`);
  /// nil for another host's, or not a temporary.
  static func ownerProcess(_ name: String) -> pid_t? {
    let owner: Substring
    if name.hasPrefix(prefix) {
      owner = name.dropFirst(prefix.count)
    } else if name.hasPrefix("."), name.hasSuffix(".tmp") {
      let parts = name.dropLast(4).split(separator: ".")
      guard parts.count >= 2 else { return nil }
      owner = parts.last!
    } else {
      return nil
    }
    guard let at = owner.lastIndex(of: "@") else { return pid_t(owner) }
    let host = temporaryOwner.prefix { $0 != "@" }
    return owner[..<at] == host ? pid_t(owner[owner.index(after: at)...]) : nil
  }
}
