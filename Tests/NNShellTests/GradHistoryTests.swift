import Testing
@testable import NNEngine
@testable import NNShell

/// `grad` and `jacobian` follow a value's whole history while it fits in `HistoryBound`,
/// and say so when it was dropped instead of giving a derivative that misses paths.
@Suite(.serialized) struct GradHistoryTests {
  func run(_ text: String) -> (Interpreter, CapturingConsole, Interpreter.Outcome) {
    let console = CapturingConsole()
    let shell = Interpreter(console: console)
    let outcome = shell.run(SourceText(name: "t.nn", text: text))
    return (shell, console, outcome)
  }

  /// The case: 640 000 elements (5 MB) is small, and the history is kept.
  @Test func the800By800CaseKeepsItsHistory() throws {
    let (shell, console, outcome) = run("seed 1\nlet W = rand(800, 800)\nlet f = sum(W .* W)")
    #expect(outcome == .completed, "\(console.errors)")
    let W = try #require(shell.variables["W"]), f = try #require(shell.variables["f"])
    #expect(f.depends(on: W))
    let g = try Variable.gradients(of: f, wrt: [W])[0]
    #expect(g == W.value.map { 2 * $0 })
  }

  /// More than 2000 re-bindings in a loop (the old depth cut) keep the history too.
  @Test func aValueReboundManyTimesKeepsItsHistory() throws {
    let (shell, console, outcome) = run("let V = [1 2; 3 4]\nlet s = V\nrepeat 2500 { let s = s * 1.0001 }\ngrad sum(s) wrt V")
    #expect(outcome == .completed, "\(console.errors)")
    let V = try #require(shell.variables["V"]), s = try #require(shell.variables["s"])
    #expect(s.depends(on: V))
    #expect(console.output.hasPrefix("∂sum(s)/∂V (2×2)\n  1.284 1.284\n"), "\(console.output)")
  }

  /// Past the bound the history is dropped, and a derivative with respect to a value it
  /// reached is refused with the reason — also when part of the value still depends on
  /// it (that derivative would be silently wrong). A value the history did not reach
  /// still gets its exact derivative.
  @Test func aDroppedHistoryIsNamedNotSilentlyWrong() throws {
    // A budget of 1M elements: one value's history may keep 128K elements (1 MiB).
    let (shell, console, _) = run(
      "limit memory=8M\nseed 1\nlet W = rand(150, 150)\nlet V = rand(50, 50)\nlet E = W .* W .* W .* W\nlet f = sum(E + W) + sum(V .* V)")
    #expect(console.errors.isEmpty, "\(console.errors)")
    let E = try #require(shell.variables["E"])
    #expect(E.isLeaf)
    #expect(E.droppedHistory?.reason.contains("the history of E was dropped when it was bound") == true)
    console.output = ""
    #expect(shell.run(SourceText(name: "g.nn", text: "grad f wrt W")) == .failed)
    #expect(console.errors.contains("cannot follow f back to W: the history of E was dropped"), "\(console.errors)")
    #expect(shell.run(SourceText(name: "g.nn", text: "grad f wrt V")) == .completed, "\(console.errors)")
    #expect(shell.run(SourceText(name: "g.nn", text: "jacobian E wrt W")) == .failed)
  }
}
