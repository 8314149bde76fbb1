/// Elementwise arithmetic with broadcasting.
///
/// Two shapes are compatible when, in each dimension, they are equal or one of them is 1
/// (as in NumPy). The case that matters most is the notes' `Z = W A + b 1ᵀ`: a column
/// vector `n × 1` broadcasts across the `B` columns of an `n × B` batch.
///
///     try Matrix(rowsOf: [[1, 2], [3, 4]]) + Matrix(column: [10, 20])   // [11 12; 23 24]
extension Matrix {
  /// The broadcast result shape, or nil when the shapes are incompatible.
  public static func broadcastShape(_ a: Shape, _ b: Shape) -> Shape? {
    guard a.rows == b.rows || a.rows == 1 || b.rows == 1,
      a.cols == b.cols || a.cols == 1 || b.cols == 1
    else { return nil }
    return Shape(Swift.max(a.rows, b.rows), Swift.max(a.cols, b.cols))
  }

  /// Applies `f` elementwise to two broadcast-compatible matrices.
  @inlinable
  public static func zip(
    _ a: Matrix, _ b: Matrix, _ op: MatrixOperation, _ f: (Double, Double) -> Double
  ) throws -> Matrix {
    if a.rows == b.rows && a.cols == b.cols {
      let out = try MatrixStorage(checkedCount: a.count) { po in
        a.storage.withUnsafeBufferPointer { pa in
          b.storage.withUnsafeBufferPointer { pb in
            for k in 0..<pa.count { po[k] = f(pa[k], pb[k]) }
          }
        }
      }
      return Matrix(uncheckedRows: a.rows, cols: a.cols, storage: out)
    }
    guard let s = broadcastShape(a.shape, b.shape) else {
      throw EngineError.shapeMismatch(op, left: a.shape, right: b.shape)
    }
    var out = try Matrix(zerosChecked: s.rows, s.cols)
    let ar = a.rows == 1 ? 0 : 1, ac = a.cols == 1 ? 0 : 1
    let br = b.rows == 1 ? 0 : 1, bc = b.cols == 1 ? 0 : 1
    for j in 0..<s.cols {
      for i in 0..<s.rows {
        out.storage[i + j * s.rows] = f(
          a.storage[i * ar + j * ac * a.rows], b.storage[i * br + j * bc * b.rows])
      }
    }
    return out
  }

  /// Applies `f` to every element (unchecked allocation: an overrun of the budget is
  /// left for `MemoryBudget.takeOverrun`, which the shell checks after each expression).
  @inlinable
  public func map(_ f: (Double) -> Double) -> Matrix {
    var out = MatrixStorage(zeros: count)
    storage.withUnsafeBufferPointer { p in
      out.withUnsafeMutableBufferPointer { po in for k in 0..<p.count { po[k] = f(p[k]) } }
    }
    return Matrix(uncheckedRows: rows, cols: cols, storage: out)
  }

  public static func + (a: Matrix, b: Matrix) throws -> Matrix { try zip(a, b, .add, +) }
  public static func - (a: Matrix, b: Matrix) throws -> Matrix { try zip(a, b, .subtract, -) }
  /// Hadamard (elementwise) product `a ⊙ b`, written `.*` in the language.
  public static func hadamard(_ a: Matrix, _ b: Matrix) throws -> Matrix {
    try zip(a, b, .hadamard, *)
  }
  /// Elementwise quotient, written `./` in the language.
  public static func divide(_ a: Matrix, _ b: Matrix) throws -> Matrix {
    try zip(a, b, .divide, /)
  }
  /// Elementwise power, written `.^` in the language.
  public static func power(_ a: Matrix, _ b: Matrix) throws -> Matrix {
    try zip(a, b, .power) { Foundation_pow($0, $1) }
  }
  public static prefix func - (a: Matrix) -> Matrix { a.map { -$0 } }

  /// `s · A`.
  public static func * (s: Double, a: Matrix) -> Matrix { a.map { s * $0 } }

  /// Sums a broadcast gradient back to the shape of the operand it came from: rows or
  /// columns that were stretched from size 1 are summed. This is how `db` gets its
  /// `n × 1` shape from the `n × B` gradient of `Z = W A + b 1ᵀ`.
  public func reduced(to target: Shape) -> Matrix {
    if shape == target { return self }
    var out = Matrix(zerosUnchecked: target.rows, target.cols)
    let rr = target.rows == 1 ? 0 : 1, cc = target.cols == 1 ? 0 : 1
    for j in 0..<cols {
      for i in 0..<rows {
        out.storage[i * rr + j * cc * target.rows] += storage[i + j * rows]
      }
    }
    return out
  }

  /// The transpose `Aᵀ`.
  public var transposed: Matrix {
    if rows == 1 || cols == 1 { return Matrix(uncheckedRows: cols, cols: rows, storage: storage) }
    var out = Matrix(zerosUnchecked: cols, rows)
    for j in 0..<cols { for i in 0..<rows { out.storage[j + i * cols] = storage[i + j * rows] } }
    return out
  }

  /// Sum of all elements.
  public var sum: Double { storage.reduce(0, +) }
}

@usableFromInline
func Foundation_pow(_ x: Double, _ y: Double) -> Double {
  if y == 2 { return x * x }
  return _pow(x, y)
}
