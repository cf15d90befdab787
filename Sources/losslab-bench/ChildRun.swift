import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// One run of another program, as the operating system accounts for it: wall seconds (the
/// monotonic clock around spawn and reap), its peak resident memory and its exit status.
struct ChildRun {
  var seconds: Double
  var peakMegabytes: Double
  var status: Int32
}

/// Runs `arguments` (the program first, no shell) with its standard output into `output`
/// (created or truncated) and its standard error on /dev/null unless `keepErrors`, and reports
/// what `wait4` says of it; nil when it cannot be started. Its peak memory is at least this
/// process's when it spawns it (Linux keeps a process's peak across execve, and the spawned
/// child starts as a copy of this one): spawn while small.
func runChild(
  _ arguments: [String], output: String = "/dev/null", keepErrors: Bool = false
) -> ChildRun? {
  var actions = posix_spawn_file_actions_t()
  posix_spawn_file_actions_init(&actions)
  defer { posix_spawn_file_actions_destroy(&actions) }
  posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
  if !keepErrors { posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0) }
  var argv = arguments.map { strdup($0) } + [nil]
  defer { for p in argv { free(p) } }
  var pid: pid_t = 0
  let start = now()
  guard posix_spawn(&pid, arguments[0], &actions, nil, &argv, environ) == 0 else { return nil }
  var status: Int32 = 0
  var usage = rusage()
  while wait4(pid, &status, 0, &usage) < 0 && errno == EINTR {}
  let seconds = now() - start
  // Linux reports ru_maxrss in KiB.
  return ChildRun(
    seconds: seconds, peakMegabytes: Double(usage.ru_maxrss) * 1024 / 1e6,
    status: (status & 0x7F) == 0 ? (status >> 8) & 0xFF : -1)
}

/// The best of `runs` runs of `a` and of `b`, interleaved (a, b, a, b, ...); nil when either
/// cannot be started or exits with a failure.
func bestChildRuns(_ a: [String], _ b: [String], runs: Int) -> (ChildRun, ChildRun)? {
  var bestA: ChildRun? = nil, bestB: ChildRun? = nil
  for _ in 0..<runs {
    guard let x = runChild(a), x.status == 0, let y = runChild(b), y.status == 0 else { return nil }
    if x.seconds < bestA?.seconds ?? .infinity { bestA = x }
    if y.seconds < bestB?.seconds ?? .infinity { bestB = y }
  }
  return (bestA!, bestB!)
}
