import Foundation
import Testing

/// Every `Tests/Scripts/NAME.nn` runs through the real binary (`nnsh run NAME.nn` in
/// that folder) and must print exactly `NAME.out` on stdout, `NAME.err` on stderr (empty
/// when absent) and exit with the code in `NAME.code` (0 when absent).
///
/// Times vary from run to run, so `1.234 s` becomes `<time> s` and `1234 samples/s`
/// becomes `<n> samples/s` before comparing. To regenerate the expected files on
/// purpose, run `NNSH_UPDATE_GOLDEN=1 swift test --filter GoldenScriptTests` and review
/// the diff.
@Suite struct GoldenScriptTests {
  static var scriptsFolder: URL { BinaryRunner.packageRoot.appendingPathComponent("Tests/Scripts") }

  static var scripts: [String] {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: scriptsFolder.path)) ?? []
    // Scripts that need a FIFO beside them run in SpecialFileTests, which makes it.
    return names.filter { $0.hasSuffix(".nn") && !SpecialFileTests.needsFIFOs($0) }.sorted()
  }

  static func masked(_ text: String) -> String {
    var t = text
    for (pattern, replacement) in [
      (#"[0-9]+\.[0-9]+ s\b"#, "<time> s"), (#"[0-9]+ samples/s"#, "<n> samples/s"),
    ] {
      t = t.replacingOccurrences(of: pattern, with: replacement, options: .regularExpression)
    }
    return t
  }

  @Test func thereAreGoldenScripts() {
    #expect(Self.scripts.count >= 10)
  }

  @Test(arguments: scripts)
  func goldenScript(_ name: String) throws {
    let base = Self.scriptsFolder.appendingPathComponent(String(name.dropLast(3)))
    let result = try BinaryRunner.run(["run", name], directory: Self.scriptsFolder)
    let out = Self.masked(result.stdout), err = Self.masked(result.stderr)
    let outURL = base.appendingPathExtension("out")
    let errURL = base.appendingPathExtension("err")
    let codeURL = base.appendingPathExtension("code")
    if ProcessInfo.processInfo.environment["NNSH_UPDATE_GOLDEN"] == "1" {
      try out.write(to: outURL, atomically: true, encoding: .utf8)
      if err.isEmpty { try? FileManager.default.removeItem(at: errURL) } else { try err.write(to: errURL, atomically: true, encoding: .utf8) }
      if result.status == 0 { try? FileManager.default.removeItem(at: codeURL) } else { try "\(result.status)\n".write(to: codeURL, atomically: true, encoding: .utf8) }
      return
    }
    let expectedOut = (try? String(contentsOf: outURL, encoding: .utf8)) ?? ""
    let expectedErr = (try? String(contentsOf: errURL, encoding: .utf8)) ?? ""
    let expectedCode = Int32(((try? String(contentsOf: codeURL, encoding: .utf8)) ?? "0").trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
    #expect(FileManager.default.fileExists(atPath: outURL.path), "\(name): no expected output file \(outURL.lastPathComponent)")
    #expect(out == expectedOut, "\(name): stdout differs")
    #expect(err == expectedErr, "\(name): stderr differs")
    #expect(result.status == expectedCode, "\(name): exit code")
  }
}
