import Testing
@testable import NNEngine

/// L2 and L1 penalties: in J and dW of the fast pass, in the autodiff graph, in the
/// gradient check, and in training (fused SGD included); biases untouched.
@Suite struct RegularizationTests {
  static let penalties = Regularization(l2: 0.3, l1: 0.05)

  @Test func jAndTheWeightGradientsIncludeThePenalty() throws {
    var plain = try OptimReference.network()
    var net = plain
    net.regularization = Self.penalties
    let (X, Y) = try OptimReference.data()
    let J0 = try #require(try plain.forward(X, Y))
    let J = try #require(try net.forward(X, Y))
    let weights = net.layers.flatMap { Array($0.W.storage) }
    let expected = 0.5 * 0.3 * weights.reduce(0) { $0 + $1 * $1 } + 0.05 * weights.reduce(0) { $0 + Swift.abs($1) }
    #expect(Swift.abs(J - J0 - expected) <= 1e-15)
    try plain.backward()
    try net.backward()
    for l in net.layers.indices {
      let W = net.layers[l].W
      for k in 0..<W.count {
        let w = W.storage[k]
        let extra = 0.3 * w + 0.05 * (w > 0 ? 1 : -1)
        #expect(Swift.abs(net.dW[l].storage[k] - plain.dW[l].storage[k] - extra) <= 1e-15)
      }
      #expect(net.db[l] == plain.db[l])
    }
  }

  @Test func theGraphAgreesWithThePass() throws {
    var net = try OptimReference.network()
    net.regularization = Self.penalties
    let (X, Y) = try OptimReference.data()
    let J = try #require(try net.forward(X, Y))
    try net.backward()
    let graph = try net.graph(x: X, y: Y)
    let node = try #require(graph["J"])
    #expect(node.value.scalar == J)
    let W = try (1...2).map { try #require(graph["W\($0)"]) }
    let grads = try Variable.gradients(of: node, wrt: W)
    for l in 0..<2 {
      for k in 0..<grads[l].count { #expect(Swift.abs(grads[l].storage[k] - net.dW[l].storage[k]) <= 1e-15) }
    }
  }

  @Test func gradientCheckPassesWithL1AndL2() throws {
    var net = try TestNetworks.make([2, 3, 4, 1], hidden: .tanh, output: .linear, loss: .mse)
    net.regularization = Regularization(l2: 0.1, l1: 0.02)
    let (X, Y) = try TestNetworks.batch(d: 2, k: 1, B: 5, loss: .mse)
    try net.forward(X, Y)
    try net.backward()
    let report = try GradientCheck.entries(net, x: X, y: Y)
    #expect(report.parameters.count == 6)
    // The shell's pass rule: relative error ≤ 1e-5, or every difference ≤ 1e-9.
    for p in report.parameters {
      #expect(p.relativeError <= 1e-5 || (p.worst?.absoluteError ?? 0) <= 1e-9, "\(p.name): \(p.relativeError)")
    }
    #expect(report.maxRelativeError < 1e-7)
  }

  /// Plain SGD in train fuses the step into the backward gemm; the penalty's part is
  /// applied there too, so the result is forward, backward, step by hand.
  @Test func fusedSGDTrainingIncludesThePenalty() throws {
    var net = try OptimReference.network()
    net.regularization = Self.penalties
    var byHand = net
    let (X, Y) = try OptimReference.data()
    var opt = Optimizer(.sgd, learningRate: 0.1)
    var trainer = Trainer(epochs: 4, batchSize: 4, learningRate: 0.1)
    trainer.shuffles = false
    var g = RandomGenerator(seed: 1)
    #expect(try trainer.train(&net, optimizer: &opt, X: X, Y: Y, generator: &g) == .finished)
    var handOptimizer = Optimizer(.sgd, learningRate: 0.1)
    for _ in 0..<4 {
      try byHand.forward(X, Y)
      try byHand.backward()
      handOptimizer.step(&byHand)
    }
    let a = OptimReference.parameters(net), b = OptimReference.parameters(byHand)
    #expect(zip(a, b).allSatisfy { Swift.abs($0 - $1) <= 1e-15 })
  }
}
