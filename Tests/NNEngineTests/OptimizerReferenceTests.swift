import Testing
@testable import NNEngine

/// The update rules against torch.optim (numbers in `OptimReference`): Adam's defaults
/// over 3 steps, and 50 full-batch steps with weight decay for sgd, momentum, adam and
/// adamw, each by hand (`step`) and through `Trainer`.
@Suite struct OptimizerReferenceTests {
  static func close(_ a: [Double], _ b: [Double], within tol: Double = 1e-12) -> Bool {
    a.count == b.count && zip(a, b).allSatisfy { Swift.abs($0 - $1) <= tol }
  }

  /// `steps` forward, backward and step by hand; the parameters after them.
  static func byHand(_ optimizer: Optimizer, steps: Int) throws -> [Double] {
    var net = try OptimReference.network()
    var opt = optimizer
    let (X, Y) = try OptimReference.data()
    for _ in 0..<steps {
      try net.forward(X, Y)
      try net.backward()
      opt.step(&net)
    }
    return OptimReference.parameters(net)
  }

  /// `steps` epochs of one full, unshuffled batch.
  static func trained(_ optimizer: Optimizer, steps: Int) throws -> [Double] {
    var net = try OptimReference.network()
    var opt = optimizer
    let (X, Y) = try OptimReference.data()
    var trainer = Trainer(epochs: steps, batchSize: 4, learningRate: opt.learningRate)
    trainer.shuffles = false
    var g = RandomGenerator(seed: 1)
    #expect(try trainer.train(&net, optimizer: &opt, X: X, Y: Y, generator: &g) == .finished)
    #expect(opt.stepCount == steps)
    return OptimReference.parameters(net)
  }

  static let adam = Optimizer.Rule.adam(beta1: 0.9, beta2: 0.999, eps: 1e-8)
  static let adamw = Optimizer.Rule.adamw(beta1: 0.9, beta2: 0.999, eps: 1e-8)

  @Test func adamWithItsDefaultRateEqualsTorchOverThreeSteps() throws {
    let opt = Optimizer(Self.adam, learningRate: Self.adam.defaultLearningRate)
    #expect(Self.adam.defaultLearningRate == 0.001)
    #expect(Self.close(try Self.byHand(opt, steps: 3), OptimReference.adamDefaults3))
    #expect(Self.close(try Self.trained(opt, steps: 3), OptimReference.adamDefaults3))
  }

  @Test(arguments: [
    (Optimizer(.sgd, learningRate: 0.1, weightDecay: 0.01), OptimReference.sgdDecay50),
    (Optimizer(.momentum(beta: 0.9), learningRate: 0.1, weightDecay: 0.01), OptimReference.momentumDecay50),
    (Optimizer(adam, learningRate: 0.01, weightDecay: 0.01), OptimReference.adamDecay50),
    (Optimizer(adamw, learningRate: 0.01, weightDecay: 0.01), OptimReference.adamwDecay50),
    (Optimizer(adamw, learningRate: 0.001, weightDecay: 0.01), OptimReference.adamwDefaults50),
  ])
  func fiftyStepsWithWeightDecayEqualTorch(optimizer: Optimizer, torch: [Double]) throws {
    let hand = try Self.byHand(optimizer, steps: 50)
    let largest = zip(hand, torch).map { Swift.abs($0 - $1) }.max() ?? .nan
    #expect(Self.close(hand, torch), "largest difference \(largest)")
    #expect(Self.close(try Self.trained(optimizer, steps: 50), torch))
  }

  /// Weight decay changes the update, not the gradient a learner inspects afterwards.
  @Test func weightDecayLeavesTheGradientAsItWas() throws {
    var net = try OptimReference.network()
    let (X, Y) = try OptimReference.data()
    try net.forward(X, Y)
    try net.backward()
    let before = OptimReference.gradients(net)
    var opt = Optimizer(.sgd, learningRate: 0.1, weightDecay: 0.5)
    opt.step(&net)
    #expect(OptimReference.gradients(net) == before)
  }

  /// `show optimizer`'s numbers: m̂ and v̂ are m and v over (1 − βᵗ).
  @Test func adamStateHasBiasCorrectedMoments() throws {
    var net = try OptimReference.network()
    let (X, Y) = try OptimReference.data()
    var opt = Optimizer(Self.adam, learningRate: 0.001)
    #expect(opt.state(layer: 1) == nil)
    for _ in 0..<2 {
      try net.forward(X, Y)
      try net.backward()
      opt.step(&net)
    }
    let state = try #require(opt.state(layer: 1))
    let v = try #require(state.W.v), vHat = try #require(state.W.vHat), mHat = try #require(state.W.mHat)
    for k in 0..<state.W.m.count {
      #expect(mHat.storage[k] == state.W.m.storage[k] / (1 - 0.9 * 0.9))
      #expect(vHat.storage[k] == v.storage[k] / (1 - 0.999 * 0.999))
    }
    var momentum = Optimizer(.momentum(beta: 0.9), learningRate: 0.1)
    momentum.step(&net)
    #expect(momentum.state(layer: 2)?.b.v == nil)
    #expect(momentum.state(layer: 2)?.b.m == net.db[1])
  }
}
