import Foundation
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// `save` writes through `AtomicFile`: a process killed with SIGKILL in the middle of a
/// save (which no handler can catch) leaves the previous file whole and loadable, and at
/// most a hidden temporary file beside it — never a half-written model.
@Suite(.serialized) struct KillDuringSaveTests {
  /// A 2000×2000 layer: 4 million parameters, 32 MB as F64, so the write takes a while.
  static let network = "net; layer dense 2000 -> 2000"

  final class Folder {
    let path: String
    init() throws {
      var template = Array("/tmp/nnsh-kill-XXXXXX".utf8CString)
      guard let p = mkdtemp(&template) else { throw CocoaError(.fileWriteUnknown) }
      path = String(cString: p)
    }
    /// A folder made elsewhere (removed by whichever object goes last).
    init(existing: String) { path = existing }
    deinit { _ = try? FileManager.default.removeItem(atPath: path) }
    var url: URL { URL(fileURLWithPath: path) }
    func bytes(_ name: String) -> Data? { FileManager.default.contents(atPath: path + "/" + name) }
    /// The hidden temporary files of an interrupted save (`.m.safetensors.PID-RANDOM.tmp`).
    var temporaries: [String] {
      ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).filter { $0.hasPrefix(".m.safetensors.") }
    }
  }

  /// Starts `nnsh -c script` in `folder`, waits until it prints `saving`, then kills it with
  /// `signal` (SIGKILL by default) once `when` says so (polled every 0.2 ms, 20 s at most).
  static func killDuringSave(_ script: String, in folder: Folder, signal: Int32 = SIGKILL, when: () -> Bool) throws {
    let process = Process()
    process.executableURL = BinaryRunner.binary
    process.arguments = ["-c", script]
    process.currentDirectoryURL = folder.url
    var env = ProcessInfo.processInfo.environment
    env["OPENBLAS_NUM_THREADS"] = "1"
    env["NO_COLOR"] = "1"
    process.environment = env
    let out = Pipe()
    process.standardOutput = out
    process.standardError = FileHandle.nullDevice
    try process.run()
    var seen = Data()
    let reader = out.fileHandleForReading
    while !(String(decoding: seen, as: UTF8.self).contains("saving")) {
      let chunk = reader.availableData
      if chunk.isEmpty { break }  // ended without saving: the expectations below fail
      seen += chunk
    }
    let start = Date()
    while process.isRunning, !when(), Date().timeIntervalSince(start) < 20 { usleep(200) }
    kill(process.processIdentifier, signal)
    process.waitUntilExit()
  }

  @Test func sigkillInTheMiddleOfSaveLeavesThePreviousFileLoadable() throws {
    let folder = try Folder()
    // The previous file, and the one the killed saves are writing (to compare with).
    let first = try BinaryRunner.run(["-c", "seed 1; \(Self.network); save \"m.safetensors\""], directory: folder.url)
    #expect(first.status == 0, "\(first.stderr)")
    let second = try BinaryRunner.run(["-c", "seed 2; \(Self.network); save \"new.safetensors\""], directory: folder.url)
    #expect(second.status == 0, "\(second.stderr)")
    guard let previous = folder.bytes("m.safetensors"), let replacement = folder.bytes("new.safetensors") else {
      Issue.record("the first saves wrote nothing")
      return
    }
    #expect(previous.count > 32_000_000)

    // Kill as soon as the temporary file exists (mid-write), then a few times a little
    // later (mid-write, during fsync or the rename, or after the save): the target is
    // always one whole file, the old or the new.
    var killedMidWrite = 0
    for attempt in 0..<6 {
      let script = "seed 2; \(Self.network); print \"saving\"; save \"m.safetensors\"; print \"saved\""
      var appearedAt: Date? = nil
      try Self.killDuringSave(script, in: folder) {
        if appearedAt == nil, !folder.temporaries.isEmpty { appearedAt = Date() }
        guard let t = appearedAt else { return false }
        return Date().timeIntervalSince(t) >= Double(attempt) * 0.004
      }
      let target = folder.bytes("m.safetensors")
      let whole = target == previous || target == replacement
      #expect(whole, "attempt \(attempt): m.safetensors is neither the old file nor the new one (\(target?.count ?? -1) bytes)")
      if !folder.temporaries.isEmpty {
        killedMidWrite += 1
        #expect(target == previous, "killed mid-write, yet the target changed")
        for t in folder.temporaries { try FileManager.default.removeItem(atPath: folder.path + "/" + t) }
      }
      if target != previous {
        // The save had finished: put the previous file back for the next attempt.
        try previous.write(to: folder.url.appendingPathComponent("m.safetensors"))
      }
    }
    #expect(killedMidWrite >= 1, "no kill landed in the middle of a save")

    // The previous file loads, with the parameters it was saved with.
    let check = try BinaryRunner.run(
      ["-c", "seed 1; \(Self.network); let W = W1; let b = b1; init zeros; load weights \"m.safetensors\"; assert W1 == W; assert b1 == b; print \"loaded\""],
      directory: folder.url)
    #expect(check.status == 0, "\(check.stderr)")
    #expect(check.stdout.contains("loaded"))
  }
}
