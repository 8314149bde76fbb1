import Testing
@testable import NNEngine

@Suite struct NetworkTests {
  /// The notes' worked example: 2-3-4-1, relu hidden layers, linear output.
  static func notesNetwork() throws -> Network {
    var net = Network(loss: .mse)
    try net.append(Dense(inputs: 2, outputs: 3, activation: .relu))
    try net.append(Dense(inputs: 3, outputs: 4, activation: .relu))
    try net.append(Dense(inputs: 4, outputs: 1))
    return net
  }

  @Test func notesNetworkHasThirtyParameters() throws {
    let net = try Self.notesNetwork()
    #expect(net.layers.map(\.parameterCount) == [9, 16, 5])
    #expect(net.parameterCount == 30)
  }

  @Test func forwardEqualsHandComputation() throws {
    var net = try Self.notesNetwork()
    try net.setParameters(layer: 1, W: Matrix(rowsOf: [[1, -1], [0.5, 2], [-1, 0]]), b: Matrix(column: [0, 1, 0.5]))
    try net.setParameters(
      layer: 2, W: Matrix(rowsOf: [[1, 0, 1], [0, 1, 0], [-1, 1, 0], [0.5, 0.5, -2]]), b: Matrix(column: [0, -1, 0, 1]))
    try net.setParameters(layer: 3, W: Matrix(rowsOf: [[1, 2, 3, -1]]), b: Matrix(column: [0.5]))
    let x = try Matrix(column: [1, 2])
    try net.forward(x, Matrix(column: [2]))
    // z1 = W1 x + b1 = [1−2; 0.5+4+1; −1+0.5] = [−1; 5.5; −0.5];  a1 = relu = [0; 5.5; 0]
    #expect(net.z[0].storage == [-1, 5.5, -0.5])
    #expect(net.a[0].storage == [0, 5.5, 0])
    // z2 = W2 a1 + b2 = [0; 5.5−1; 5.5; 2.75+1] = [0; 4.5; 5.5; 3.75];  a2 = relu(z2)
    #expect(net.z[1].storage == [0, 4.5, 5.5, 3.75])
    #expect(net.a[1].storage == [0, 4.5, 5.5, 3.75])
    // h = W3 a2 + b3 = 0 + 9 + 16.5 − 3.75 + 0.5 = 22.25;  J = 1/2 (22.25 − 2)²
    #expect(net.h?.storage == [22.25])
    #expect(net.J == 0.5 * 20.25 * 20.25)
  }

  @Test func appendingALayerThatDoesNotFitThrows() throws {
    var net = try Self.notesNetwork()
    #expect(throws: EngineError.self) { try net.append(Dense(inputs: 3, outputs: 2)) }
    #expect(net.layers.count == 3)
    #expect(throws: EngineError.self) { try net.forward(Matrix(column: [1, 2, 3])) }
    #expect(throws: EngineError.self) { try net.setParameters(layer: 1, W: Matrix(rows: 2, cols: 3)) }
  }

  @Test func sameSeedGivesIdenticalWeightsAndLossTrace() throws {
    func run() throws -> ([Double], [Double]) {
      var net = try Self.notesNetwork()
      var g = RandomGenerator(seed: 42)
      Initializer.he.initialize(&net, using: &g)
      let weights = net.layers.flatMap { $0.W.elements + $0.b.elements }
      var x = try Matrix(rows: 2, cols: 20)
      var y = try Matrix(rows: 1, cols: 20)
      for j in 0..<20 {
        x[0, j] = g.normal()
        x[1, j] = g.normal()
        y[0, j] = x[0, j] * x[1, j]
      }
      var trace: [Double] = []
      var opt = Optimizer(.sgd, learningRate: 0.05)
      for _ in 0..<100 {
        let j = g.index(below: 20)
        let xs = try Matrix(column: x.column(j)), ys = try Matrix(column: y.column(j))
        trace.append(try net.forward(xs, ys) ?? .nan)
        try net.backward()
        opt.step(&net)
      }
      return (weights, trace)
    }
    let (w1, t1) = try run()
    let (w2, t2) = try run()
    #expect(w1.map(\.bitPattern) == w2.map(\.bitPattern))
    #expect(t1.map(\.bitPattern) == t2.map(\.bitPattern))
    #expect(t1.count == 100)
    // And a different seed gives different weights.
    var net = try Self.notesNetwork()
    var g = RandomGenerator(seed: 43)
    Initializer.he.initialize(&net, using: &g)
    #expect(net.layers[0].W.elements != Array(w1.prefix(6)))
  }

  @Test func xorIsLearnedPerfectly() throws {
    var net = Network(loss: .bce)
    try net.append(Dense(inputs: 2, outputs: 4, activation: .tanh))
    try net.append(Dense(inputs: 4, outputs: 1, activation: .sigmoid))
    var g = RandomGenerator(seed: 7)
    Initializer.xavier.initialize(&net, using: &g)
    let X = try Matrix(rowsOf: [[0, 0, 1, 1], [0, 1, 0, 1]])
    let Y = try Matrix(rowsOf: [[0, 1, 1, 0]])
    var trainer = Trainer(epochs: 2000, batchSize: 4, learningRate: 0.5)
    var opt = Optimizer(.sgd)
    let outcome = try trainer.train(&net, optimizer: &opt, X: X, Y: Y, generator: &g)
    #expect(outcome == .finished)
    let h = try net.predict(X)
    #expect(h.storage.map { $0 > 0.5 ? 1.0 : 0.0 } == Y.storage)
    #expect(trainer.history.count == 2000)
    #expect(trainer.history.last! < trainer.history.first!)
  }

  @Test func softmaxCrossEntropyTrainsThreeClasses() throws {
    // Three Gaussian blobs in the plane.
    var g = RandomGenerator(seed: 3)
    let centers: [(Double, Double)] = [(0, 2), (2, -1), (-2, -1)]
    var X = try Matrix(rows: 2, cols: 150)
    var Y = try Matrix(rows: 3, cols: 150)
    for j in 0..<150 {
      let c = j % 3
      X[0, j] = centers[c].0 + 0.5 * g.normal()
      X[1, j] = centers[c].1 + 0.5 * g.normal()
      Y[c, j] = 1
    }
    var net = Network(loss: .ce)
    try net.append(Dense(inputs: 2, outputs: 8, activation: .relu))
    try net.append(Dense(inputs: 8, outputs: 3, activation: .softmax))
    Initializer.he.initialize(&net, using: &g)
    var trainer = Trainer(epochs: 50, batchSize: 16, learningRate: 0.1)
    var opt = Optimizer(.adam(beta1: 0.9, beta2: 0.999, eps: 1e-8))
    _ = try trainer.train(&net, optimizer: &opt, X: X, Y: Y, generator: &g)
    let h = try net.predict(X)
    var correct = 0
    for j in 0..<150 {
      let column = h.column(j)
      let predicted = column.indices.max { column[$0] < column[$1] }!
      if Y[predicted, j] == 1 { correct += 1 }
    }
    #expect(Double(correct) / 150 >= 0.97)
    #expect(trainer.history.last! < 0.2)
  }

  @Test func crossEntropyIsFiniteOnExtremeLogits() throws {
    let z = try Matrix(column: [1000, 0, -1000])
    let o = try Matrix(column: [0, 0, 1])
    let J = try Loss.ce.value(z, o)
    #expect(J.isFinite)
    #expect(abs(J - 2000) < 1e-9)
    #expect(try Loss.bce.value(Matrix(column: [1000, -1000]), Matrix(column: [0, 1])).isFinite)
    #expect(Activation.softmax.apply(z).isFinite)
  }

  @Test func divergenceStopsTrainingWithFiniteParameters() throws {
    var net = try Self.notesNetwork()
    var g = RandomGenerator(seed: 1)
    Initializer.he.initialize(&net, using: &g)
    let X = try Matrix(rowsOf: [[1, 2, 3, 4], [4, 3, 2, 1]])
    let Y = try Matrix(rowsOf: [[100, -100, 100, -100]])
    var trainer = Trainer(epochs: 100, batchSize: 1, learningRate: 10)
    var opt = Optimizer(.sgd)
    let outcome = try trainer.train(&net, optimizer: &opt, X: X, Y: Y, generator: &g)
    guard case .diverged = outcome else {
      Issue.record("expected divergence, got \(outcome)")
      return
    }
    #expect(net.layers.allSatisfy { $0.W.isFinite && $0.b.isFinite })
  }

  @Test func optimizersReduceTheLoss() throws {
    for rule in [Optimizer.Rule.sgd, .momentum(beta: 0.9), .adam(beta1: 0.9, beta2: 0.999, eps: 1e-8)] {
      var net = try Self.notesNetwork()
      var g = RandomGenerator(seed: 9)
      Initializer.he.initialize(&net, using: &g)
      let X = try Matrix(rowsOf: [[0, 1, 2, 3], [1, 0, 1, 0]])
      let Y = try Matrix(rowsOf: [[1, 2, 3, 4]])
      let before = try net.lossValue(X, Y)
      var opt = Optimizer(rule, learningRate: 0.01)
      for _ in 0..<50 {
        try net.forward(X, Y)
        try net.backward()
        opt.step(&net)
      }
      #expect(try net.lossValue(X, Y) < before, "\(rule)")
    }
  }
}
