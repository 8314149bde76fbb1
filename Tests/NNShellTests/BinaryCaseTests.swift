import Testing
@testable import NNEngine
@testable import NNShell

/// The notes' binary case on built-in data, output layers sized by the data, and the
/// per-pass J history that `plot loss` draws after a hand-written loop.
@Suite struct BinaryCaseTests {
  func session(_ text: String) -> (Interpreter, CapturingConsole, Interpreter.Outcome) {
    let console = CapturingConsole()
    let shell = Interpreter(console: console)
    let outcome = shell.run(SourceText(name: "t.nn", text: text))
    return (shell, console, outcome)
  }

  @Test func sigmoidOnTwoClassesIsOneUnitAndTrains() {
    let (shell, console, outcome) = session(
      "seed 1\ndata gauss\nsplit 0.8\nnet\nlayer dense 2 -> 8 tanh\nlayer dense sigmoid\nloss bce\ntrain epochs=50 batch=16 lr=0.5 quiet=yes\nevaluate")
    #expect(outcome == .completed, "\(console.errors)")
    #expect(shell.network.outputSize == 1)
    #expect(shell.dataset?.Y.rows == 1)
    #expect((shell.variables["accuracy"]?.value.scalar ?? 0) >= 0.95)
  }

  @Test func softmaxTakesOneUnitPerClass() {
    let (shell, console, outcome) = session("data iris\nnet\nlayer dense 8 relu\nlayer dense softmax")
    #expect(outcome == .completed, "\(console.errors)")
    #expect(shell.network.outputSize == 3)
  }

  @Test func aFunctionNameIsNeverSuggestedForItself() {
    for text in ["let p = softmax + 1", "layer dense 2 -> softmax", "show sigmoid"] {
      let (_, console, outcome) = session(text)
      #expect(outcome == .failed, "\(text)")
      #expect(!console.errors.contains("did you mean"), "\(text): \(console.errors)")
    }
  }

  @Test func handRunPassesAreRecordedBoundedAndClearedByNet() {
    let (shell, _, outcome) = session(
      "seed 1\ndata xor\nnet\nlayer dense 2 -> 4 tanh\nlayer dense sigmoid\nloss bce\nrepeat 5 { sample; forward; backward; step lr=0.1 }")
    #expect(outcome == .completed)
    #expect(shell.passLossHistory.values.count == 5)
    #expect(shell.passLossHistory.values.allSatisfy { $0.isFinite && $0 > 0 })
    _ = shell.run(SourceText(name: "t.nn", text: "net"))
    #expect(shell.passLossHistory.isEmpty)
    var history = PassLossHistory()
    for k in 0..<(PassLossHistory.capacity + 1) { history.append(Double(k)) }
    #expect(history.values.count == PassLossHistory.capacity / 2 + 1)
    #expect(history.points.first?.x == Double(PassLossHistory.capacity / 2 + 1))
    #expect(history.points.last?.y == Double(PassLossHistory.capacity))
  }
}
