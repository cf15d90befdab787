import Foundation
import LossLabRunner

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
    let parent = parentPath(existing)
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
