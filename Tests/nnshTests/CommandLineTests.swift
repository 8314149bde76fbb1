import Foundation
import Testing

/// The command line (README, "Using it"), through the real binary and pipes.
@Suite struct CommandLineTests {
  @Test func versionAndHelp() throws {
    let v = try BinaryRunner.run(["--version"])
    #expect(v.status == 0)
    #expect(v.stdout.hasPrefix("nnsh "))
    let h = try BinaryRunner.run(["--help"])
    #expect(h.status == 0)
    #expect(h.stdout.contains("USAGE"))
    #expect(h.stdout.contains("run"))
  }

  @Test func commandOption() throws {
    let r = try BinaryRunner.run(["-c", "let a = [1 2; 3 4]; a * a"])
    #expect(r.status == 0)
    #expect(r.stdout == "ans (2×2)\n   7 10\n  15 22\n")
    #expect(r.stderr.isEmpty)
  }

  @Test func commandOptionErrorExitsOne() throws {
    let r = try BinaryRunner.run(["-c", "let a = [1 2] * [3 4]"])
    #expect(r.status == 1)
    #expect(r.stderr.hasPrefix("<command line>:1:9: error: cannot multiply [1 2] (1×2) by [3 4] (1×2)"))
  }

  @Test func standardInputIsAScriptWithoutPrompt() throws {
    let r = try BinaryRunner.run([], input: "let x = 2\nx * 3\n")
    #expect(r.status == 0)
    #expect(r.stdout == "ans = 6\n")
    let bad = try BinaryRunner.run([], input: "let x = 2\nlet y = z\n")
    #expect(bad.status == 1)
    #expect(bad.stderr.hasPrefix("<stdin>:2:9: error: unknown name 'z'"))
  }

  @Test func runExitCodes() throws {
    let missing = try BinaryRunner.run(["run", "/nonexistent/file.nn"])
    #expect(missing.status == 2)
    #expect(missing.stderr.contains("cannot read '/nonexistent/file.nn'"))
    let usage = try BinaryRunner.run(["run"])
    #expect(usage.status == 2)
    let unknownFlag = try BinaryRunner.run(["--frobnicate"])
    #expect(unknownFlag.status == 2)
  }

  @Test func traceEchoesStatementsWithLineNumbers() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("nnsh-trace-\(getpid())")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    try "let a = 1\n\na + 1\nrepeat 2 { let a = a + 1 }\n".write(
      to: dir.appendingPathComponent("t.nn"), atomically: true, encoding: .utf8)
    let r = try BinaryRunner.run(["run", "t.nn", "--trace"], directory: dir)
    #expect(r.status == 0)
    #expect(r.stdout == "1 > let a = 1\n3 > a + 1\nans = 2\n4 > repeat 2 { let a = a + 1 }\n")
  }

  @Test func quitStopsWithSuccess() throws {
    let r = try BinaryRunner.run(["-c", "print \"a\"; quit; print \"b\""])
    #expect(r.status == 0)
    #expect(r.stdout == "a\n")
  }
}
