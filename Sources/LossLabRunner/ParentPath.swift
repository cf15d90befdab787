/// The folder part of `path`: "" for a bare name, "/" for a path right under the root, trailing
/// slashes ignored. (`NSString.deletingLastPathComponent` traps on one-character paths with
/// Swift 6.3.1's Foundation on Linux, so the output folders `m` or `.` crashed.)
public func parentPath(_ path: String) -> String {
  var trimmed = Substring(path)
  while trimmed.count > 1, trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
  guard let slash = trimmed.lastIndex(of: "/") else { return "" }
  return slash == trimmed.startIndex ? "/" : String(trimmed[..<slash])
}
