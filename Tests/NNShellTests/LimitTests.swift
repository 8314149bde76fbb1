import Testing
@testable import NNEngine
@testable import NNShell

/// The pieces of `limit` and of the parser's limits that need no change of the
/// process-wide memory budget (the golden scripts `limits.nn` and `err_cat_limit_*` run
/// the statement itself, in their own process).
@Suite struct LimitTests {
  @Test func sizesWithUnitsAreOptionValues() {
    for text in ["2G", "500M", "1.5G", "64K", "2GiB", "16MB", "3t"] {
      #expect(Parser.isMemorySize(text), "\(text)")
    }
    for text in ["G", "2", "2x", "2e", "..G", "2GG"] {
      #expect(!Parser.isMemorySize(text), "\(text)")
    }
    let parsed = Parser.parse(SourceText(name: "t.nn", text: "limit memory=2G\nlet a = 2G"))
    #expect(parsed.diagnostics.count == 1)  // `2G` outside `limit` is still a malformed number
    #expect(parsed.diagnostics.first?.message == "malformed number '2G'")
  }

  @Test func bytesPrintInTheLargestWholeUnit() {
    #expect(Interpreter.formatBytes(2 << 30) == "2G")
    #expect(Interpreter.formatBytes(500 << 20) == "500M")
    #expect(Interpreter.formatBytes(1536) == "1.5K")
    #expect(Interpreter.formatBytes(3 << 40) == "3T")
    #expect(Interpreter.formatBytes(100) == "100B")
  }

  @Test func memoryLimitMessagesOnlyForSizesBeyondTheLimit() {
    let shell = Interpreter(console: CapturingConsole())
    #expect(shell.memoryLimitMessage(rows: 2, cols: 3) == nil)
    #expect(shell.memoryLimitMessage(rows: Int.max, cols: 2)?.contains("larger than the memory limit") == true)
  }

  @Test func deepNestingIsAnErrorNotACrash() {
    for text in [
      "let a = " + String(repeating: "(", count: 5000) + "1", "let a = " + String(repeating: "[", count: 5000),
      "let a = " + String(repeating: "-", count: 5000) + "1", "let a = " + Array(repeating: "2", count: 3000).joined(separator: "^"),
      "let a = " + Array(repeating: "1", count: 3000).joined(separator: "+"), "let a = x" + String(repeating: "'", count: 3000),
      String(repeating: "repeat 1 { ", count: 3000),
    ] {
      let parsed = Parser.parse(SourceText(name: "t.nn", text: text))
      #expect(parsed.hasErrors)
      #expect(parsed.diagnostics.contains { $0.message.contains("nested too deeply") || $0.message.contains("too long") })
    }
    // Up to the limits, everything parses.
    let ok = Parser.parse(SourceText(name: "t.nn", text: "let a = " + String(repeating: "(", count: 90) + "1" + String(repeating: ")", count: 90)))
    #expect(!ok.hasErrors)
  }
}
