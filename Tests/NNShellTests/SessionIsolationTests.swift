import Testing
@testable import NNEngine
@testable import NNShell

/// Two sessions in one process (a notebook kernel with two notebooks, parallel tests)
/// keep their own limits and configuration: nothing `limit` changes is process-wide.
@Suite struct SessionIsolationTests {
  func statements(_ text: String) -> [Statement] {
    Parser.parse(SourceText(name: "t.nn", text: text)).statements
  }

  /// `small` is limited to 1M, `large` keeps the default; each statement runs through
  /// `execute`, without `run`, right after the other session ran — the largest matrix,
  /// the history bound and the charges all follow the session, not the last one to run.
  @Test func twoSessionsWithDifferentMemoryLimitsDoNotAffectEachOther() {
    let smallConsole = CapturingConsole(), largeConsole = CapturingConsole()
    let small = Interpreter(console: smallConsole)
    let large = Interpreter(console: largeConsole)
    #expect(small.execute(statements("limit memory=1M")) == .completed)
    #expect(large.execute(statements("limit memory=64M")) == .completed)
    #expect(small.memory.maxElements == 131_072)
    #expect(large.memory.maxElements == 8_388_608)

    #expect(small.execute(statements("let a = ones(1000, 1000)")) == .failed)
    #expect(smallConsole.errors.contains("a 1000×1000 matrix is larger than the memory limit allows: at most 131072 values (limit memory=1M)"),
      "\(smallConsole.errors)")
    #expect(large.execute(statements("let a = ones(1000, 1000)")) == .completed, "\(largeConsole.errors)")
    #expect(small.execute(statements("let b = ones(400, 400)")) == .failed)
    #expect(small.variables["a"] == nil && small.variables["b"] == nil)
    // Every byte of `large`'s matrix is charged to `large`, none to `small`.
    #expect(large.memory.live >= 8_000_000)
    #expect(small.memory.live < 1 << 16)

    // One value's history may keep an eighth of its own session's budget.
    #expect(HistoryBound(budget: small.memory).elements == 131_072 / 8)
    #expect(HistoryBound(budget: large.memory).elements == 8_388_608 / 8)

    smallConsole.output = ""
    largeConsole.output = ""
    #expect(small.execute(statements("limit")) == .completed)
    #expect(large.execute(statements("limit")) == .completed)
    #expect(smallConsole.output.hasPrefix("limit memory=1M: a matrix holds at most 131072 values of 8 bytes"))
    #expect(largeConsole.output.hasPrefix("limit memory=64M: a matrix holds at most 8388608 values of 8 bytes"))
  }

  @Test func theFileVersionIsTheSessionsConfiguration() {
    let a = Interpreter(console: CapturingConsole(), fileVersion: "9.9.9")
    let b = Interpreter(console: CapturingConsole())
    #expect(a.fileVersion == "9.9.9")
    #expect(b.fileVersion == "0.1.0")
    #expect(a.sessionScript([]).0.hasPrefix("# An nnsh 9.9.9 session"))
    #expect(b.sessionScript([]).0.hasPrefix("# An nnsh 0.1.0 session"))
  }

  /// A session's budget is the thread's only while the session runs: code that runs on the
  /// thread afterwards (another session, the tests' own matrices) is not held to its limit.
  @Test func aSessionPutsTheThreadsBudgetBackWhenItIsDone() throws {
    let before = MemoryBudget.current
    let shell = Interpreter(console: CapturingConsole())
    #expect(shell.run(SourceText(name: "t.nn", text: "limit memory=1M\nlet a = ones(10, 10)")) == .completed)
    #expect(MemoryBudget.current === before)
    #expect(shell.execute(statements("let b = ones(10, 10)")) == .completed)
    #expect(MemoryBudget.current === before)
    _ = try Matrix(rows: 1, cols: 1_000_000)  // beyond the session's 1M, within the thread's budget
  }
}
