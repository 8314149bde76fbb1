import CBLAS
import NNEngine

/// `seed-native [reps]`: the notes' worked example trained as SGD, the smallest workload
/// there is — so it measures the engine's per-step overhead, not arithmetic.
///
///     net 2-3-4-1: relu, relu, linear; loss mse; init he (seeded)
///     data: 100 samples, x ~ N(0, 1)², o = x₁·x₂ + ½ x₁ (seeded)
///     Trainer: epochs 200, batch 1 (SGD), lr 0.01 → 20 000 steps
///
/// Every step is three 1-column forward products, three outer products for δW, two
/// transposed products for δa and the elementwise work: some 100 multiply-adds in all,
/// so the time is almost entirely per-call overhead. The goal is ≤ 0.02 s (1 µs a
/// step). Two references are timed beside it: the same products through OpenBLAS alone
/// (`SeedBLASFloor`) and the whole step as plain loops on raw buffers (`SeedHandLoop`),
/// the floor an engine without `Matrix`/`Network` bookkeeping could reach.
struct SeedNativeBenchmark {
  var reps: Int
  static let samples = 100, epochs = 200, learningRate = 0.01

  /// The 100 seeded samples, one per column.
  static func data() throws -> (X: Matrix, Y: Matrix) {
    var g = RandomGenerator(seed: 42)
    var xs = [Double](repeating: 0, count: 2 * samples)
    var ys = [Double](repeating: 0, count: samples)
    for j in 0..<samples {
      let x1 = g.normal(), x2 = g.normal()
      xs[2 * j] = x1
      xs[2 * j + 1] = x2
      ys[j] = x1 * x2 + 0.5 * x1
    }
    return (
      try Matrix(rows: 2, cols: samples, columnMajor: xs),
      try Matrix(rows: 1, cols: samples, columnMajor: ys)
    )
  }

  /// The notes' 2-3-4-1 network, He-initialised from a fixed seed.
  static func network() throws -> Network {
    var net = Network(loss: .mse)
    try net.append(Dense(inputs: 2, outputs: 3, activation: .relu))
    try net.append(Dense(inputs: 3, outputs: 4, activation: .relu))
    try net.append(Dense(inputs: 4, outputs: 1, activation: .linear))
    var g = RandomGenerator(seed: 42)
    Initializer.he.initialize(&net, using: &g)
    return net
  }

  /// Returns the last epoch's mean loss.
  static func train(_ net: inout Network, X: Matrix, Y: Matrix) throws -> Double {
    var optimizer = Optimizer(.sgd, learningRate: learningRate)
    var trainer = Trainer(epochs: epochs, batchSize: 1, learningRate: learningRate)
    var shuffle = RandomGenerator(seed: 3)
    let outcome = try trainer.train(&net, optimizer: &optimizer, X: X, Y: Y, generator: &shuffle)
    guard outcome == .finished else {
      throw BenchmarkError.failed("training did not finish: \(outcome)")
    }
    return trainer.history.last ?? .nan
  }

  func run() throws {
    let (X, Y) = try SeedNativeBenchmark.data()
    var warm = try SeedNativeBenchmark.network()
    let firstLoss = try SeedNativeBenchmark.train(&warm, X: X, Y: Y)
    var times: [Double] = [], cpuTimes: [Double] = []
    var loss = 0.0
    for _ in 0..<reps {
      var net = try SeedNativeBenchmark.network()
      let t = try Stopwatch.measure { loss = try SeedNativeBenchmark.train(&net, X: X, Y: Y) }
      times.append(t.wall)
      cpuTimes.append(t.cpu)
    }
    let seconds = median(times), cpu = median(cpuTimes)
    let steps = SeedNativeBenchmark.samples * SeedNativeBenchmark.epochs
    var floors: [Double] = []
    for _ in 0..<reps { floors.append(SeedBLASFloor.seconds(steps: steps)) }
    let floor = median(floors)
    var hand: [Double] = []
    var handLoss = 0.0
    for _ in 0..<reps {
      let (t, l) = SeedHandLoop.run(X: X, Y: Y)
      hand.append(t)
      handLoss = l
    }
    let handSeconds = median(hand)
    print("seed-native: 2-3-4-1 relu/relu/linear mse, 100 samples, 200 epochs × batch 1 = \(steps) SGD steps; \(reps) reps")
    print(
      "  times: " + times.map { fixed($0, 4) }.joined(separator: " ") + " s wall; "
        + cpuTimes.map { fixed($0, 4) }.joined(separator: " ") + " s CPU")
    print(
      "  median \(fixed(seconds, 5)) s = \(fixed(seconds / Double(steps) * 1e9, 0)) ns a step;"
        + " final loss \(fixed(loss, 6)) (warm-up \(fixed(firstLoss, 6)))")
    print(
      "  the step's products through OpenBLAS alone (3 dgemv forward, 3 dgemm δW, 2 dgemv δa): \(fixed(floor, 5)) s"
        + " = \(fixed(floor / Double(steps) * 1e9, 0)) ns a step")
    print(
      "  the same steps as plain Swift loops (no BLAS, no Matrix): \(fixed(handSeconds, 5)) s"
        + " = \(fixed(handSeconds / Double(steps) * 1e9, 0)) ns a step; final loss \(fixed(handLoss, 6))")
    print("RESULT seed-native hand_loop=\(fixed(handSeconds, 6)) blas_floor=\(fixed(floor, 6)) seconds=\(fixed(seconds, 6)) cpu=\(fixed(cpu, 6)) ns_per_step=\(fixed(seconds / Double(steps) * 1e9, 1)) loss=\(fixed(loss, 6))")
  }
}

/// What the seed workload's products would cost through OpenBLAS: per step, the calls a
/// BLAS-only engine makes for a 1-column batch — `cblas_dgemv` for the three forward
/// products and the two `Wᵀ δz`, `cblas_dgemm` (inner size 1) for the three `δz aᵀ` — on
/// raw buffers. With some 100 multiply-adds per step, this is the fixed cost of calling
/// OpenBLAS, the reason tiny products are better done by hand (the engine's `Kernels`
/// skip BLAS below a size limit).
enum SeedBLASFloor {
  static func seconds(steps: Int) -> Double {
    let sizes: [(out: Int32, inp: Int32)] = [(3, 2), (4, 3), (1, 4)]
    func buffers(_ count: (Int32, Int32) -> Int32) -> [UnsafeMutablePointer<Double>] {
      sizes.map { size in
        let n = Int(count(size.out, size.inp))
        let p = UnsafeMutablePointer<Double>.allocate(capacity: n)
        p.initialize(repeating: 0.1, count: n)
        return p
      }
    }
    // Constants, so the closure below reads them without exclusivity checks.
    let W = buffers { $0 * $1 }, dW = buffers { $0 * $1 }
    let z = buffers { o, _ in o }, da = buffers { o, _ in o }
    let x = UnsafeMutablePointer<Double>.allocate(capacity: 2)
    x.initialize(repeating: 0.5, count: 2)
    defer { for p in W + dW + z + da + [x] { p.deallocate() } }
    func step() {
      for l in 0..<3 {
        let (o, i) = sizes[l]
        cblas_dgemv(CblasColMajor, CblasNoTrans, o, i, 1, W[l], o, l == 0 ? x : z[l - 1], 1, 0, z[l], 1)
      }
      for l in stride(from: 2, through: 0, by: -1) {
        let (o, i) = sizes[l]
        cblas_dgemm(
          CblasColMajor, CblasNoTrans, CblasTrans, o, i, 1, 1, da[l], o,
          l == 0 ? x : z[l - 1], i, 0, dW[l], o)
        if l > 0 {
          cblas_dgemv(CblasColMajor, CblasTrans, o, i, 1, W[l], o, da[l], 1, 0, da[l - 1], 1)
        }
      }
    }
    step()
    return Stopwatch.seconds { for _ in 0..<steps { step() } }
  }
}

/// The same 20 000 SGD steps written as plain loops over raw buffers: no BLAS, no
/// `Matrix`, no `Network`. Same data, same He initialisation (drawn in the same order as
/// `Initializer`), same shuffles, so its final loss matches the engine's to rounding.
/// It shows what the per-step cost can be when tiny layers skip BLAS's call overhead.
enum SeedHandLoop {
  /// Returns (seconds, last epoch's mean loss).
  static func run(X: Matrix, Y: Matrix) -> (Double, Double) {
    let sizes = [2, 3, 4, 1]
    let layers = sizes.count - 1
    var g = RandomGenerator(seed: 42)
    // Parameters, column-major W (out × in), then b; He: W ~ N(0, 2/in), b = 0.
    var W: [UnsafeMutablePointer<Double>] = [], b: [UnsafeMutablePointer<Double>] = []
    var z: [UnsafeMutablePointer<Double>] = [], a: [UnsafeMutablePointer<Double>] = []
    var dz: [UnsafeMutablePointer<Double>] = []
    for l in 0..<layers {
      let (i, o) = (sizes[l], sizes[l + 1])
      let w = UnsafeMutablePointer<Double>.allocate(capacity: i * o)
      let s = (2 / Double(i)).squareRoot()
      for k in 0..<(i * o) { w[k] = s * g.normal() }
      W.append(w)
      for list in 0..<4 {
        let p = UnsafeMutablePointer<Double>.allocate(capacity: o)
        p.initialize(repeating: 0, count: o)
        switch list {
        case 0: b.append(p)
        case 1: z.append(p)
        case 2: a.append(p)
        default: dz.append(p)
        }
      }
    }
    defer { for p in W + b + z + a + dz { p.deallocate() } }
    let n = X.cols
    let lr = SeedNativeBenchmark.learningRate
    var order = Array(0..<n)
    var shuffle = RandomGenerator(seed: 3)
    var loss = 0.0
    let x = UnsafeMutablePointer<Double>.allocate(capacity: 2)
    defer { x.deallocate() }
    let start = Stopwatch.now()
    for _ in 0..<SeedNativeBenchmark.epochs {
      // RandomGenerator.shuffle's Fisher–Yates, written out: the generic method is not
      // specialised across modules, and its witness-table calls would dominate here.
      for i in stride(from: n - 1, to: 0, by: -1) { order.swapAt(i, shuffle.index(below: i + 1)) }
      loss = 0
      for j in order {
        x[0] = X.storage[2 * j]
        x[1] = X.storage[2 * j + 1]
        for l in 0..<layers {
          let (ni, no) = (sizes[l], sizes[l + 1])
          let input = l == 0 ? x : a[l - 1]
          for r in 0..<no {
            var s = b[l][r]
            for c in 0..<ni { s += W[l][r + c * no] * input[c] }
            z[l][r] = s
            a[l][r] = l == layers - 1 ? s : max(s, 0)
          }
        }
        let d = a[layers - 1][0] - Y.storage[j]
        loss += 0.5 * d * d
        dz[layers - 1][0] = d
        var l = layers - 1
        while l >= 0 {
          let (ni, no) = (sizes[l], sizes[l + 1])
          let input = l == 0 ? x : a[l - 1]
          if l > 0 {  // δz[l-1] = (W[l]ᵀ δz[l]) ⊙ relu′(z[l-1]), before W[l] changes
            for c in 0..<ni {
              var s = 0.0
              for r in 0..<no { s += W[l][r + c * no] * dz[l][r] }
              dz[l - 1][c] = z[l - 1][c] > 0 ? s : 0
            }
          }
          for c in 0..<ni {
            for r in 0..<no { W[l][r + c * no] -= lr * dz[l][r] * input[c] }
          }
          for r in 0..<no { b[l][r] -= lr * dz[l][r] }
          l -= 1
        }
      }
      loss /= Double(n)
    }
    return (Stopwatch.now() - start, loss)
  }
}
