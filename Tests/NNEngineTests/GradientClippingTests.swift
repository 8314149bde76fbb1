import Testing
@testable import NNEngine

/// Clipping by global norm against torch.nn.utils.clip_grad_norm_ (numbers in
/// `OptimReference`), and in training.
@Suite struct GradientClippingTests {
  static func close(_ a: [Double], _ b: [Double], within tol: Double = 1e-15) -> Bool {
    a.count == b.count && zip(a, b).allSatisfy { Swift.abs($0 - $1) <= tol }
  }

  @Test func clipsToTheGlobalNormAsTorchDoes() throws {
    var net = try OptimReference.network()
    let (X, Y) = try OptimReference.data()
    try net.forward(X, Y)
    try net.backward()
    #expect(Self.close(OptimReference.gradients(net), OptimReference.gradients))
    let norm = net.clipGradients(maxNorm: 0.1)
    #expect(Swift.abs(norm - OptimReference.totalNorm) <= 1e-15)
    #expect(Self.close(OptimReference.gradients(net), OptimReference.clipped))
  }

  @Test func aNormBelowTheLimitLeavesTheGradients() throws {
    var net = try OptimReference.network()
    let (X, Y) = try OptimReference.data()
    try net.forward(X, Y)
    try net.backward()
    let before = OptimReference.gradients(net)
    net.clipGradients(maxNorm: 5)
    #expect(OptimReference.gradients(net) == before)
  }

  /// One epoch with clip= is forward, backward, clip, step by hand.
  @Test func trainingClipsEachBatch() throws {
    var net = try OptimReference.network()
    var byHand = net
    let (X, Y) = try OptimReference.data()
    var opt = Optimizer(.sgd, learningRate: 0.5)
    var trainer = Trainer(epochs: 3, batchSize: 4, learningRate: 0.5)
    trainer.clip = 0.1
    trainer.shuffles = false
    var g = RandomGenerator(seed: 1)
    #expect(try trainer.train(&net, optimizer: &opt, X: X, Y: Y, generator: &g) == .finished)
    var handOptimizer = Optimizer(.sgd, learningRate: 0.5)
    for _ in 0..<3 {
      try byHand.forward(X, Y)
      try byHand.backward()
      byHand.clipGradients(maxNorm: 0.1)
      handOptimizer.step(&byHand)
    }
    #expect(OptimReference.parameters(byHand) == OptimReference.parameters(net))
  }
}
