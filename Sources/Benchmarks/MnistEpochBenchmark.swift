import CBLAS
import NNEngine

/// The MNIST-shaped training workload: what one epoch of `train` costs on data the
/// size of MNIST, without shipping MNIST.
///
///     X: 784 × 60000, seeded N(0, 1)     Y: 10 × 60000, one-hot of seeded random labels
///     net 784-128-64-10: relu, relu, softmax; loss ce; init he
///     Trainer: epochs 1, batch 64, SGD lr 0.1
///
/// The numbers do not matter (the labels are noise), only the shapes and the algorithm:
/// they are the same as a real MNIST run, so the time is the same.
enum MnistShape {
  static let inputs = 784, hidden1 = 128, hidden2 = 64, classes = 10
  static let samples = 60000, batch = 64
  static let learningRate = 0.1

  /// Multiply-adds per sample of one forward pass: Σ n[l-1]·n[l] = 109 184.
  static let macsPerSample = Double(inputs * hidden1 + hidden1 * hidden2 + hidden2 * classes)

  /// FLOPs of one epoch over `n` samples, counted the usual way: the forward pass is
  /// 2·Σ n[l-1]·n[l] per sample and the backward pass about twice that (δW and δa for
  /// every layer), so 3× the forward. (The engine skips δa[0], the gradient of the
  /// input, so it does slightly less work than this count: GFLOP/s are nominal.)
  static func epochFLOPs(samples n: Int) -> Double { 3 * 2 * macsPerSample * Double(n) }

  /// Seeded data: `samples` columns of N(0, 1) features and one-hot random labels.
  static func data(samples: Int, seed: UInt64 = 2024) throws -> (X: Matrix, Y: Matrix) {
    var g = RandomGenerator(seed: seed)
    // Filled in place: the matrices' storage is not an array to hand over.
    var X = try Matrix(rows: inputs, cols: samples)
    for k in 0..<X.count { X.storage[k] = g.normal() }
    var Y = try Matrix(rows: classes, cols: samples)
    for j in 0..<samples { Y.storage[j * classes + g.index(below: classes)] = 1 }
    return (X, Y)
  }

  /// The network, He-initialised from `seed`.
  static func network(seed: UInt64 = 7) throws -> Network {
    var net = Network(loss: .ce)
    try net.append(Dense(inputs: inputs, outputs: hidden1, activation: .relu))
    try net.append(Dense(inputs: hidden1, outputs: hidden2, activation: .relu))
    try net.append(Dense(inputs: hidden2, outputs: classes, activation: .softmax))
    var g = RandomGenerator(seed: seed)
    Initializer.he.initialize(&net, using: &g)
    return net
  }

  /// One epoch through the public `Trainer`, as `train epochs=1 batch=64 lr=0.1` runs it.
  /// Returns the epoch's mean loss.
  /// With `trace`, also the running mean loss after each batch (the progress line's).
  static func trainOneEpoch(
    _ net: inout Network, X: Matrix, Y: Matrix, precision: Trainer.Precision = .f64, trace: ((Double) -> Void)? = nil
  ) throws -> Double {
    var optimizer = Optimizer(.sgd, learningRate: learningRate)
    var trainer = Trainer(epochs: 1, batchSize: batch, learningRate: learningRate)
    trainer.precision = precision
    var shuffle = RandomGenerator(seed: 11)
    let observe = trace.map { record in { (p: Trainer.Progress, _: Network) in record(p.loss) } }
    let outcome = try trainer.train(&net, optimizer: &optimizer, X: X, Y: Y, generator: &shuffle, progress: observe)
    guard outcome == .finished else {
      throw BenchmarkError.failed("training did not finish: \(outcome)")
    }
    return trainer.history.last ?? .nan
  }
}

/// `mnist-epoch [reps]`: median seconds of one MNIST-shaped epoch (see `MnistShape`).
///
/// Only `Trainer.train` is timed, not the data generation. Each rep starts from the same
/// freshly initialised network, so every rep does identical work; one untimed epoch runs
/// first as a warm-up (page faults on the data, BLAS threads). Each rep then also times
/// the BLAS floors (`EpochProducts`, into dW and fused as the trainer's SGD) right after its epoch, so that epoch and floor see the
/// same machine: on a shared virtual machine the speed drifts by tens of percent within
/// a minute, and the per-rep ratio epoch ÷ floor is steadier than either number.
struct MnistEpochBenchmark {
  var reps: Int
  /// `mnist-epoch [reps] f32`: the epoch in float32 (`train … dtype=f32`), with the BLAS
  /// floor still float64's, and the loss trace compared with a float64 epoch.
  var precision = Trainer.Precision.f64

  func run() throws {
    let prepared = Stopwatch.now()
    let (X, Y) = try MnistShape.data(samples: MnistShape.samples)
    let dataSeconds = Stopwatch.now() - prepared

    var warm = try MnistShape.network()
    let warmLoss = try MnistShape.trainOneEpoch(&warm, X: X, Y: Y, precision: precision)
    let sizes = [MnistShape.inputs, MnistShape.hidden1, MnistShape.hidden2, MnistShape.classes]
    var intoDW = try EpochProducts(sizes: sizes, batch: MnistShape.batch, samples: MnistShape.samples, fusedUpdate: false)
    var sameCalls = try EpochProducts(sizes: sizes, batch: MnistShape.batch, samples: MnistShape.samples)
    _ = intoDW.measure()

    var times: [Double] = [], cpuTimes: [Double] = []
    var floors: [Double] = [], floorsCPU: [Double] = [], fused: [Double] = [], ratios: [Double] = []
    var fusedRatios: [Double] = []
    var loss = 0.0
    for _ in 0..<reps {
      var net = try MnistShape.network()
      let t = try Stopwatch.measure { loss = try MnistShape.trainOneEpoch(&net, X: X, Y: Y, precision: precision) }
      let f = intoDW.measure()
      times.append(t.wall)
      cpuTimes.append(t.cpu)
      floors.append(f.wall)
      floorsCPU.append(f.cpu)
      ratios.append(t.wall / f.wall)
      let same = sameCalls.measure().wall
      fused.append(same)
      fusedRatios.append(t.wall / same)
    }
    let seconds = median(times), cpu = median(cpuTimes)
    let floor = median(floors), floorCPU = median(floorsCPU), fusedFloor = median(fused)
    let ratio = median(ratios), fusedRatio = median(fusedRatios)
    let flops = MnistShape.epochFLOPs(samples: MnistShape.samples)
    let gflops = flops / seconds / 1e9
    print(
      "mnist-epoch: 60000 × 784, 784-128-64-10 relu/softmax ce, he, batch 64, sgd lr 0.1, \(precision.rawValue);"
        + " \(reps) reps, BLAS threads \(BLAS.threadCount)")
    print("  data generation \(fixed(dataSeconds, 2)) s (not timed)")
    print(
      "  epoch times: " + times.map { fixed($0, 3) }.joined(separator: " ") + " s wall; "
        + cpuTimes.map { fixed($0, 3) }.joined(separator: " ") + " s CPU (all threads)")
    print(
      "  median \(fixed(seconds, 4)) s, \(fixed(gflops, 2)) GFLOP/s (nominal \(fixed(flops / 1e9, 2)) GFLOP"
        + " per epoch), loss \(fixed(loss, 4)) (warm-up \(fixed(warmLoss, 4)))")
    print(
      "  BLAS floor (the epoch's 8 dgemm calls per batch on raw buffers, nothing else): "
        + floors.map { fixed($0, 3) }.joined(separator: " ") + " s, median \(fixed(floor, 4)) s"
        + " (CPU \(fixed(floorCPU, 4)) s)")
    print(
      "  epoch ÷ floor, per rep: " + ratios.map { fixed($0, 3) }.joined(separator: " ")
        + ", median \(fixed(ratio, 3)): the engine's own work is \(fixed(100 * (1 - 1 / ratio), 1))% of the epoch")
    print(
      "  the same dgemm calls alone (the trainer's: SGD fused into the δW products, W −= lr δz aᵀ by dgemm,"
        + " beta = 1): \(fixed(fusedFloor, 4)) s; epoch ÷ these, per rep: "
        + fusedRatios.map { fixed($0, 3) }.joined(separator: " ") + ", median \(fixed(fusedRatio, 3))")
    let traceGap = precision == .f64 ? 0 : try LossTrace.largestGap(X: X, Y: Y)
    if precision != .f64 {
      print("  (the floors are float64's dgemm calls: for f32, epoch ÷ floor compares with float64's arithmetic)")
      print("  loss trace after each batch against a float64 epoch: largest |Δ| \(fixed(traceGap, 8))")
    }
    print(
      "RESULT mnist-epoch dtype=\(precision.rawValue) trace_gap=\(fixed(traceGap, 8)) seconds=\(fixed(seconds, 5)) cpu=\(fixed(cpu, 5)) gflops=\(fixed(gflops, 3))"
        + " blas_floor=\(fixed(floor, 5)) blas_floor_cpu=\(fixed(floorCPU, 5)) floor_ratio=\(fixed(ratio, 4))"
        + " fused_floor=\(fixed(fusedFloor, 5)) fused_ratio=\(fixed(fusedRatio, 4)) loss=\(fixed(loss, 6))")
  }
}

/// The running mean loss after every batch of one epoch in float32 against the same
/// epoch in float64 (same data, initialisation and shuffle): how far the traces drift.
enum LossTrace {
  static func largestGap(X: Matrix, Y: Matrix) throws -> Double {
    var traces: [[Double]] = [[], []]
    for (i, precision) in [Trainer.Precision.f64, .f32].enumerated() {
      var net = try MnistShape.network()
      _ = try MnistShape.trainOneEpoch(&net, X: X, Y: Y, precision: precision) { traces[i].append($0) }
    }
    return zip(traces[0], traces[1]).map { abs($0 - $1) }.max() ?? .nan
  }
}

/// `mnist-batches K [trainer|steps]`: K batches of the MNIST-shaped workload and nothing
/// else, for counting allocations from outside (valgrind's "total heap usage").
///
/// Running it for K and for K + 100 batches and subtracting the two counts leaves exactly
/// the allocations of 100 steady-state batches: set-up (data, network, buffers, BLAS) is
/// the same in both runs, since its allocation count does not depend on the sample count.
///
/// - `trainer` (default) runs `Trainer.train` for one epoch over K·64 samples;
/// - `steps` runs the loop by hand on contiguous batches (`forwardUnchecked`,
///   `backwardUnchecked`, `Optimizer.step`), which tells a Trainer allocation from a
///   Network/Optimizer one.
struct AllocationProbe {
  enum Mode: String { case trainer, steps }
  var batches: Int
  var mode: Mode

  func run() throws {
    let b = MnistShape.batch
    let (X, Y) = try MnistShape.data(samples: batches * b)
    var net = try MnistShape.network()
    var loss = 0.0
    switch mode {
    case .trainer:
      loss = try MnistShape.trainOneEpoch(&net, X: X, Y: Y)
    case .steps:
      var optimizer = Optimizer(.sgd, learningRate: MnistShape.learningRate)
      var Xb = try Matrix(rows: MnistShape.inputs, cols: b)
      var Yb = try Matrix(rows: MnistShape.classes, cols: b)
      try net.validate(x: Xb, y: Yb)
      for k in 0..<batches {
        // Copy batch k into the kept buffers (no allocation: the buffers are unique).
        Xb.storage.withUnsafeMutableBufferPointer { dst in
          X.storage.withUnsafeBufferPointer { src in
            for i in 0..<dst.count { dst[i] = src[k * dst.count + i] }
          }
        }
        Yb.storage.withUnsafeMutableBufferPointer { dst in
          Y.storage.withUnsafeBufferPointer { src in
            for i in 0..<dst.count { dst[i] = src[k * dst.count + i] }
          }
        }
        net.forwardUnchecked(Xb, Yb)
        loss += net.J ?? .nan
        net.backwardUnchecked(Xb, Yb)
        optimizer.step(&net, learningRate: MnistShape.learningRate)
      }
      loss /= Double(batches)
    }
    // The same text whatever K is, so that printing allocates the same in every run.
    guard loss.isFinite else { throw BenchmarkError.failed("the loss is not finite") }
    print("RESULT mnist-batches done")
  }
}
