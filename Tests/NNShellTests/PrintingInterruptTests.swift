import Testing

@testable import NNShell

/// Ctrl-C stops the statements whose cost grows with the data they print or draw (issue
/// 13): a heatmap while it averages a large matrix, `show data N` while it formats the
/// table. Values themselves print in time bounded by the screen (see MatrixFormatterTests).
@Suite("Printing interrupts")
struct PrintingInterruptTests {
  /// A shell whose Ctrl-C is "pressed" at poll number `after + 1`.
  func shell(stoppingAfter after: Int) -> (Interpreter, CapturingConsole, () -> (polls: Int, acknowledged: Int)) {
    let console = CapturingConsole()
    let shell = Interpreter(console: console)
    var polls = 0, acknowledged = 0
    shell.shouldStop = {
      polls += 1
      return polls > after
    }
    shell.acknowledgeStop = { acknowledged += 1 }
    return (shell, console, { (polls, acknowledged) })
  }

  @Test func heatmapAveragingStops() {
    let (shell, console, counts) = shell(stoppingAfter: 3)
    let outcome = shell.run(SourceText(name: "t.nn", text: "let big = ones(400, 400)\nplot big"))
    #expect(outcome == .failed)
    #expect(console.errors.contains("interrupted: plot stopped while averaging big (400×400)"))
    #expect(!console.output.contains("legend"))
    #expect(counts().polls == 4 && counts().acknowledged == 1)
    // The SVG form too, and the file is not written.
    let (other, otherConsole, _) = self.shell(stoppingAfter: 0)
    #expect(other.run(SourceText(name: "t.nn", text: "plot ones(300, 300) to \"/nonexistent-folder/x.svg\"")) == .failed)
    #expect(otherConsole.errors.contains("interrupted: plot stopped"))
  }

  @Test func heatmapWithoutCtrlCPollsAndDraws() {
    let (shell, console, counts) = shell(stoppingAfter: Int.max)
    #expect(shell.run(SourceText(name: "t.nn", text: "plot ones(100, 3)")) == .completed)
    #expect(console.output.contains("legend"))
    #expect(counts().polls > 0 && counts().acknowledged == 0)
  }

  @Test func showDataStops() {
    let (shell, console, counts) = shell(stoppingAfter: 50)
    #expect(shell.run(SourceText(name: "t.nn", text: "data digits")) == .completed)
    let outcome = shell.run(SourceText(name: "t.nn", text: "show data 1797"))
    #expect(outcome == .failed)
    #expect(console.errors.contains("interrupted: show data stopped"))
    #expect(!console.output.contains("one per row"))
    #expect(counts().acknowledged == 1)
  }
}
