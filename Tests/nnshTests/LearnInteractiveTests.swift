#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#endif
import Testing

/// `nnsh learn` at a terminal, through a pseudo-terminal: each pause is a prompt in the
/// lesson's session with line editing, each exercise asks until the answer is right.
@Suite("nnsh learn at a terminal", .serialized)
struct LearnInteractiveTests {
  /// Walkthrough 6: statements at the pauses, `back`, then its first exercise answered
  /// with a wrong shape, wrong values and the right answer, then `quit`.
  @Test func pausesExploreGoBackAndAnExerciseChecksTheAnswer() throws {
    let home = try ShellHome()
    let shell = try PseudoTerminalShell(home: home, arguments: ["learn", "6"])
    try shell.expect("learn 6 · 1/")
    shell.type("show nothing_here\r")
    try shell.expect("error: unknown name 'nothing_here'")
    try shell.expect("learn 6 · 1/")  // the prompt stays after an error
    // The first pause comes after the forward pass: a1 is the lesson's own.
    shell.type("show a1\r")
    try shell.expect("a[1] (3×1)")
    try shell.expect("learn 6 · 1/")
    shell.type("\r")
    try shell.expect("learn 6 · 2/")
    shell.type("back\r")
    try shell.expect("(back at pause 1 of")
    try shell.expect("learn 6 · 1/")
    // Up-arrow recalls what was typed at an earlier pause: nothing typed is lost.
    shell.type("\u{1B}[A")
    try shell.expect("back")
    shell.type("\u{1B}[A")
    try shell.expect("show a1")
    shell.type("\r")
    try shell.expect("a[1] (3×1)")
    try shell.expect("learn 6 · 1/")
    shell.type("\r")
    try shell.expect("learn 6 · 2/")
    shell.type("\r")
    try shell.expect("exercise: Compute dz2")
    try shell.expect("learn 6 · exercise> ")
    shell.type("dz2'\r")
    try shell.expect("✗ expected a ")
    try shell.expect("column (the shape of dz2), got a 1×")
    try shell.expect("hint: ")
    try shell.expect("learn 6 · exercise> ")
    shell.type("dz2 + 1\r")
    try shell.expect("entries differ")
    try shell.expect("you have ")
    try shell.expect("learn 6 · exercise> ")
    shell.type("(W3' * dz3) .* relu_prime(z2)\r")
    try shell.expect("✓ right: that is dz2")
    try shell.expect("exercise: Compute dW2")
    try shell.expect("learn 6 · exercise> ")
    shell.type("quit\r")
    #expect(try shell.waitForExit() == 0)
  }

  @Test func ctrlCClearsTheLineAndCtrlDLeaves() throws {
    let home = try ShellHome()
    let shell = try PseudoTerminalShell(home: home, arguments: ["learn", "2"])
    try shell.expect("learn 2 · 1/1> ")
    shell.type("show 111")
    shell.type("\u{3}")
    try shell.expect("^C")
    try shell.expect("learn 2 · 1/1> ")
    shell.type("show 222\r")
    try shell.expect("ans = 222")
    #expect(!shell.screen.contains("ans = 111"))
    shell.type("\u{4}")
    #expect(try shell.waitForExit() == 0)
  }

  /// Ctrl-C stops a lesson's long statement, as in the shell, and the lesson goes on
  /// (it once ended the lesson with status 1).
  @Test func ctrlCStopsALongStatementAndTheLessonGoesOn() throws {
    let home = try ShellHome()
    let lesson = home.path + "/long.nn"
    let text = "print \"before\"\nlet n = 0\nrepeat 1000000000 { let n = n + 1 }\nprint \"after the loop\"\npause\n"
    guard let f = fopen(lesson, "w") else { throw InteractiveTestFailure(description: "cannot write \(lesson)") }
    fputs(text, f)
    fclose(f)
    let shell = try PseudoTerminalShell(home: home, arguments: ["learn", lesson])
    try shell.expect("repeat 1000000000")
    usleep(300_000)
    shell.type("\u{3}")
    try shell.expect("interrupted")
    try shell.expect("after the loop")
    try shell.expect("· 1/1> ")
    shell.type("quit\r")
    #expect(try shell.waitForExit() == 0)
  }

  /// With colour, echoed statements are bold after a cyan `› ` and proved claims green `✓`.
  @Test func colourSetsEchoedStatementsAndProofsApart() throws {
    let home = try ShellHome()
    let shell = try PseudoTerminalShell(home: home, arguments: ["learn", "2"], color: true)
    try shell.expect("learn 2 · 1/1> ")
    shell.type("\r")
    try shell.expect("› let w = [0.5; -1]")
    try shell.expect("✓ z == 0.25")
    try shell.expect("exercise> ")
    shell.type("quit\r")
    #expect(try shell.waitForExit() == 0)
    let bytes = String(decoding: shell.output, as: UTF8.self)
    #expect(bytes.contains("\u{1B}[1;36m› \u{1B}[0;1mlet w = [0.5; -1]"))
    #expect(bytes.contains("\u{1B}[1;32m✓\u{1B}[0m z == 0.25"))
  }
}
