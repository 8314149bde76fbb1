import Testing
@testable import NNEngine

/// The one forward/backward (`Pass`) as inspection and training both run it, and the BLAS
/// path of its products (above `smallProductLimit`), which the notes' tiny networks never reach.
@Suite struct PassTests {
  /// The notes' 2-3-4-1 shape (every product tiny) and a wider one (every product through BLAS).
  static let shapes: [(sizes: [Int], samples: Int)] = [([2, 3, 4, 1], 5), ([30, 20, 12, 3], 24)]

  /// Exactly equal, bit for bit (unlike `==`, which calls 0 and −0 equal).
  static func identical(_ a: Matrix, _ b: Matrix) -> Bool {
    a.shape == b.shape && zip(a.storage, b.storage).allSatisfy { $0.bitPattern == $1.bitPattern }
  }

  /// One `train` epoch with batch = N and no shuffling is one forward, backward and step
  /// by hand: the same parameters, optimizer state and loss, to the last bit — for every
  /// rule, with tiny products and with BLAS ones. Plain SGD above the tiny-product limit
  /// is the exception: the trainer fuses the step into the gemm (W := W − α δz aᵀ with
  /// beta = 1), which BLAS rounds once, so it agrees to rounding only.
  @Test(arguments: [Optimizer.Rule.sgd, .momentum(beta: 0.9), .adam(beta1: 0.9, beta2: 0.999, eps: 1e-8)])
  func trainEpochEqualsForwardBackwardStepByHand(rule: Optimizer.Rule) throws {
    for (sizes, n) in Self.shapes {
      let net = try TestNetworks.make(sizes, hidden: .relu, output: .softmax, loss: .ce)
      let (X, Y) = try TestNetworks.batch(d: sizes[0], k: sizes[sizes.count - 1], B: n, loss: .ce)
      let lr = 0.1

      var byHand = net
      var handOptimizer = Optimizer(rule, learningRate: lr)
      var trained = net
      var optimizer = Optimizer(rule, learningRate: lr)
      var trainer = Trainer(epochs: 1, batchSize: n, learningRate: lr)
      trainer.shuffles = false
      var g = RandomGenerator(seed: 3)
      for epoch in 1...2 {
        let J = try #require(try byHand.forward(X, Y))
        try byHand.backward()
        handOptimizer.step(&byHand, learningRate: lr)
        #expect(try trainer.train(&trained, optimizer: &optimizer, X: X, Y: Y, generator: &g) == .finished)
        // The trainer's epoch loss is the mean of J · (batch size) over its one batch.
        let mean = J * Double(n) / Double(n)
        #expect(trainer.history.last?.bitPattern == mean.bitPattern, "\(rule) \(sizes) epoch \(epoch): J")
        for l in net.layers.indices {
          let W = (trained.layers[l].W, byHand.layers[l].W), b = (trained.layers[l].b, byHand.layers[l].b)
          if rule == .sgd && sizes[0] > 2 {
            #expect(try (W.0 - W.1).storage.map(abs).max() ?? 0 <= 1e-15, "\(sizes) W\(l + 1)")
          } else {
            #expect(Self.identical(W.0, W.1), "\(rule) \(sizes) epoch \(epoch): W\(l + 1)")
          }
          #expect(Self.identical(b.0, b.1), "\(rule) \(sizes) epoch \(epoch): b\(l + 1)")
          #expect(Self.identical(optimizer.mW[l], handOptimizer.mW[l]), "\(rule) \(sizes): mW\(l + 1)")
          #expect(Self.identical(optimizer.vb[l], handOptimizer.vb[l]), "\(rule) \(sizes): vb\(l + 1)")
        }
        #expect(optimizer.stepCount == handOptimizer.stepCount)
        if rule == .sgd && sizes[0] > 2 { byHand = trained }  // each epoch compared from the same start
      }
      #expect(!trained.hasGradients && trained.input == nil, "training leaves no pass to inspect")
    }
  }

  /// Without shuffling the generator is not used; with it, the same seed gives the same run.
  @Test func shufflingIsTheOnlyUseOfTheGenerator() throws {
    let net = try TestNetworks.make([2, 3, 1], hidden: .tanh, output: .linear, loss: .mse)
    let (X, Y) = try TestNetworks.batch(d: 2, k: 1, B: 10, loss: .mse)
    var g = RandomGenerator(seed: 9)
    let before = g
    var trained = net
    var optimizer = Optimizer()
    var trainer = Trainer(epochs: 2, batchSize: 3, learningRate: 0.1)
    trainer.shuffles = false
    _ = try trainer.train(&trained, optimizer: &optimizer, X: X, Y: Y, generator: &g)
    #expect(g == before, "the generator moved without shuffling")
    trainer.shuffles = true
    _ = try trainer.train(&trained, optimizer: &optimizer, X: X, Y: Y, generator: &g)
    #expect(g != before)
  }

  /// A copy of a network keeps the values of its pass when the original runs another
  /// (the pass writes through raw pointers, so its buffers must be unshared first).
  @Test func aCopyKeepsItsPass() throws {
    for (sizes, n) in Self.shapes {
      var net = try TestNetworks.make(sizes, hidden: .tanh, output: .linear, loss: .mse)
      let (x1, y1) = try TestNetworks.batch(d: sizes[0], k: sizes[sizes.count - 1], B: n, loss: .mse, seed: 4)
      let (x2, y2) = try TestNetworks.batch(d: sizes[0], k: sizes[sizes.count - 1], B: n, loss: .mse, seed: 5)
      try net.forward(x1, y1)
      try net.backward()
      let copy = net
      let values = (copy.z, copy.a, copy.dz, copy.da, copy.dW, copy.db)
      let z = copy.z.map { Matrix(uncheckedRows: $0.rows, cols: $0.cols, storage: MatrixStorage($0.storage.array)) }
      let dW = copy.dW.map { Matrix(uncheckedRows: $0.rows, cols: $0.cols, storage: MatrixStorage($0.storage.array)) }
      try net.forward(x2, y2)
      try net.backward()
      #expect(copy.z == z && copy.dW == dW, "\(sizes): the copy's pass changed")
      #expect(values.0 == z && values.4 == dW)
      #expect(net.z != z && net.dW != dW)
    }
  }

  /// Forward and backward with BLAS-sized products (and a single sample, which takes
  /// dgemv) give the autodiff graph's values: z, a and J bit for bit (the same kernel
  /// calls in the same order), the gradients to rounding.
  @Test(arguments: [1, 24])
  func blasSizedPassAgreesWithTheGraph(samples: Int) throws {
    for (loss, output) in [(Loss.mse, Activation.linear), (.bce, .sigmoid), (.ce, .softmax)] {
      var net = try TestNetworks.make([30, 24, 16, 3], hidden: .relu, output: output, loss: loss)
      let (x, y) = try TestNetworks.batch(d: 30, k: 3, B: samples, loss: loss)
      #expect(24 * 30 > smallProductLimit && 16 * 24 > smallProductLimit)
      try net.forward(x, y)
      try net.backward()
      let graph = try net.graph(x: x, y: y)
      let J = try #require(graph["J"])
      #expect(J.value.scalar.bitPattern == net.J?.bitPattern, "\(loss)")
      for l in 1...3 {
        #expect(Self.identical(try #require(graph["z\(l)"]).value, net.z[l - 1]), "\(loss) z\(l)")
        #expect(Self.identical(try #require(graph["a\(l)"]).value, net.a[l - 1]), "\(loss) a\(l)")
      }
      let names = ["W1", "b1", "W2", "b2", "W3", "b3", "z1", "a1", "z2", "a2", "z3", "h"]
      let grads = try Variable.gradients(of: J, wrt: names.map { graph[$0]! })
      let expected = [
        net.dW[0], net.db[0], net.dW[1], net.db[1], net.dW[2], net.db[2],
        net.dz[0], net.da[0], net.dz[1], net.da[1], net.dz[2], net.da[2],
      ]
      for (name, (a, b)) in zip(names, zip(grads, expected)) {
        let scale = b.storage.map(abs).max() ?? 0
        let diff = try (a - b).storage.map(abs).max() ?? 0
        #expect(diff <= 1e-12 * max(1, scale), "\(loss) \(name): \(diff)")
      }
    }
  }

  /// Every form of product above the tiny-product limit — the four transpose cases of
  /// dgemm, alpha and beta, and dgemv for one column — against the textbook sum. The
  /// entries are small integers, so every order of summation is exact and the
  /// comparison is bit for bit.
  @Test func productsThroughBLASEqualTheTextbookSum() throws {
    var g = RandomGenerator(seed: 8)
    func integers(_ rows: Int, _ cols: Int) throws -> Matrix {
      var m = try Matrix(rows: rows, cols: cols)
      for k in 0..<m.count { m.storage[k] = Double(g.index(below: 9)) - 4 }
      return m
    }
    for (m, n, k) in [(7, 9, 11), (12, 1, 30), (1, 40, 8)] {
      #expect(m * n * k > smallProductLimit)
      for (ta, tb) in [(false, false), (true, false), (false, true), (true, true)] {
        let A = try integers(ta ? k : m, ta ? m : k), B = try integers(tb ? n : k, tb ? k : n)
        let C0 = try integers(m, n)
        for (alpha, beta) in [(1.0, 0.0), (-2.0, 1.0), (0.5, 3.0)] {
          var C = C0
          Matrix.gemm(A, transposeA: ta, B, transposeB: tb, alpha: alpha, beta: beta, into: &C)
          var expected = C0
          for i in 0..<m {
            for j in 0..<n {
              var sum = 0.0
              for p in 0..<k { sum += (ta ? A[p, i] : A[i, p]) * (tb ? B[j, p] : B[p, j]) }
              expected[i, j] = alpha * sum + beta * C0[i, j]
            }
          }
          #expect(C == expected, "\(m)×\(n)×\(k) transposes \(ta) \(tb), α \(alpha), β \(beta)")
        }
        let product = try Matrix.product(A, B, transposeA: ta, transposeB: tb)
        var plain = C0
        Matrix.gemm(A, transposeA: ta, B, transposeB: tb, into: &plain)
        #expect(product == plain, "\(m)×\(n)×\(k) product")
      }
    }
  }
}
