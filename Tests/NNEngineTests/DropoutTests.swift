import Testing

@testable import NNEngine

/// Inverted dropout (`Dropout.swift`): kept units scaled by 1/(1 − p), off outside a
/// training pass, masks from the seeded generator, gradients through the same masks.
@Suite struct DropoutTests {
  /// 3-8-8-2 tanh network (tanh: its derivative reads a, which dropout must leave alone)
  /// with dropout p after the first hidden layer.
  func network(p: Double = 0.5, loss: Loss = .ce) throws -> Network {
    var net = Network(loss: loss)
    try net.append(Dense(inputs: 3, outputs: 8, activation: .tanh))
    try net.setDropout(p)
    try net.append(Dense(inputs: 8, outputs: 8, activation: .relu))
    try net.append(Dense(inputs: 8, outputs: 2, activation: loss == .ce ? .softmax : .linear))
    var g = RandomGenerator(seed: 1)
    Initializer.normal(std: 0.5).initialize(&net, using: &g)
    return net
  }

  @Test func keptUnitsAreScaledAndTheNextLayerReadsThem() throws {
    var net = try network(p: 0.25)
    let (x, y) = try TestNetworks.batch(d: 3, k: 2, B: 16, loss: .ce)
    var g = RandomGenerator(seed: 9)
    try net.forwardTraining(x, y, generator: &g)
    let m = net.masks[0], a1 = net.a[0]
    #expect(m.storage.allSatisfy { $0 == 0 || $0 == 1 })
    #expect(m.storage.contains(0) && m.storage.contains(1))
    // z[2] = W[2] (m ⊙ a[1] / (1 − p)) + b[2], computed by hand.
    let dropped = (1 / 0.75) * (try Matrix.hadamard(a1, m))
    let z2 = try net.layers[1].W * dropped + net.layers[1].b
    #expect(z2 == net.z[1])
    // The mean of the mask is near 1 − p (128 draws).
    let kept = Double(m.storage.reduce(0, +)) / Double(m.count)
    #expect(abs(kept - 0.75) < 0.15)
  }

  @Test func evaluationIsUnchangedByDropout() throws {
    var with = try network(p: 0.5)
    var without = try network(p: 0)
    let (x, y) = try TestNetworks.batch(d: 3, k: 2, B: 10, loss: .ce)
    #expect(try with.predict(x) == without.predict(x))
    #expect(try with.lossValue(x, y) == without.lossValue(x, y))
    // A plain forward after a training pass is the network without dropout again.
    var g = RandomGenerator(seed: 3)
    let trainingJ = try with.forwardTraining(x, y, generator: &g)
    #expect(with.masksApplied)
    let J = try with.forward(x, y)
    let plainJ = try without.forward(x, y)
    #expect(!with.masksApplied)
    #expect(J == plainJ)
    #expect(trainingJ != J)
  }

  @Test func sameSeedSameMasks() throws {
    var a = try network(), b = try network()
    let (x, y) = try TestNetworks.batch(d: 3, k: 2, B: 12, loss: .ce)
    var g1 = RandomGenerator(seed: 42), g2 = RandomGenerator(seed: 42)
    try a.forwardTraining(x, y, generator: &g1)
    try b.forwardTraining(x, y, generator: &g2)
    #expect(a.masks[0] == b.masks[0] && a.J == b.J)
    try a.forwardTraining(x, y, generator: &g1)
    #expect(a.masks[0] != b.masks[0])
  }

  @Test(arguments: [Loss.ce, .mse])
  func gradientCheckPassesWithTheSameMasks(loss: Loss) throws {
    var net = try network(p: 0.5, loss: loss)
    let (x, y) = try TestNetworks.batch(d: 3, k: 2, B: 6, loss: loss)
    var g = RandomGenerator(seed: 5)
    try net.forwardTraining(x, y, generator: &g)
    let report = try GradientCheck.entries(net, x: x, y: y)
    #expect(report.maxRelativeError < 1e-6)
    // backward after the training pass goes through the masks: it differs from a plain one.
    try net.backward()
    var plain = net
    try plain.forward(x, y)
    try plain.backward()
    #expect(net.dW[0] != plain.dW[0])
  }

  @Test func trainingWithDropoutIsSeededAndUsesTheMasks() throws {
    let (x, y) = try TestNetworks.batch(d: 3, k: 2, B: 40, loss: .ce)
    func run(_ p: Double, seed: UInt64) throws -> Network {
      var net = try network(p: p)
      var optimizer = Optimizer(.sgd, learningRate: 0.1)
      var trainer = Trainer(epochs: 3, batchSize: 8, learningRate: 0.1)
      var g = RandomGenerator(seed: seed)
      _ = try trainer.train(&net, optimizer: &optimizer, X: x, Y: y, generator: &g)
      return net
    }
    #expect(try run(0.5, seed: 7).layers == run(0.5, seed: 7).layers)
    #expect(try run(0.5, seed: 7).layers != run(0, seed: 7).layers)
  }

  /// One full-batch SGD epoch of the trainer (fused backward and step) is a training
  /// forward, backward and θ := θ − α dθ by hand, with the same masks.
  @Test(arguments: [Optimizer.Rule.sgd, .adam(beta1: 0.9, beta2: 0.999, eps: 1e-8)])
  func trainerStepIsTheHandStepWithTheSameMasks(rule: Optimizer.Rule) throws {
    let (x, y) = try TestNetworks.batch(d: 3, k: 2, B: 8, loss: .ce)
    var trained = try network(p: 0.5)
    var byHand = trained
    var optimizer = Optimizer(rule, learningRate: 0.1)
    var trainer = Trainer(epochs: 1, batchSize: 8, learningRate: 0.1)
    trainer.shuffles = false
    var g1 = RandomGenerator(seed: 11), g2 = RandomGenerator(seed: 11)
    _ = try trainer.train(&trained, optimizer: &optimizer, X: x, Y: y, generator: &g1)
    try byHand.forwardTraining(x, y, generator: &g2)
    try byHand.backward()
    var handOptimizer = Optimizer(rule, learningRate: 0.1)
    _ = try handOptimizer.step(&byHand)
    for (a, b) in zip(trained.layers, byHand.layers) {
      #expect(try (a.W - b.W).storage.allSatisfy { abs($0) < 1e-12 })
    }
  }

  @Test func badProbabilities() throws {
    var net = Network()
    #expect(throws: EngineError.emptyNetwork) { try net.setDropout(0.5) }
    try net.append(Dense(inputs: 2, outputs: 2))
    for p in [-0.1, 1, 1.5, .nan] {
      #expect(throws: EngineError.self) { try net.setDropout(p) }
    }
    #expect(net.dropout == [0])
  }
}
