import Foundation
import NNFuzz
import Testing

/// Replays the fuzz regression corpus: every file of `Tests/FuzzCorpus/<target>/` goes
/// through the same entry point as under libFuzzer (`scripts/fuzz`), without it, in a
/// separate process (`nnsh-fuzz`, since the targets lower the process-wide memory limit
/// while they run). The files are inputs that once crashed, hung or ran slowly, and a
/// few seeds; each must now return normally, and quickly.
@Suite struct FuzzCorpusTests {
  static var packageRoot: URL {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
  }

  static var corpusFolder: URL { packageRoot.appendingPathComponent("Tests/FuzzCorpus") }

  /// `nnsh-fuzz`, built next to the test bundle (this target depends on it).
  static var replayBinary: URL {
    let exe = URL(fileURLWithPath: (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0])
    var dir = exe.deletingLastPathComponent()
    for _ in 0..<4 {
      let candidate = dir.appendingPathComponent("nnsh-fuzz")
      if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
      dir = dir.deletingLastPathComponent()
    }
    return exe.deletingLastPathComponent().appendingPathComponent("nnsh-fuzz")
  }

  static func files(of target: FuzzTarget) -> [String] {
    let folder = corpusFolder.appendingPathComponent(target.rawValue)
    let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
    return names.filter { !$0.hasPrefix(".") && $0 != "README.md" }.sorted()
  }

  @Test(arguments: FuzzTarget.allCases)
  func corpusReplays(_ target: FuzzTarget) throws {
    let files = Self.files(of: target)
    #expect(!files.isEmpty, "no corpus for \(target.rawValue)")
    let process = Process()
    process.executableURL = Self.replayBinary
    process.arguments = [target.rawValue, Self.corpusFolder.appendingPathComponent(target.rawValue).path]
    var env = ProcessInfo.processInfo.environment
    env["OPENBLAS_NUM_THREADS"] = "1"
    process.environment = env
    // One pipe for both streams, read to the end before waiting.
    let out = Pipe()
    process.standardOutput = out
    process.standardError = out
    try process.run()
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    let stdout = String(decoding: outData, as: UTF8.self)
    #expect(process.terminationReason == .exit, "\(target.rawValue): ended by signal \(process.terminationStatus)\n\(stdout.suffix(4000))")
    #expect(process.terminationStatus == 0, "\(target.rawValue): exit status \(process.terminationStatus)\n\(stdout.suffix(4000))")
    #expect(stdout.contains("\(files.count) input\(files.count == 1 ? "" : "s") of \(target.rawValue): no crash"), "\(stdout.suffix(2000))")
    // Each input must be quick (the interpreter target stops itself after 1 s).
    for line in stdout.split(separator: "\n") where line.hasSuffix(" ms") {
      let ms = Int(line.split(separator: " ").dropLast().last ?? "0") ?? 0
      #expect(ms < 20_000, "slow input: \(line)")
    }
  }
}
