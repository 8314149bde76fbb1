import CBLAS
import NNEngine

/// `gemm N [reps]`: how much the engine's matrix product costs on top of BLAS.
///
/// Three ways of computing `C = A B` for `n × n` matrices of Double, timed on the same data:
///
/// - **product**: `Matrix.product(a, b)`, the path an expression like `W * x` takes in the
///   shell, *including* the allocation and zero-fill of the result;
/// - **gemm**: `Matrix.gemm(a, b, into: &c)` into a matrix allocated once, the path the
///   training loop takes;
/// - **direct**: `cblas_dgemm` called on raw buffers, the floor the engine cannot beat.
///
/// `engine / direct` near 1 means the Swift wrapper (array access, exclusivity checks,
/// allocation) costs nothing measurable; the issue's goal is ≥ 0.9 at n = 256, 512, 1024.
/// Each timed sample repeats the call enough times to last ≥ 50 ms, the three variants
/// are interleaved within each rep (so they share the machine's state), and the median
/// over reps is reported after one untimed warm-up of each.
struct GemmBenchmark {
  var n: Int
  var reps: Int

  func run() throws {
    let n = self.n
    var g = RandomGenerator(seed: 1)
    var av = [Double](repeating: 0, count: n * n), bv = av
    for k in 0..<(n * n) {
      av[k] = g.normal()
      bv[k] = g.normal()
    }
    let a = try Matrix(rows: n, cols: n, columnMajor: av)
    let b = try Matrix(rows: n, cols: n, columnMajor: bv)
    var c = try Matrix(rows: n, cols: n)

    let pa = UnsafeMutablePointer<Double>.allocate(capacity: n * n)
    let pb = UnsafeMutablePointer<Double>.allocate(capacity: n * n)
    let pc = UnsafeMutablePointer<Double>.allocate(capacity: n * n)
    defer {
      pa.deallocate()
      pb.deallocate()
      pc.deallocate()
    }
    pa.initialize(from: av, count: n * n)
    pb.initialize(from: bv, count: n * n)
    pc.initialize(repeating: 0, count: n * n)
    let n32 = Int32(n)

    var checksum = 0.0
    func product() throws {
      let r = try Matrix.product(a, b)
      checksum += r.storage[0]
    }
    func gemmInto() {
      Matrix.gemm(a, b, into: &c)
      checksum += c.storage[0]
    }
    func direct() {
      cblas_dgemm(
        CblasColMajor, CblasNoTrans, CblasNoTrans, n32, n32, n32, 1, pa, n32, pb, n32, 0, pc, n32)
      checksum += pc[0]
    }

    // Warm-up (page faults, BLAS thread start-up), then the calls per sample.
    try product()
    gemmInto()
    let once = Stopwatch.seconds { direct() }
    let inner = max(1, Int((0.05 / max(once, 1e-9)).rounded(.up)))

    var tProduct: [Double] = [], tGemm: [Double] = [], tDirect: [Double] = []
    for _ in 0..<reps {
      tProduct.append(try Stopwatch.seconds { for _ in 0..<inner { try product() } } / Double(inner))
      tGemm.append(Stopwatch.seconds { for _ in 0..<inner { gemmInto() } } / Double(inner))
      tDirect.append(Stopwatch.seconds { for _ in 0..<inner { direct() } } / Double(inner))
    }
    // The engine must compute the same numbers as BLAS itself.
    var maxDiff = 0.0
    for k in 0..<(n * n) { maxDiff = max(maxDiff, abs(c.storage[k] - pc[k])) }

    let flops = 2 * Double(n) * Double(n) * Double(n)
    let gProduct = flops / median(tProduct) / 1e9
    let gGemm = flops / median(tGemm) / 1e9
    let gDirect = flops / median(tDirect) / 1e9
    print("gemm n=\(n): \(reps) reps × \(inner) calls, BLAS threads \(BLAS.threadCount)")
    print("  Matrix.product (allocates C)  \(fixed(gProduct, 2)) GFLOP/s")
    print("  Matrix.gemm into C            \(fixed(gGemm, 2)) GFLOP/s")
    print("  cblas_dgemm direct            \(fixed(gDirect, 2)) GFLOP/s")
    print("  engine/direct: product \(fixed(gProduct / gDirect, 3)), gemm \(fixed(gGemm / gDirect, 3))"
      + "   (max |Δ| \(maxDiff), checksum \(checksum.isFinite ? "ok" : "bad"))")
    print(
      "RESULT gemm n=\(n) product_gflops=\(fixed(gProduct, 3)) gemm_gflops=\(fixed(gGemm, 3))"
        + " direct_gflops=\(fixed(gDirect, 3)) product_ratio=\(fixed(gProduct / gDirect, 4))"
        + " gemm_ratio=\(fixed(gGemm / gDirect, 4))")
  }
}
