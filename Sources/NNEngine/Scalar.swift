import CBLAS

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#else
  import Darwin
#endif

/// The element type of a training pass: `Double` (the session's type, and the default)
/// or `Float` (`train … dtype=f32`). One generic `Pass`, optimizer, penalty and
/// clipping implementation runs over either; the requirements are what differs — the
/// BLAS routine (`cblas_dgemm` / `cblas_sgemm`) and the C maths functions (`exp` /
/// `expf`, …) — so each type gets its own library call and nothing is converted inside
/// a pass.
///
///     Float.exp(1)       // 2.7182817 (expf)
///     Double.exp(1)      // 2.718281828459045 (exp)
///
/// Constants (1/B, α, β, ε) are written `T(x)` from their Double value: for Double that
/// is the identity, so the float64 path computes exactly what it did before it was generic.
@usableFromInline
protocol Scalar: BinaryFloatingPoint, Sendable {
  /// `C := alpha · op(A) op(B) + beta · C`, column-major (`cblas_?gemm`).
  static func blasGemm(
    _ transposeA: Bool, _ transposeB: Bool, _ m: Int, _ n: Int, _ k: Int, _ alpha: Self,
    _ a: UnsafePointer<Self>, _ lda: Int, _ b: UnsafePointer<Self>, _ ldb: Int, _ beta: Self,
    _ c: UnsafeMutablePointer<Self>, _ ldc: Int)
  /// `y := alpha · op(A) x + beta · y` for an `rows × cols` A (`cblas_?gemv`).
  static func blasGemv(
    _ transpose: Bool, _ rows: Int, _ cols: Int, _ alpha: Self, _ a: UnsafePointer<Self>, _ lda: Int,
    _ x: UnsafePointer<Self>, _ beta: Self, _ y: UnsafeMutablePointer<Self>)
  static func exp(_ x: Self) -> Self
  static func log(_ x: Self) -> Self
  static func log1p(_ x: Self) -> Self
  static func tanh(_ x: Self) -> Self
  static func sqrt(_ x: Self) -> Self
}

@usableFromInline
func blasTranspose(_ t: Bool) -> CBLAS_TRANSPOSE { t ? CblasTrans : CblasNoTrans }

extension Double: Scalar {
  @inlinable
  static func blasGemm(
    _ transposeA: Bool, _ transposeB: Bool, _ m: Int, _ n: Int, _ k: Int, _ alpha: Double,
    _ a: UnsafePointer<Double>, _ lda: Int, _ b: UnsafePointer<Double>, _ ldb: Int, _ beta: Double,
    _ c: UnsafeMutablePointer<Double>, _ ldc: Int
  ) {
    cblas_dgemm(
      CblasColMajor, blasTranspose(transposeA), blasTranspose(transposeB), Int32(m), Int32(n), Int32(k), alpha, a,
      Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
  }

  @inlinable
  static func blasGemv(
    _ transpose: Bool, _ rows: Int, _ cols: Int, _ alpha: Double, _ a: UnsafePointer<Double>, _ lda: Int,
    _ x: UnsafePointer<Double>, _ beta: Double, _ y: UnsafeMutablePointer<Double>
  ) {
    cblas_dgemv(CblasColMajor, blasTranspose(transpose), Int32(rows), Int32(cols), alpha, a, Int32(lda), x, 1, beta, y, 1)
  }

  @inlinable static func exp(_ x: Double) -> Double { _exp(x) }
  @inlinable static func log(_ x: Double) -> Double { _log(x) }
  @inlinable static func log1p(_ x: Double) -> Double { _log1p(x) }
  @inlinable static func tanh(_ x: Double) -> Double { _tanh(x) }
  @inlinable static func sqrt(_ x: Double) -> Double { _sqrt(x) }
}

extension Float: Scalar {
  @inlinable
  static func blasGemm(
    _ transposeA: Bool, _ transposeB: Bool, _ m: Int, _ n: Int, _ k: Int, _ alpha: Float,
    _ a: UnsafePointer<Float>, _ lda: Int, _ b: UnsafePointer<Float>, _ ldb: Int, _ beta: Float,
    _ c: UnsafeMutablePointer<Float>, _ ldc: Int
  ) {
    cblas_sgemm(
      CblasColMajor, blasTranspose(transposeA), blasTranspose(transposeB), Int32(m), Int32(n), Int32(k), alpha, a,
      Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
  }

  @inlinable
  static func blasGemv(
    _ transpose: Bool, _ rows: Int, _ cols: Int, _ alpha: Float, _ a: UnsafePointer<Float>, _ lda: Int,
    _ x: UnsafePointer<Float>, _ beta: Float, _ y: UnsafeMutablePointer<Float>
  ) {
    cblas_sgemv(CblasColMajor, blasTranspose(transpose), Int32(rows), Int32(cols), alpha, a, Int32(lda), x, 1, beta, y, 1)
  }

  @inlinable static func exp(_ x: Float) -> Float { expf(x) }
  @inlinable static func log(_ x: Float) -> Float { logf(x) }
  @inlinable static func log1p(_ x: Float) -> Float { log1pf(x) }
  @inlinable static func tanh(_ x: Float) -> Float { tanhf(x) }
  @inlinable static func sqrt(_ x: Float) -> Float { x.squareRoot() }
}
