import Testing

/// What a person at the prompt sees after a failed statement: the session as it was,
/// the random generator included. (A script stops at its first error, so only the
/// interactive shell shows what comes after one.)
@Suite("State after an error, at the prompt", .serialized)
struct StateAfterErrorShellTests {
  /// `seed 1`, a statement that draws four numbers and fails, then `rand(1,2)`: the same
  /// numbers as right after `seed 1` (0.7029 0.5204).
  @Test func aFailedStatementGivesBackItsRandomNumbers() throws {
    let home = try ShellHome()
    let shell = try PseudoTerminalShell(home: home)
    try shell.expect("nnsh> ")
    shell.type("seed 1\r")
    try shell.expect("nnsh> ")
    shell.type("let a = rand(2,2) + [1 2 3]\r")
    try shell.expect("error: cannot add")
    try shell.expect("nnsh> ")
    shell.type("rand(1,2)\r")
    try shell.expect("ans (1×2)")
    try shell.expect("0.7029 0.5204")
    try shell.expect("nnsh> ")
    // Inside repeat the iterations done keep their draws: the first iteration draws
    // 0.7029 and fails on its second statement, whose draw is given back.
    shell.type("seed 1\r")
    try shell.expect("nnsh> ")
    shell.type("repeat 3 { let u = rand(1,1); let w = rand(1,3) + [1 2] }\r")
    try shell.expect("(iteration 1)")
    try shell.expect("nnsh> ")
    shell.type("print u rand(1,1)\r")
    try shell.expect("0.7029 0.5204")
    try shell.expect("nnsh> ")
    shell.type("\u{4}")
    #expect(try shell.waitForExit() == 0)
  }
}
