import Testing
@testable import NNEngine

/// Learning-rate schedules against torch.optim.lr_scheduler over 30 epochs (numbers in
/// `OptimReference`), exactly; warm-up; and the rates a `Trainer` run keeps.
@Suite struct ScheduleTests {
  @Test func stepExponentialAndCosineEqualTorchExactly() {
    #expect(Schedule(.step(every: 10, gamma: 0.5)).rates(base: 0.1, epochs: 30) == OptimReference.stepLR)
    #expect(Schedule(.exponential(gamma: 0.95)).rates(base: 0.1, epochs: 30) == OptimReference.exponentialLR)
    #expect(Schedule(.cosine(min: 0.001)).rates(base: 0.1, epochs: 30) == OptimReference.cosineLR)
  }

  @Test func warmupRisesLinearlyThenTheScheduleStartsAtTheBaseRate() {
    let rates = Schedule(.cosine(min: 0.001), warmup: 4).rates(base: 0.1, epochs: 34)
    let warm: [Double] = (1...4).map { 0.1 * Double($0) / 4 }
    #expect(Array(rates.prefix(4)) == warm)
    #expect(Array(rates.dropFirst(4)) == OptimReference.cosineLR)
    #expect(Schedule(warmup: 10).rates(base: 1, epochs: 3) == [0.1, 0.2, 0.3])
    #expect(Schedule().rates(base: 0.5, epochs: 3) == [0.5, 0.5, 0.5])
  }

  @Test func theTrainerUsesAndKeepsEachEpochsRate() throws {
    var net = try OptimReference.network()
    var byHand = net
    let (X, Y) = try OptimReference.data()
    var opt = Optimizer(.sgd, learningRate: 0.1)
    var trainer = Trainer(epochs: 5, batchSize: 4, learningRate: 0.1)
    trainer.schedule = Schedule(.exponential(gamma: 0.5))
    trainer.shuffles = false
    var g = RandomGenerator(seed: 1)
    #expect(try trainer.train(&net, optimizer: &opt, X: X, Y: Y, generator: &g) == .finished)
    #expect(trainer.rates == [0.1, 0.05, 0.025, 0.0125, 0.00625])
    var handOptimizer = Optimizer(.sgd, learningRate: 0.1)
    for rate in trainer.rates {
      try byHand.forward(X, Y)
      try byHand.backward()
      handOptimizer.step(&byHand, learningRate: rate)
    }
    #expect(OptimReference.parameters(byHand) == OptimReference.parameters(net))
  }
}
