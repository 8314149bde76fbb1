import Testing
@testable import NNEngine
@testable import NNShell

/// The shell's side of issue 15/16's training settings: `optimizer` defaults and weight
/// decay, `schedule`, `train … l2= l1= clip=`, `loss … l2=`, `show optimizer`, the help
/// topics, and that a refused setting changes nothing.
@Suite struct TrainingSettingsTests {
  func session(_ text: String) -> (Interpreter, CapturingConsole, Interpreter.Outcome) {
    let console = CapturingConsole()
    let shell = Interpreter(console: console)
    let outcome = shell.run(SourceText(name: "t.nn", text: text))
    return (shell, console, outcome)
  }

  static let xor = "seed 1\ndata xor n=40\nnet\nlayer dense 2 -> 4 tanh\nlayer dense 2 softmax\nloss ce\n"

  @Test func eachOptimizerTakesItsOwnDefaultRate() {
    let (shell, _, outcome) = session("optimizer sgd lr=0.5\noptimizer adam")
    #expect(outcome == .completed)
    #expect(shell.optimizer.learningRate == 0.001)
    #expect(shell.optimizer.weightDecay == 0)
    _ = shell.run(SourceText(name: "u.nn", text: "optimizer momentum"))
    #expect(shell.optimizer.learningRate == 0.01)
    _ = shell.run(SourceText(name: "u.nn", text: "optimizer adamw"))
    #expect(shell.optimizer.rule == .adamw(beta1: 0.9, beta2: 0.999, eps: 1e-8))
    #expect(shell.optimizer.weightDecay == 0.01)
    _ = shell.run(SourceText(name: "u.nn", text: "optimizer sgd weight_decay=0.2"))
    #expect(shell.optimizer.weightDecay == 0.2)
  }

  /// Train runs the session's schedule; the rates are kept for plot lr (StepLR's numbers).
  @Test func trainFollowsTheScheduleAndKeepsTheRates() {
    let (shell, console, outcome) = session(
      Self.xor + "schedule step every=10 gamma=0.5\ntrain epochs=30 batch=40 lr=0.1 quiet=yes\nplot lr")
    #expect(outcome == .completed)
    #expect(shell.rateHistory == OptimReferenceRates.stepLR)
    #expect(console.output.contains("learning rate per epoch"))
  }

  /// train's l2= is that run's; the session's (from loss) is back afterwards.
  @Test func trainPenaltiesAreForTheRunOnly() {
    let (shell, _, outcome) = session(Self.xor + "loss ce l1=0.01\ntrain epochs=2 l2=0.5 quiet=yes")
    #expect(outcome == .completed)
    #expect(shell.network.regularization == Regularization(l2: 0, l1: 0.01))
    _ = shell.run(SourceText(name: "u.nn", text: "net\nlayer dense 2 -> 2 tanh"))
    #expect(shell.network.regularization == Regularization(l2: 0, l1: 0.01), "net keeps the loss and its penalties")
  }

  @Test func gradcheckPassesWithL1AndL2() {
    let (_, console, outcome) = session(Self.xor + "loss ce l2=0.05 l1=0.01\nforward sample 3\nbackward\ngradcheck")
    #expect(outcome == .completed)
    #expect(console.output.contains("gradcheck passed"))
  }

  @Test func showOptimizerAndStepExplainShowAdamsTerms() {
    let (_, console, outcome) = session(Self.xor + "optimizer adam\nforward sample 1\nbackward\nstep explain\nshow optimizer")
    #expect(outcome == .completed)
    for piece in ["m̂ = m/(1−β₁ᵗ)", "v̂ = [", "m̂ of W[2]", "v̂ of b[1]", "t = 1 (steps taken)"] {
      #expect(console.output.contains(piece), "missing \(piece)")
    }
  }

  /// Every topic completion offers after `help ` has a page.
  @Test func everyOfferedHelpTopicExists() {
    let shell = Interpreter(console: CapturingConsole())
    for topic in StatementGrammar.Words.helpTopics.words {
      #expect(shell.run(SourceText(name: "h.nn", text: "help \(topic)")) == .completed, "help \(topic)")
    }
    for topic in ["backprop", "adam", "momentum", "schedule", "regularization", "clip"] {
      #expect(StatementGrammar.Words.helpTopics.words.contains(topic))
    }
  }

  @Test func refusedSettingsChangeNothing() {
    let (shell, _, _) = session(Self.xor + "optimizer momentum lr=0.05\nschedule cosine\nloss ce l2=0.1")
    let optimizer = shell.optimizer, schedule = shell.schedule, penalties = shell.network.regularization
    for bad in [
      "optimizer adam weight_decay=-1", "schedule step every=3 gamma=0", "schedule exponential gamma=1.5",
      "schedule exponential", "train epochs=1 clip=-1", "train epochs=1 clip=0", "loss ce l2=-0.1",
      "train epochs=1 l1=-1", "schedule step gamma=0.5", "schedule cosine min=-1",
    ] {
      #expect(shell.run(SourceText(name: "bad.nn", text: bad)) == .failed, "\(bad) should fail")
      #expect(shell.optimizer.rule == optimizer.rule && shell.optimizer.learningRate == optimizer.learningRate, "\(bad) changed the optimizer")
      #expect(shell.schedule == schedule, "\(bad) changed the schedule")
      #expect(shell.network.regularization == penalties, "\(bad) changed the penalties")
      #expect(shell.lossHistory.isEmpty, "\(bad) trained")
    }
  }
}

/// StepLR(step_size=10, gamma=0.5) from 0.1 over 30 epochs, as torch 2.13.0 printed it
/// (Tests/NNEngineTests/Fixtures/optim_reference.py).
enum OptimReferenceRates {
  static let stepLR: [Double] = Array(repeating: 0.10000000000000001, count: 10)
    + Array(repeating: 0.050000000000000003, count: 10) + Array(repeating: 0.025000000000000001, count: 10)
}
