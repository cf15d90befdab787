import Foundation

/// Writes `text` to `path` all at once: into a temporary file beside it, then renamed over it, so
/// a reader (or an interrupted run) never sees half a table.
public func writeAtomically(_ text: String, to path: String) throws {
  try writeAtomically(Data(text.utf8), to: path)
}

/// Writes `data` to `path` all at once, as `writeAtomically(_:to:)` does text.
public func writeAtomically(_ data: Data, to path: String) throws {
  let url = URL(fileURLWithPath: path)
  let directory = url.deletingLastPathComponent()
  try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
  let temporary = directory.appendingPathComponent(".\(url.lastPathComponent).\(getpid()).tmp")
  try data.write(to: temporary)
  if rename(temporary.path, url.path) != 0 {
    try? FileManager.default.removeItem(at: temporary)
    throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path])
  }
}
