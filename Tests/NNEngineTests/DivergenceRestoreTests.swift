import Testing
@testable import NNEngine

/// A run that breaks the parameters in its last batch goes back to the epoch's start
/// with the optimizer's state of that moment (v and t), not the broken step's.
@Suite struct DivergenceRestoresOptimizerStateTests {
  @Test func restoredParametersComeWithTheirMomentumAndStepCount() throws {
    let start = try OptimReference.network()
    let (X, _) = try OptimReference.data()
    let Y = try Matrix(rowsOf: [[100, -50, 25, 80]])
    var g = RandomGenerator(seed: 1)
    // Epoch 1 at rate 1, epoch 2 at 1e308: its update overflows.
    var diverging = start
    var opt = Optimizer(.momentum(beta: 0.9), learningRate: 1)
    var trainer = Trainer(epochs: 2, batchSize: 4, learningRate: 1)
    trainer.schedule = Schedule(.exponential(gamma: 1e308))
    trainer.shuffles = false
    let outcome = try trainer.train(&diverging, optimizer: &opt, X: X, Y: Y, generator: &g)
    #expect(outcome == .diverged(epoch: 2, batch: 1, restoredToEpochStart: true))

    var oneEpoch = start
    var reference = Optimizer(.momentum(beta: 0.9), learningRate: 1)
    var first = Trainer(epochs: 1, batchSize: 4, learningRate: 1)
    first.shuffles = false
    #expect(try first.train(&oneEpoch, optimizer: &reference, X: X, Y: Y, generator: &g) == .finished)
    #expect(OptimReference.parameters(diverging) == OptimReference.parameters(oneEpoch))
    #expect(opt.stepCount == 1)
    for l in 1...2 {
      #expect(opt.state(layer: l)?.W.m == reference.state(layer: l)?.W.m)
      #expect(opt.state(layer: l)?.b.m == reference.state(layer: l)?.b.m)
    }
  }
}
