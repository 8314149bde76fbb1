import Testing
@testable import NNEngine
@testable import NNShell

/// The session's memory budget seen from the shell: what `limit` reports, and a refused
/// matrix that leaves the session (and its count of bytes) as it was.
@Suite struct SessionMemoryTests {
  @Test func aRefusedMatrixLeavesTheSessionAndItsCountAsTheyWere() {
    let console = CapturingConsole()
    let shell = Interpreter(console: console)
    #expect(shell.run(SourceText(name: "t.nn", text: "limit memory=100M\nlet a = ones(1e7, 1)")) == .completed)
    let held = shell.memory.live
    #expect(held >= 80_000_000 && held < 80_100_000)
    #expect(shell.run(SourceText(name: "t.nn", text: "let b = a + 1")) == .failed)
    #expect(console.errors.contains("t.nn:1:9: error: a matrix of 76.3M does not fit: the session already holds 76.3M of matrices (a 76.3M); limit memory=100M"))
    #expect(shell.variables["b"] == nil)
    #expect(shell.memory.live == held)
    // Temporaries of an expression are freed with it: the count comes back each time.
    #expect(shell.run(SourceText(name: "t.nn", text: "let s = sum(a)")) == .completed)
    #expect(shell.memory.live - held < 1 << 16)
    #expect(shell.run(SourceText(name: "t.nn", text: "let a = 0\nlet s = 0")) == .completed)
    #expect(shell.memory.live < 1 << 16)
  }

  @Test func limitShowsTheBudgetAndWhatIsInUse() {
    let console = CapturingConsole()
    let shell = Interpreter(console: console)
    _ = shell.run(SourceText(name: "t.nn", text: "limit memory=1G\nlet a = ones(1000, 1000)\nlimit"))
    #expect(console.output.contains("limit memory=1G: a matrix holds at most 134217728 values of 8 bytes (default "))
    #expect(console.output.contains("in use: 7.6M of matrices in the session"))
  }

  /// An overrun left by code outside expressions (a training buffer, say) is not blamed
  /// on a later statement.
  @Test func anOverrunIsNotReportedByALaterStatement() {
    let console = CapturingConsole()
    let shell = Interpreter(console: console)
    _ = shell.run(SourceText(name: "t.nn", text: "limit memory=1M"))
    shell.memory.charge(2 << 20)
    shell.memory.release(2 << 20)
    #expect(shell.run(SourceText(name: "t.nn", text: "let a = 1 + 1")) == .completed)
    #expect(console.errors == "")
  }
}
