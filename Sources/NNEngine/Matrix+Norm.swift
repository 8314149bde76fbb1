/// The Euclidean (Frobenius) norm without overflow or underflow.
///
///     ‖A‖ = √(Σᵢ aᵢ²)
///
/// Summing the squares directly overflows once an entry passes about 1e154
/// (`norm([1e200 1e200])` would be Inf) and underflows below about 1e-162
/// (`norm([3e-200 4e-200])` would be 0). As LAPACK's `dnrm2` does, the sum is then taken
/// over scaled entries: with `m = maxᵢ |aᵢ| = s·2ᵉ`, `‖A‖ = 2ᵉ · √(Σᵢ (aᵢ / 2ᵉ)²)`. The scale
/// is a power of two, so dividing by it is exact and only the usual rounding of the sum
/// remains. Where the plain sum is safe (the common case) it is used as it is, so values
/// in the ordinary range give exactly the digits they always gave.
///
///     Matrix.euclideanNorm([3, 4])            // 5
///     Matrix.euclideanNorm([1e200, 1e200])    // 1.414…e200
///     Matrix.euclideanNorm([3e-200, 4e-200])  // 5e-200
///
/// A NaN entry gives NaN, an infinite one (and no NaN) +Inf, as in PyTorch.
extension Matrix {
  public static func euclideanNorm<C: Collection>(_ values: C) -> Double where C.Element == Double {
    var squares = 0.0
    for x in values { squares += x * x }
    // Below 2^-900 a square that underflowed could matter; above the largest double the
    // sum overflowed. Anything between is the exact old result.
    if squares.isFinite && squares >= 0x1p-900 { return squares.squareRoot() }
    if squares == 0 && values.allSatisfy({ $0 == 0 }) { return 0 }
    var largest = 0.0
    for x in values {
      if x.isNaN { return .nan }
      largest = Swift.max(largest, Swift.abs(x))
    }
    if largest == .infinity { return .infinity }
    // 2^-e · |x| for every x, exactly: only the exponent changes.
    let e = largest.exponent
    var scaled = 0.0
    for x in values where x != 0 {
      let y = Double(sign: .plus, exponent: Swift.abs(x).exponent - e, significand: Swift.abs(x).significand)
      scaled += y * y
    }
    let root = scaled.squareRoot()  // in [1, √n · 2)
    return Double(sign: .plus, exponent: root.exponent + e, significand: root.significand)
  }

  /// `‖A‖` over every entry (see `euclideanNorm(_:)`).
  public var euclideanNorm: Double { Matrix.euclideanNorm(storage) }
}

extension Variable {
  /// `‖A‖`, 1×1, with `∂‖A‖/∂A = A / ‖A‖` (and 0 at A = 0, the subgradient PyTorch uses).
  public var norm: Variable {
    let a = value
    let n = a.euclideanNorm
    return Variable(Matrix(scalar: n), "norm", [self]) { g in
      // (aᵢ / ‖A‖) · Ḡ: the quotient is at most 1, so it neither overflows nor underflows
      // where ‖A‖ is tiny or huge.
      let upstream = g.scalar
      return [a.map { n == 0 ? 0 : $0 / n * upstream }]
    }
  }
}
