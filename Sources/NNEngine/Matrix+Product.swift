import CBLAS

/// Matrix products through BLAS (`cblas_dgemm`, `cblas_dgemv`).
///
/// Transposes are passed to BLAS as flags, never materialised: `Aᵀ B` costs the same as
/// `A B`. The storage is column-major, so leading dimensions are the row counts.
///
///     let z = try Matrix.product(W, x)          // W x
///     let g = try Matrix.product(delta, a, transposeB: true)   // δ aᵀ
extension Matrix {
  /// `op(A) op(B)` with a shape check; throws naming both shapes on mismatch.
  public static func product(
    _ a: Matrix, _ b: Matrix, transposeA: Bool = false, transposeB: Bool = false
  ) throws -> Matrix {
    let (m, k) = transposeA ? (a.cols, a.rows) : (a.rows, a.cols)
    let (k2, n) = transposeB ? (b.cols, b.rows) : (b.rows, b.cols)
    guard k == k2 else {
      throw EngineError.shapeMismatch(.product, left: Shape(m, k), right: Shape(k2, n))
    }
    var c = Matrix(zerosUnchecked: m, n)
    gemm(a, transposeA: transposeA, b, transposeB: transposeB, into: &c)
    return c
  }

  /// The matrix product `A B`; a 1×1 operand scales the other instead, as users of
  /// Octave expect from `2 * W`.
  public static func * (a: Matrix, b: Matrix) throws -> Matrix {
    if a.isScalar { return a.scalar * b }
    if b.isScalar { return b.scalar * a }
    return try product(a, b)
  }

  /// `C := alpha · op(A) op(B) + beta · C`, writing into an existing matrix.
  ///
  /// Shapes must already agree (the training loop checks once, up front); this is the
  /// allocation-free path. `C` must not share storage with `A` or `B`.
  @inlinable
  public static func gemm(
    _ a: Matrix, transposeA: Bool = false, _ b: Matrix, transposeB: Bool = false,
    alpha: Double = 1, beta: Double = 0, into c: inout Matrix
  ) {
    let k = transposeA ? a.rows : a.cols
    if c.rows * c.cols * k <= smallProductLimit {
      smallGemm(a, transposeA, b, transposeB, alpha, beta, &c, k)
      return
    }
    let m = Int32(c.rows), n = Int32(c.cols)
    let k32 = Int32(k)
    let lda = Int32(a.rows), ldb = Int32(b.rows), ldc = Int32(c.rows)
    a.storage.withUnsafeBufferPointer { pa in
      b.storage.withUnsafeBufferPointer { pb in
        c.storage.withUnsafeMutableBufferPointer { pc in
          if n == 1 && !transposeB {
            // Matrix × vector: dgemv is the faster kernel for a single sample.
            cblas_dgemv(
              CblasColMajor, transposeA ? CblasTrans : CblasNoTrans,
              Int32(a.rows), Int32(a.cols), alpha, pa.baseAddress, lda,
              pb.baseAddress, 1, beta, pc.baseAddress, 1)
          } else {
            cblas_dgemm(
              CblasColMajor, transposeA ? CblasTrans : CblasNoTrans,
              transposeB ? CblasTrans : CblasNoTrans,
              m, n, k32, alpha, pa.baseAddress, lda, pb.baseAddress, ldb, beta,
              pc.baseAddress, ldc)
          }
        }
      }
    }
  }
}

/// Products with at most this many multiply-adds (m·n·k) skip BLAS: for the notes'
/// 2-3-4-1 network a call into OpenBLAS costs more than the arithmetic, and single-sample
/// SGD makes tens of thousands of such calls.
@usableFromInline let smallProductLimit = 256

/// `C := alpha · op(A) op(B) + beta · C` by plain loops, for tiny shapes.
@inlinable
func smallGemm(
  _ a: Matrix, _ transposeA: Bool, _ b: Matrix, _ transposeB: Bool, _ alpha: Double, _ beta: Double,
  _ c: inout Matrix, _ k: Int
) {
  let m = c.rows, n = c.cols
  let ar = a.rows, br = b.rows
  a.storage.withUnsafeBufferPointer { pa in
    b.storage.withUnsafeBufferPointer { pb in
      c.storage.withUnsafeMutableBufferPointer { pc in
        for j in 0..<n {
          for i in 0..<m {
            var sum = 0.0
            for p in 0..<k {
              let x = transposeA ? pa[p + i * ar] : pa[i + p * ar]
              let y = transposeB ? pb[j + p * br] : pb[p + j * br]
              sum += x * y
            }
            let old = beta == 0 ? 0 : beta * pc[i + j * m]
            pc[i + j * m] = alpha * sum + old
          }
        }
      }
    }
  }
}

/// The number of threads OpenBLAS uses (set from `OPENBLAS_NUM_THREADS` at start-up).
public enum BLAS {
  public static var threadCount: Int { Int(openblas_get_num_threads()) }
  public static func setThreadCount(_ n: Int) { openblas_set_num_threads(Int32(n)) }
}
