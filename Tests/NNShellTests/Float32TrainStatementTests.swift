import Testing

@testable import NNEngine
@testable import NNShell

/// `train … dtype=f32` in a session: the values it leaves are Doubles that hold exactly
/// the float32 run's numbers, after a finished run and after Ctrl-C.
@Suite struct Float32TrainStatementTests {
  static let setup = "seed 1\ndata xor n=64\nnet\nlayer dense 2 -> 4 tanh\nlayer dense 2 softmax\nloss ce\noptimizer momentum"

  /// True when every parameter is a Float converted to Double.
  static func holdsFloats(_ net: Network) -> Bool {
    net.layers.allSatisfy { d in (Array(d.W.storage) + Array(d.b.storage)).allSatisfy { Double(Float($0)) == $0 } }
  }

  @Test func ctrlCDuringFloat32TrainingLeavesTheParametersConvertedBack() {
    let console = CapturingConsole()
    let shell = Interpreter(console: console)
    _ = shell.run(SourceText(name: "t.nn", text: Self.setup))
    let before = shell.network.layers.map(\.W)
    var polls = 0
    shell.shouldStop = {
      polls += 1
      return polls > 3
    }
    let outcome = shell.run(SourceText(name: "t.nn", text: "train epochs=100 batch=8 lr=0.1 dtype=f32"))
    #expect(outcome == .failed)
    #expect(console.errors.contains("interrupted: training stopped at epoch 1, batch 4"))
    #expect(shell.network.layers.map(\.W) != before, "three updates were made")
    #expect(Self.holdsFloats(shell.network))
    #expect(shell.optimizer.stepCount == 3)
    // The session goes on in float64 from there.
    shell.shouldStop = { false }
    #expect(shell.run(SourceText(name: "t.nn", text: "forward all\nbackward\ngradcheck")) == .completed, "\(console.errors)")
  }

  @Test func finishedFloat32RunSaysSoAndKeepsFloats() {
    let console = CapturingConsole()
    let shell = Interpreter(console: console)
    let outcome = shell.run(SourceText(name: "t.nn", text: Self.setup + "\ntrain epochs=3 batch=8 lr=0.1 dtype=f32"))
    #expect(outcome == .completed, "\(console.errors)")
    #expect(console.output.contains("(batch 8, lr 0.1, float32)"))
    #expect(Self.holdsFloats(shell.network))
    #expect(shell.optimizer.stepCount == 24)
  }
}
