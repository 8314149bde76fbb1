import Foundation

extension BinaryRunner {
  /// Runs `nnsh run script` and returns its exit status and peak resident set in bytes
  /// (`VmHWM`, read from `/proc` every 5 ms while it runs; it only grows, so the last
  /// reading is the peak, or a little under it if the script ends within 5 ms of its
  /// peak). A child's `ru_maxrss` would not do: it includes this test process's own
  /// peak, copied at `exec`.
  static func peakOfRun(_ script: URL) throws -> (status: Int32, peakBytes: Int) {
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

  /// `peakOfRun` of `text`, written to a fresh folder as `name`.
  static func peakOfRun(text: String, named name: String) throws -> (status: Int32, peakBytes: Int) {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("nnsh-peak-\(getpid())-\(name)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    try text.write(to: dir.appendingPathComponent(name), atomically: true, encoding: .utf8)
    return try peakOfRun(dir.appendingPathComponent(name))
  }
}
