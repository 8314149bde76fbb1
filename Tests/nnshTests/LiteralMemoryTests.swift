import Foundation
import Testing


/// Issue 13, item 7: parsing is inside the memory budget. A script holding one large
/// matrix literal peaks at a few times its text size (before: ~100 bytes per entry,
/// 1.07 GB for 10 MB of text), measured as the peak resident set of the real binary.
@Suite struct LiteralMemoryTests {
  /// Runs `nnsh run script` and returns its exit status and peak resident set in bytes
  /// (`VmHWM`, read from `/proc` while it runs; it only grows, and the script ends with
  /// work that holds the peak, so the last reading is the peak). A child's `ru_maxrss`
  /// would not do: it includes this test process's own peak, copied at `exec`.
  func peakOfRun(_ script: URL) throws -> (status: Int32, peakBytes: Int) {
    let process = Process()
    process.executableURL = BinaryRunner.binary
    process.arguments = ["run", script.path]
    process.environment = ["OPENBLAS_NUM_THREADS": "1", "NO_COLOR": "1", "HOME": script.deletingLastPathComponent().path]
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    process.standardInput = FileHandle.nullDevice
    try process.run()
    var peak = 0
    while process.isRunning {
      let status = (try? String(contentsOfFile: "/proc/\(process.processIdentifier)/status", encoding: .utf8)) ?? ""
      if let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
        let kB = Int(line.split(separator: " ").dropFirst().first ?? "")
      {
        peak = max(peak, kB * 1024)
      }
      usleep(5000)
    }
    process.waitUntilExit()
    return (process.terminationStatus, peak)
  }

  @Test func aLargeLiteralPeaksAtAFewTimesItsText() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("nnsh-literal-\(getpid())")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    // 2 M entries of two bytes each ("7 "), 4 MB of text: 1000 × 2000.
    var text = "let A = ["
    for i in 0..<1000 {
      text += (0..<2000).map { String(($0 + i) % 10) }.joined(separator: " ")
      text += i < 999 ? "\n" : "]\nprint size(A)\nrepeat 300 { let t = rand(20, 20) * rand(20, 20) }\n"
    }
    try text.write(to: dir.appendingPathComponent("big.nn"), atomically: true, encoding: .utf8)
    let run = try peakOfRun(dir.appendingPathComponent("big.nn"))
    #expect(run.status == 0)
    #expect(run.peakBytes > 0, "no VmHWM")
    // The entries alone are 16 MB as the literal's numbers plus 16 MB as the matrix;
    // ~25 MB is the process at rest. A token per entry would be over 200 MB.
    let limit = 60_000_000 + 12 * text.utf8.count
    #expect(run.peakBytes <= limit, "peak \(run.peakBytes / 1_000_000) MB for \(text.utf8.count / 1_000_000) MB of text")
  }
}
