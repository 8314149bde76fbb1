import Foundation

/// Runs the built `nnsh` binary, as a user would from a shell.
enum BinaryRunner {
  /// The `nnsh` next to this test bundle (the test target depends on the executable, so
  /// SwiftPM builds it into the same folder).
  static var binary: URL {
    let exe = URL(fileURLWithPath: (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0])
    var dir = exe.deletingLastPathComponent()
    // On Linux the bundle is an executable in the products folder; elsewhere it may be nested.
    for _ in 0..<4 {
      let candidate = dir.appendingPathComponent("nnsh")
      if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
      dir = dir.deletingLastPathComponent()
    }
    return exe.deletingLastPathComponent().appendingPathComponent("nnsh")
  }

  /// The package root (for Tests/Scripts).
  static var packageRoot: URL {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
  }

  struct Result {
    var stdout: String
    var stderr: String
    var status: Int32
    /// True when the process was ended by a signal (`status` is then the signal).
    var endedBySignal = false
  }

  /// Runs `nnsh arguments…` (or another `executable`, such as bash driving nnsh) in
  /// `directory` with `input` on standard input.
  static func run(
    _ arguments: [String], input: String? = nil, directory: URL? = nil, environment: [String: String] = [:],
    executable: URL = binary
  ) throws -> Result {
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    if let directory { process.currentDirectoryURL = directory }
    var env = ProcessInfo.processInfo.environment
    env["OPENBLAS_NUM_THREADS"] = "1"
    env["NO_COLOR"] = "1"
    env["COLUMNS"] = "80"
    for (k, v) in environment { env[k] = v }
    process.environment = env
    let out = Pipe(), err = Pipe(), inp = Pipe()
    process.standardOutput = out
    process.standardError = err
    process.standardInput = inp
    try process.run()
    if let input { inp.fileHandleForWriting.write(Data(input.utf8)) }
    try inp.fileHandleForWriting.close()
    // Read both pipes fully before waiting, so a large output cannot block the child.
    var outData = Data(), errData = Data()
    let group = DispatchGroup()
    group.enter()
    DispatchQueue.global().async {
      errData = err.fileHandleForReading.readDataToEndOfFile()
      group.leave()
    }
    outData = out.fileHandleForReading.readDataToEndOfFile()
    group.wait()
    process.waitUntilExit()
    return Result(
      stdout: String(decoding: outData, as: UTF8.self), stderr: String(decoding: errData, as: UTF8.self),
      status: process.terminationStatus, endedBySignal: process.terminationReason == .uncaughtSignal)
  }

  /// Runs a bash script with `$NNSH` set to the built binary (and bash's `$0`, `$1`… set
  /// to `arguments`).
  static func bash(_ script: String, _ arguments: [String] = []) throws -> Result {
    try run(
      ["-c", script] + arguments, environment: ["NNSH": binary.path], executable: URL(fileURLWithPath: "/bin/bash"))
  }
}
