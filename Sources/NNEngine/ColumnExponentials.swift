/// The stable exponentials of one column `z` (rows `range` of column-major storage):
/// its maximum `m` and `s = Σᵢ e^(zᵢ − m)`, from which
///
///     log Σᵢ e^(zᵢ) = m + log s        softmax(z)ᵢ = e^(zᵢ − m) / s
///
/// Subtracting m first keeps every exponent ≤ 0, so `z = [1000; 0]` gives finite values.
/// The one implementation behind softmax, `ce` and its target gradient.
///
///     ColumnExponentials(p, 0..<3, storing: nil).logSumExp   // log(e¹ + e² + e³) for p = [1, 2, 3]
@usableFromInline
struct ColumnExponentials<T: Scalar> {
  @usableFromInline let max: T
  @usableFromInline let sum: T

  /// Scans `z[range]`; writes each `e^(zᵢ − m)` to `exps[i]` when `exps` is given.
  @inlinable
  init(_ z: UnsafePointer<T>, _ range: Range<Int>, storing exps: UnsafeMutablePointer<T>?) {
    var m = -T.infinity
    for i in range { m = Swift.max(m, z[i]) }
    var s: T = 0
    if let exps {
      for i in range {
        let e = T.exp(z[i] - m)
        exps[i] = e
        s += e
      }
    } else {
      for i in range { s += T.exp(z[i] - m) }
    }
    max = m
    sum = s
  }

  /// `log Σᵢ e^(zᵢ)`.
  @inlinable
  var logSumExp: T { max + T.log(sum) }
}
