import Foundation

@testable import NNData

/// Helpers for the safetensors tests: hand-built files and the reference Python package.
enum SafeTensorsTestSupport {
  /// A file from a header text and data bytes: the 8-byte length, the header, the data.
  static func file(header: String, data: [UInt8] = [], length: UInt64? = nil) -> [UInt8] {
    let h = Array(header.utf8)
    var bytes: [UInt8] = []
    withUnsafeBytes(of: (length ?? UInt64(h.count)).littleEndian) { bytes.append(contentsOf: $0) }
    return bytes + h + data
  }

  /// The little-endian bytes of doubles.
  static func f64(_ values: [Double]) -> [UInt8] {
    var out: [UInt8] = []
    for v in values { withUnsafeBytes(of: v.bitPattern.littleEndian) { out.append(contentsOf: $0) } }
    return out
  }

  /// The error `body` throws, as a SafeTensorsError (nil if none or another type).
  static func error<T>(_ body: () throws -> T) -> SafeTensorsError? {
    do {
      _ = try body()
      return nil
    } catch let e as SafeTensorsError {
      return e
    } catch {
      return nil
    }
  }

  /// Runs `python3 -c script args…` and returns its standard output (with a note when it
  /// failed), or nil when python3 or one of `modules` cannot be imported (the test is
  /// then skipped).
  static func python(_ script: String, _ arguments: [String] = [], modules: [String]) -> String? {
    let env = "/usr/bin/env"
    guard FileManager.default.isExecutableFile(atPath: env) else { return nil }
    let guardImports = modules.map { "import \($0)" }.joined(separator: "\n ")
    let program = "import sys\ntry:\n \(guardImports)\nexcept ImportError:\n print('skip'); sys.exit(0)\n" + script
    let process = Process()
    process.executableURL = URL(fileURLWithPath: env)
    process.arguments = ["python3", "-c", program] + arguments
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = FileHandle.nullDevice
    do { try process.run() } catch { return nil }
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    let output = String(decoding: data, as: UTF8.self)
    guard !output.hasPrefix("skip") else { return nil }
    return process.terminationStatus == 0 ? output : output + "\n(python3 exited with \(process.terminationStatus))"
  }

  /// The names in a folder (to check that no temporary file is left).
  static func listing(_ folder: String) -> [String] {
    ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).sorted()
  }

  /// A fresh, empty folder in the temporary directory.
  static func makeFolder() throws -> String {
    let path = temporaryPath("-folder")
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
  }
}
