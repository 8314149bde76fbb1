import CBLAS

/// The arithmetic of a pass over raw column-major buffers: `Pass` (the forward and
/// backward that inspection and training share, where the steady state must neither
/// allocate nor pay for reference counting) and `Matrix`'s products.
@usableFromInline
enum Kernels {
  /// `C := alpha · op(A) op(B) + beta · C` with `C` `m × n` and inner size `k`;
  /// `aRows`, `bRows` are the stored row counts (leading dimensions).
  @inlinable
  static func gemm<T: Scalar>(
    _ a: UnsafePointer<T>, _ aRows: Int, _ transposeA: Bool,
    _ b: UnsafePointer<T>, _ bRows: Int, _ transposeB: Bool,
    _ c: UnsafeMutablePointer<T>, m: Int, n: Int, k: Int, alpha: T = 1, beta: T = 0
  ) {
    if m * n * k <= smallProductLimit {
      for j in 0..<n {
        for i in 0..<m {
          var sum: T = 0
          for p in 0..<k {
            let x = transposeA ? a[p + i * aRows] : a[i + p * aRows]
            let y = transposeB ? b[j + p * bRows] : b[p + j * bRows]
            sum += x * y
          }
          c[i + j * m] = alpha * sum + (beta == 0 ? 0 : beta * c[i + j * m])
        }
      }
      return
    }
    if n == 1 && !transposeB {
      // Matrix × vector: gemv is the faster kernel for a single sample.
      let rows = transposeA ? k : m, cols = transposeA ? m : k
      T.blasGemv(transposeA, rows, cols, alpha, a, aRows, b, beta, c)
      return
    }
    T.blasGemm(transposeA, transposeB, m, n, k, alpha, a, aRows, b, bRows, beta, c, m)
  }

  /// `Z += b 1ᵀ`: the bias column added to every column.
  @inlinable
  static func addColumn<T: Scalar>(_ b: UnsafePointer<T>, to z: UnsafeMutablePointer<T>, rows: Int, cols: Int) {
    for j in 0..<cols {
      let col = z + j * rows
      for i in 0..<rows { col[i] += b[i] }
    }
  }

  /// `db = δz 1`: the sum of each row over the batch.
  @inlinable
  static func rowSums<T: Scalar>(_ d: UnsafePointer<T>, rows: Int, cols: Int, into out: UnsafeMutablePointer<T>) {
    for i in 0..<rows { out[i] = 0 }
    for j in 0..<cols {
      let col = d + j * rows
      for i in 0..<rows { out[i] += col[i] }
    }
  }
}

/// Products with at most this many multiply-adds (m·n·k) skip BLAS: for the notes'
/// 2-3-4-1 network a call into OpenBLAS costs more than the arithmetic, and single-sample
/// SGD makes tens of thousands of such calls.
@usableFromInline let smallProductLimit = 256

extension Activation {
  /// `a := g(z)` over `count` elements in columns of `rows` (softmax works per column).
  @inlinable
  func apply<T: Scalar>(_ z: UnsafePointer<T>, _ a: UnsafeMutablePointer<T>, rows: Int, count: Int) {
    switch self {
    case .linear:
      a.update(from: z, count: count)
    case .relu:
      for k in 0..<count { a[k] = z[k] <= 0 ? 0 : z[k] }  // relu(NaN) = NaN
    case .softmax:
      Activation.softmaxColumns(UnsafeBufferPointer(start: z, count: count), rows: rows,
        into: UnsafeMutableBufferPointer(start: a, count: count))
    default:
      for k in 0..<count { a[k] = elementValue(z[k]) }
    }
  }

  /// `δz := (∂a/∂z)ᵀ δa`: elementwise `δa ⊙ g′(z)`; softmax per column `s ⊙ (δa − (sᵀδa) 1)`.
  @inlinable
  func backward<T: Scalar>(
    z: UnsafePointer<T>, a: UnsafePointer<T>, da: UnsafePointer<T>,
    dz: UnsafeMutablePointer<T>, rows: Int, count: Int
  ) {
    switch self {
    case .linear:
      dz.update(from: da, count: count)
    case .relu:
      // NaN where z is NaN. Both loads come first, so the selects need no branch and the
      // loop vectorises (a micro-benchmark on 128×64 values: 13–15 µs, against 31–43 µs
      // for the branchy `z[k] > 0 ? da[k] : 0` it replaces).
      for k in 0..<count {
        let x = z[k], d = da[k]
        dz[k] = x > 0 ? d : (x <= 0 ? 0 : x)
      }
    case .sigmoid:
      for k in 0..<count { dz[k] = da[k] * a[k] * (1 - a[k]) }
    case .tanh:
      for k in 0..<count { dz[k] = da[k] * (1 - a[k] * a[k]) }
    case .leakyReLU(let slope):
      let alpha = T(slope)
      for k in 0..<count {
        let x = z[k], d = da[k]
        dz[k] = x > 0 ? d : (x <= 0 ? alpha * d : x)
      }
    case .softmax:
      var start = 0
      while start < count {
        var dot: T = 0
        for i in start..<(start + rows) { dot += a[i] * da[i] }
        for i in start..<(start + rows) { dz[i] = a[i] * (da[i] - dot) }
        start += rows
      }
    }
  }
}
