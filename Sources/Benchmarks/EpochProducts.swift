import NNEngine

/// The matrix products of one training epoch and nothing else: "the same dgemm calls
/// alone", the floor an epoch of `train` is measured against.
///
/// For layer sizes n[0] … n[r], batch B and N samples (⌊N/B⌋ batches of B and one of
/// N mod B), each batch makes exactly the calls the trainer's fused SGD pass makes, in
/// its order, through the same `Matrix.gemm` (so the same choice of dgemm, dgemv or the
/// engine's loop for tiny products):
///
///     forward, l = 1 … r:     Z[l] = W[l] A[l-1]                      (m n[l], n B, k n[l-1])
///     backward, l = r … 1:    δA[l-1] = W[l]ᵀ δZ[l]        (l > 1)     (m n[l-1], n B, k n[l])
///                             W[l] := W[l] − α δZ[l] A[l-1]ᵀ          (m n[l], n n[l-1], k B; beta 1)
///
/// With `fusedUpdate: false` the third product goes into a separate dW with beta = 0, as
/// the unfused `backward` (any optimizer other than plain SGD) does. Everything else the
/// epoch does — gather, bias, activations, loss, bias sums, Swift — is absent, so
/// `epoch ÷ products` says how close the trainer is to its BLAS floor.
///
///     let floor = try EpochProducts(sizes: [784, 128, 64, 10], batch: 64, samples: 60000)
///     let (wall, cpu) = floor.measure()
struct EpochProducts {
  let sizes: [Int]
  let batch: Int
  let samples: Int
  let fusedUpdate: Bool

  /// Per layer W and dW; per batch width (the full batch, then the short last one) the
  /// activations A[0] … A[r] (A[0] is the input batch) and δZ[0] … δZ[r] (δA[l-1] goes
  /// into δZ[l-1], as the engine's da buffer).
  private var W: [Matrix] = [], dW: [Matrix] = []
  private var A: [[Matrix]] = [], D: [[Matrix]] = []

  init(sizes: [Int], batch: Int, samples: Int, fusedUpdate: Bool = true) throws {
    guard sizes.count >= 2, sizes.allSatisfy({ $0 >= 1 }), batch >= 1, samples >= 1 else {
      throw BenchmarkError.failed("products: need ≥ 2 positive layer sizes, a batch and samples")
    }
    self.sizes = sizes
    self.batch = min(batch, samples)
    self.samples = samples
    self.fusedUpdate = fusedUpdate
    // Small non-zero constants: the kernels' speed does not depend on the values, and
    // the weights drift only by α·(tiny) per call.
    for l in 1..<sizes.count {
      W.append(try Matrix(rows: sizes[l], cols: sizes[l - 1], repeating: 0.01))
      dW.append(try Matrix(rows: sizes[l], cols: sizes[l - 1]))
    }
    func columns(_ b: Int) throws -> [Matrix] {
      try sizes.map { try Matrix(rows: $0, cols: b, repeating: 0.01) }
    }
    let short = samples % self.batch
    for b in short > 0 ? [self.batch, short] : [self.batch] {
      A.append(try columns(b))
      D.append(try columns(b))
    }
  }

  /// One batch's products on the buffers of width `s` (0: the full batch, 1: the rest).
  private mutating func batchProducts(_ s: Int) {
    let r = sizes.count - 1
    for l in 1...r {
      Matrix.gemm(W[l - 1], A[s][l - 1], into: &A[s][l])
    }
    var l = r
    while l >= 1 {
      if l > 1 { Matrix.gemm(W[l - 1], transposeA: true, D[s][l], into: &D[s][l - 1]) }
      if fusedUpdate {
        Matrix.gemm(D[s][l], A[s][l - 1], transposeB: true, alpha: -1e-9, beta: 1, into: &W[l - 1])
      } else {
        Matrix.gemm(D[s][l], A[s][l - 1], transposeB: true, into: &dW[l - 1])
      }
      l -= 1
    }
  }

  /// Wall and CPU seconds of one epoch's products (after one untimed warm-up batch).
  mutating func measure() -> (wall: Double, cpu: Double) {
    let batches = samples / batch
    batchProducts(0)
    return Stopwatch.measure {
      for _ in 0..<batches { batchProducts(0) }
      if A.count > 1 { batchProducts(1) }
    }
  }
}

/// `products SIZES BATCH SAMPLES [reps]`: the median seconds of `EpochProducts` for a
/// network given as `784-128-64-10`; scripts/bench's scaling table prints it beside nnsh.
struct EpochProductsBenchmark {
  var sizes: [Int]
  var batch: Int
  var samples: Int
  var reps: Int

  func run() throws {
    var fused = try EpochProducts(sizes: sizes, batch: batch, samples: samples)
    var plain = try EpochProducts(sizes: sizes, batch: batch, samples: samples, fusedUpdate: false)
    var walls: [Double] = [], cpus: [Double] = [], plainWalls: [Double] = []
    for _ in 0..<reps {
      let t = fused.measure()
      walls.append(t.wall)
      cpus.append(t.cpu)
      plainWalls.append(plain.measure().wall)
    }
    let name = sizes.map(String.init).joined(separator: "-")
    print(
      "products \(name), batch \(batch), \(samples) samples, BLAS threads \(BLAS.threadCount): fused SGD "
        + "\(fixed(median(walls), 4)) s (CPU \(fixed(median(cpus), 4)) s), into dW \(fixed(median(plainWalls), 4)) s")
    print(
      "RESULT products sizes=\(name) batch=\(batch) samples=\(samples) seconds=\(fixed(median(walls), 6))"
        + " cpu=\(fixed(median(cpus), 6)) unfused_seconds=\(fixed(median(plainWalls), 6))")
  }
}
