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
    // The result is written whole by the product (beta = 0), so it is not zero-filled
    // first: for a 256×256 product the extra pass is a measurable share of the time.
    let storage = try MatrixStorage(checkedCount: m * n) { buffer in
      guard let C = buffer.baseAddress else { return }
      a.storage.withUnsafeBufferPointer { pa in
        b.storage.withUnsafeBufferPointer { pb in
          if let A = pa.baseAddress, let B = pb.baseAddress {
            Kernels.gemm(A, a.rows, transposeA, B, b.rows, transposeB, C, m: m, n: n, k: k)
          }
        }
      }
    }
    return Matrix(uncheckedRows: m, cols: n, storage: storage)
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
    let (m, n) = (c.rows, c.cols)
    a.storage.withUnsafeBufferPointer { pa in
      b.storage.withUnsafeBufferPointer { pb in
        c.storage.withUnsafeMutableBufferPointer { pc in
          guard let A = pa.baseAddress, let B = pb.baseAddress, let C = pc.baseAddress else { return }
          Kernels.gemm(A, a.rows, transposeA, B, b.rows, transposeB, C, m: m, n: n, k: k, alpha: alpha, beta: beta)
        }
      }
    }
  }
}

/// The number of threads OpenBLAS uses (set from `OPENBLAS_NUM_THREADS` at start-up).
public enum BLAS {
  public static var threadCount: Int { Int(openblas_get_num_threads()) }
}
