import Testing

@testable import NNEngine

/// `Trainer.precision = .f32`: the same algorithm as float64, in Float, with the session's
/// Double parameters converted in and out once per run.
@Suite struct Float32TrainingTests {
  /// Every W, b of `net` in one array (layer order), for comparing runs.
  static func parameters(_ net: Network) -> [Double] {
    net.layers.flatMap { Array($0.W.storage) + Array($0.b.storage) }
  }

  /// The largest |f32 − f64| over the largest |θ|: the relative gap of two runs.
  static func relativeGap(_ a: Network, _ b: Network) -> Double {
    let p = parameters(a), q = parameters(b)
    let scale = p.map { Swift.abs($0) }.max() ?? 1
    return zip(p, q).map { Swift.abs($0 - $1) }.max().map { $0 / scale } ?? .nan
  }

  /// Trains `start` in `precision`; returns the network, the optimizer and the outcome.
  static func run(
    _ start: Network, _ rule: Optimizer.Rule, decay: Double = 0, clip: Double? = nil, epochs: Int = 3, batch: Int = 8,
    precision: Trainer.Precision, X: Matrix, Y: Matrix, shouldStop: @escaping () -> Bool = { false }
  ) throws -> (Network, Optimizer, Trainer.Outcome) {
    var net = start
    var opt = Optimizer(rule, learningRate: rule.defaultLearningRate * 5, weightDecay: decay)
    var trainer = Trainer(epochs: epochs, batchSize: batch, learningRate: opt.learningRate)
    trainer.precision = precision
    trainer.clip = clip
    var g = RandomGenerator(seed: 5)
    let outcome = try trainer.train(&net, optimizer: &opt, X: X, Y: Y, generator: &g, shouldStop: shouldStop)
    return (net, opt, outcome)
  }

  static let rules: [Optimizer.Rule] = [
    .sgd, .momentum(beta: 0.9), .adam(beta1: 0.9, beta2: 0.999, eps: 1e-8), .adamw(beta1: 0.9, beta2: 0.999, eps: 1e-8),
  ]

  @Test(arguments: rules)
  func float32FollowsFloat64ForEveryRule(rule: Optimizer.Rule) throws {
    let start = try TestNetworks.make([5, 8, 6, 3], hidden: .tanh, output: .softmax, loss: .ce)
    let (X, Y) = try TestNetworks.batch(d: 5, k: 3, B: 40, loss: .ce)
    for decay in [0, 0.01] {
      let (a, _, ra) = try Self.run(start, rule, decay: decay, precision: .f64, X: X, Y: Y)
      let (b, _, rb) = try Self.run(start, rule, decay: decay, precision: .f32, X: X, Y: Y)
      #expect(ra == .finished && rb == .finished)
      let gap = Self.relativeGap(a, b)
      // 15 steps: float32's rounding (6e-8) grown by the steps, far from float64's 1e-16
      // (so the run really was float32) and far from a different algorithm.
      #expect(gap < 1e-5, "\(rule) λ=\(decay): relative gap \(gap)")
      #expect(gap > 1e-10, "\(rule) λ=\(decay): the f32 run matches f64 to \(gap), as if it were f64")
    }
  }

  /// Clipping, l1/l2, dropout and every activation and loss take the float32 path too.
  @Test(arguments: [
    (Activation.relu, Activation.linear, Loss.mse), (.sigmoid, .sigmoid, .bce), (.leakyReLU(alpha: 0.1), .linear, .bce),
    (.tanh, .softmax, .ce),
  ])
  func float32FollowsFloat64WithPenaltiesClippingAndDropout(hidden: Activation, output: Activation, loss: Loss) throws {
    var start = try TestNetworks.make([4, 7, 2], hidden: hidden, output: output, loss: loss)
    let (X, Y) = try TestNetworks.batch(d: 4, k: 2, B: 32, loss: loss)
    start.regularization = Regularization(l2: 0.01, l1: 0.001)
    for dropout in [0, 0.25] {
      var net = start
      if dropout > 0 {
        // Dropout after the hidden layer: rebuild with it there.
        net = Network(loss: loss)
        try net.append(start.layers[0])
        try net.setDropout(dropout)
        try net.append(start.layers[1])
        net.regularization = start.regularization
      }
      let rule = Optimizer.Rule.momentum(beta: 0.9)
      let (a, _, _) = try Self.run(net, rule, clip: 0.5, precision: .f64, X: X, Y: Y)
      let (b, _, _) = try Self.run(net, rule, clip: 0.5, precision: .f32, X: X, Y: Y)
      let gap = Self.relativeGap(a, b)
      #expect(gap < 1e-5, "\(hidden) \(loss) dropout \(dropout): relative gap \(gap)")
      #expect(gap > 1e-10)
      if dropout > 0 { #expect(a.masks[0] == b.masks[0], "the same seed draws the same masks in both precisions") }
    }
  }

  /// One epoch on a generated 10-class set the size of digits (1800 × 64): the running
  /// mean loss after each of its 57 batches agrees with float64's to 1e-4.
  @Test func lossTraceOfAnEpochAgreesWithFloat64() throws {
    var g = RandomGenerator(seed: 9)
    let n = 1800, d = 64, k = 10
    var centres = try Matrix(rows: d, cols: k)
    for i in 0..<centres.count { centres.storage[i] = 2 * g.normal() }
    var X = try Matrix(rows: d, cols: n), Y = try Matrix(rows: k, cols: n)
    for j in 0..<n {
      let c = g.index(below: k)
      Y[c, j] = 1
      for i in 0..<d { X[i, j] = centres[i, c] + g.normal() }
    }
    var start = Network(loss: .ce)
    try start.append(Dense(inputs: d, outputs: 32, activation: .relu))
    try start.append(Dense(inputs: 32, outputs: k, activation: .softmax))
    var seeds = RandomGenerator(seed: 3)
    Initializer.he.initialize(&start, using: &seeds)
    var traces: [[Double]] = [[], []]
    for (i, precision) in [Trainer.Precision.f64, .f32].enumerated() {
      var net = start
      var opt = Optimizer(.sgd, learningRate: 0.05)
      var trainer = Trainer(epochs: 1, batchSize: 32, learningRate: 0.05)
      trainer.precision = precision
      var shuffle = RandomGenerator(seed: 4)
      _ = try trainer.train(&net, optimizer: &opt, X: X, Y: Y, generator: &shuffle) { p, _ in traces[i].append(p.loss) }
    }
    #expect(traces[0].count == 57 && traces[1].count == 57)
    let gap = zip(traces[0], traces[1]).map { Swift.abs($0 - $1) }.max() ?? .nan
    #expect(gap < 1e-4, "largest gap of the loss traces \(gap)")
    #expect(traces[1].last ?? 9 < traces[1].first ?? 0, "the epoch learned something")
  }

  /// After a float32 run the session's parameters and optimizer state are Doubles that
  /// are exactly the Float values converted (every one survives Float(θ) unchanged),
  /// and one more run that starts from them starts from those same numbers.
  @Test func parametersComeBackAsTheFloatValuesConverted() throws {
    let start = try TestNetworks.make([3, 5, 2], hidden: .relu, output: .linear, loss: .mse)
    let (X, Y) = try TestNetworks.batch(d: 3, k: 2, B: 16, loss: .mse)
    let (net, opt, _) = try Self.run(start, .adam(beta1: 0.9, beta2: 0.999, eps: 1e-8), precision: .f32, X: X, Y: Y)
    let p = Self.parameters(net)
    #expect(p.allSatisfy { Double(Float($0)) == $0 })
    #expect(p != Self.parameters(start))
    for l in 1...2 {
      let state = try #require(opt.state(layer: l))
      for m in [state.W.m, state.b.m, state.W.v, state.b.v].compactMap({ $0 }) {
        #expect(m.storage.allSatisfy { Double(Float($0)) == $0 })
      }
    }
    #expect(opt.stepCount == 6)
  }

  /// Ctrl-C between batches (`shouldStop`) leaves the last completed float32 update,
  /// converted back: the same parameters as a float32 run over just those batches.
  @Test func interruptedRunKeepsItsLastUpdateConvertedBack() throws {
    let start = try TestNetworks.make([3, 4, 2], hidden: .tanh, output: .softmax, loss: .ce)
    let (X, Y) = try TestNetworks.batch(d: 3, k: 2, B: 64, loss: .ce)
    var net = start
    var opt = Optimizer(.sgd, learningRate: 0.1)
    var trainer = Trainer(epochs: 5, batchSize: 8, learningRate: 0.1)
    trainer.precision = .f32
    trainer.shuffles = false
    var polls = 0
    var g = RandomGenerator(seed: 1)
    let outcome = try trainer.train(&net, optimizer: &opt, X: X, Y: Y, generator: &g) {
      polls += 1
      return polls > 3
    }
    #expect(outcome == .interrupted(epoch: 1, batch: 4))

    var reference = start
    var refOpt = Optimizer(.sgd, learningRate: 0.1)
    var three = Trainer(epochs: 1, batchSize: 8, learningRate: 0.1)
    three.precision = .f32
    three.shuffles = false
    let first = try Matrix(rows: 3, cols: 24, columnMajor: Array(X.storage.prefix(72)))
    let firstY = try Matrix(rows: 2, cols: 24, columnMajor: Array(Y.storage.prefix(48)))
    #expect(try three.train(&reference, optimizer: &refOpt, X: first, Y: firstY, generator: &g) == .finished)
    #expect(Self.parameters(net) == Self.parameters(reference))
    #expect(Self.parameters(net) != Self.parameters(start))
    #expect(opt.stepCount == 3)
  }

  /// A float32 run whose update overflows Float (not Double) is caught and restored.
  @Test func float32OverflowIsCaughtAsDivergence() throws {
    let start = try TestNetworks.make([2, 3, 1], hidden: .relu, output: .linear, loss: .mse)
    let X = try Matrix(rowsOf: [[1, 2, 3, 4], [1, -1, 2, -2]])
    let Y = try Matrix(rowsOf: [[1e30, -1e30, 1e30, -1e30]])
    var net = start
    var opt = Optimizer(.sgd, learningRate: 1)
    var trainer = Trainer(epochs: 3, batchSize: 4, learningRate: 1)
    trainer.precision = .f32
    var g = RandomGenerator(seed: 1)
    let outcome = try trainer.train(&net, optimizer: &opt, X: X, Y: Y, generator: &g)
    guard case .diverged = outcome else {
      Issue.record("expected divergence, got \(outcome)")
      return
    }
    #expect(net.layers.allSatisfy { $0.W.isFinite && $0.b.isFinite })
  }
}
