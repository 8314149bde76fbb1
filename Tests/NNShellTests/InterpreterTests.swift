import Testing
@testable import NNEngine
@testable import NNShell

/// The interpreter with a capturing console: results, errors, and the rule that a failed
/// statement leaves the session as it was.
@Suite struct InterpreterTests {
  func session(_ text: String) -> (Interpreter, CapturingConsole, Interpreter.Outcome) {
    let console = CapturingConsole()
    let shell = Interpreter(console: console)
    let outcome = shell.run(SourceText(name: "t.nn", text: text))
    return (shell, console, outcome)
  }

  @Test func notesNetworkSummaryCountsThirtyParameters() {
    let (_, console, outcome) = session("net\nlayer dense 2 -> 3 relu\nlayer dense 4 relu\nlayer dense 1\nsummary")
    #expect(outcome == .completed)
    #expect(console.output.contains("total                            30"))
  }

  @Test func failedStatementsLeaveStateUnchanged() {
    let (shell, console, _) = session(
      "seed 1\nnet\nlayer dense 2 -> 3 relu\nlayer dense 1\nforward x=[1; 2] y=[1]\nbackward")
    let before = shell.network.layers
    let variables = shell.variables.keys.sorted()
    let dW = shell.network.dW
    for bad in [
      "set W1 = [1 2 3]", "layer dense 5 -> 2", "let q = W1 * [1; 2; 3]", "step lr=-1",
      "forward x=[1; 2; 3]", "loss nonsense", "init normal std=-1", "train epochs=0",
      "let W1 = 3", "let z = relu(nonexistent)", "optimizer adam beta1=2",
    ] {
      let outcome = shell.run(SourceText(name: "bad.nn", text: bad))
      #expect(outcome == .failed, "\(bad) should fail")
      #expect(shell.network.layers == before, "\(bad) changed the network")
      #expect(shell.variables.keys.sorted() == variables, "\(bad) changed the variables")
      #expect(shell.network.dW == dW, "\(bad) changed the gradients")
    }
    #expect(console.errors.contains("bad.nn:1:"))
  }

  @Test func backwardOverwritesGradients() {
    let (shell, _, outcome) = session(
      "seed 2\nnet\nlayer dense 2 -> 2 tanh\nlayer dense 1\nforward x=[1; 2] y=[1]\nbackward\nlet g1 = dW1\nbackward\nassert dW1 == g1")
    #expect(outcome == .completed)
    #expect(shell.network.hasGradients)
  }

  @Test func networkNamesShareOneGraph() {
    let (_, console, outcome) = session(
      """
      seed 3
      net
      layer dense 2 -> 3 sigmoid
      layer dense 1
      forward x=[0.5; -1] y=[2]
      backward
      grad J wrt W1
      assert dW1 == dW1
      let q = 2 * J
      grad q wrt b2
      jacobian a1 wrt z1
      """)
    #expect(outcome == .completed, "\(console.errors)")
    #expect(console.output.contains("∂J/∂W[1] (3×2)"))
    #expect(console.output.contains("∂a[1]/∂z[1] (3×3)"))
  }

  @Test func gradOfNetworkLossMatchesBackward() {
    let (_, console, outcome) = session(
      """
      seed 4
      net
      layer dense 3 -> 4 tanh
      layer dense 2 softmax
      loss ce
      forward x=[0.1 0.2; -1 0.5; 2 0] y=[1 0; 0 1]
      backward
      let L = J
      """)
    #expect(outcome == .completed, "\(console.errors)")
  }

  @Test func stepAfterBackwardChangesParametersAndRequiresNewForward() {
    let (shell, console, outcome) = session(
      "seed 5\nnet\nlayer dense 1 -> 1\nforward x=[1] y=[3]\nbackward\nstep lr=0.1\nbackward")
    #expect(outcome == .failed)
    #expect(console.errors.contains("the parameters changed since the last forward pass"))
    #expect(shell.network.layers.count == 1)
  }

  @Test func sameSeedSameNumbers() {
    let script = "seed 9\nnet\nlayer dense 2 -> 3 relu\nlayer dense 1\nshow W1 W2\nrandn(2, 2)"
    let (_, a, _) = session(script)
    let (_, b, _) = session(script)
    #expect(a.output == b.output)
    let (_, c, _) = session(script.replacingOccurrences(of: "seed 9", with: "seed 10"))
    #expect(a.output != c.output)
  }

  @Test func repeatIsInterruptible() {
    let console = CapturingConsole()
    let shell = Interpreter(console: console)
    var polls = 0
    shell.shouldStop = {
      polls += 1
      return polls > 5
    }
    let outcome = shell.run(SourceText(name: "t.nn", text: "let i = 0\nrepeat 1000000 { let i = i + 1 }"))
    #expect(outcome == .failed)
    #expect(console.errors.contains("interrupted: repeat stopped after 5 of 1000000 iterations"))
    #expect(shell.variables["i"]?.value.scalar == 5)
  }

  @Test func trainingIsInterruptibleAndKeepsLastUpdate() {
    let console = CapturingConsole()
    let shell = Interpreter(console: console)
    _ = shell.run(SourceText(name: "t.nn", text: "seed 1\ndata xor n=64\nnet\nlayer dense 2 -> 4 tanh\nlayer dense 2 softmax\nloss ce"))
    var polls = 0
    shell.shouldStop = {
      polls += 1
      return polls > 3
    }
    let outcome = shell.run(SourceText(name: "t.nn", text: "train epochs=100 batch=8 lr=0.1"))
    #expect(outcome == .failed)
    #expect(console.errors.contains("interrupted: training stopped at epoch 1, batch 4"))
    #expect(shell.network.layers.allSatisfy { $0.W.isFinite })
  }

  @Test func unknownNamesSuggest() {
    let (_, console, _) = session("let learning = 1\nlearnin + 1")
    #expect(console.errors.contains("unknown name 'learnin'; did you mean 'learning'?"))
  }

  @Test func sampleThenForwardUsesXAndY() {
    let (shell, console, outcome) = session(
      "seed 1\nlet X = [1 2 3; 4 5 6]\nlet Y = [1 0 1]\ndata X Y\nnet\nlayer dense 2 -> 1 sigmoid\nloss bce\nsample\nforward\nbackward")
    #expect(outcome == .completed, "\(console.errors)")
    #expect(shell.variables["x"]?.value.shape == Shape(2, 1))
    #expect(shell.network.hasGradients)
  }
}

@Suite struct HelpTests {
  @Test func everyStatementHasAPageWithAnExample() {
    for kind in StatementKind.allCases {
      #expect(!kind.spec.synopsis.isEmpty, "\(kind)")
      #expect(!kind.spec.example.isEmpty, "\(kind) has no example")
      #expect(kind.spec.page.contains("example: "))
    }
  }

  @Test func helpOnAStatementShowsItsPage() {
    let console = CapturingConsole()
    let shell = Interpreter(console: console)
    #expect(shell.run(SourceText(name: "t", text: "help train")) == .completed)
    #expect(console.output == StatementKind.train.spec.page)
    #expect(shell.run(SourceText(name: "t", text: "help trian")) == .failed)
    #expect(console.errors.contains("did you mean 'train'?"))
  }
}
