import Foundation
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// Issue 13, item 7: parsing is inside the memory budget. A script holding one large
/// matrix literal peaks at a few times its text size (before: ~100 bytes per entry,
/// 1.07 GB for 10 MB of text), measured as the child's own peak resident set.
@Suite struct LiteralMemoryTests {
  /// Runs `nnsh arguments…` with output discarded (standard error kept in `directory`); its exit status and
  /// peak resident set in bytes (`wait4`'s rusage is this child's alone, whatever else
  /// the test process runs meanwhile).
  func peakOfRun(_ arguments: [String], in directory: URL) throws -> (status: Int32, peakBytes: Int) {
    let binary = BinaryRunner.binary.path
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
    let errPath = directory.appendingPathComponent("stderr.txt").path
    posix_spawn_file_actions_addopen(&actions, 2, errPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    var argv: [UnsafeMutablePointer<CChar>?] = ([binary] + arguments).map { $0.withCString { strdup($0) } }
    argv.append(nil)
    defer { argv.forEach { free($0) } }
    var env: [UnsafeMutablePointer<CChar>?] =
      ["OPENBLAS_NUM_THREADS=1", "NO_COLOR=1", "HOME=\(directory.path)"].map { $0.withCString { strdup($0) } }
    env.append(nil)
    defer { env.forEach { free($0) } }
    var pid: pid_t = 0
    let spawned = posix_spawn(&pid, binary, &actions, nil, argv, env)
    guard spawned == 0 else { throw CocoaError(.fileNoSuchFile) }
    var status: Int32 = 0
    var usage = rusage()
    while wait4(pid, &status, 0, &usage) == -1 && errno == EINTR {}
    let exitStatus = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    return (exitStatus, Int(usage.ru_maxrss) * 1024)
  }

  @Test func aLargeLiteralPeaksAtAFewTimesItsText() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("nnsh-literal-\(getpid())")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    // 2 M entries of two bytes each ("7 "), 4 MB of text: 1000 × 2000.
    var text = "let A = ["
    for i in 0..<1000 {
      text += (0..<2000).map { String(($0 + i) % 10) }.joined(separator: " ")
      text += i < 999 ? "\n" : "]\nprint size(A)\n"
    }
    try text.write(to: dir.appendingPathComponent("big.nn"), atomically: true, encoding: .utf8)
    let run = try peakOfRun(["run", dir.appendingPathComponent("big.nn").path], in: dir)
    #expect(run.status == 0, "\((try? String(contentsOf: dir.appendingPathComponent("stderr.txt"), encoding: .utf8)) ?? "")")
    // The entries alone are 16 MB as the literal's numbers plus 16 MB as the matrix;
    // ~25 MB is the process at rest. A token per entry would be over 200 MB.
    let limit = 60_000_000 + 12 * text.utf8.count
    #expect(run.peakBytes <= limit, "peak \(run.peakBytes / 1_000_000) MB for \(text.utf8.count / 1_000_000) MB of text")
  }
}
