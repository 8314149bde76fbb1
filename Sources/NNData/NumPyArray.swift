import NNEngine

/// The contents of a `.npy` file: its shape and its values, in NumPy's own (C, row-major)
/// order, converted to `Double`.
///
/// NumPy stores data sets with **rows as samples** (`X.shape == (samples, features)`);
/// nnsh works with columns as samples. `matrix()` gives the array exactly as NumPy shows
/// it; the data-set loader (`NumPyFile.dataset`) does the transposing.
///
/// Dimension rules for `matrix()`:
/// - a 0-d array (a scalar) is `1 × 1`;
/// - a 1-d array of n values is a **column vector `n × 1`** — the notes' vectors are
///   columns, and for `y.npy` of n labels it is one value per sample, i.e. per row in
///   NumPy's view;
/// - a 2-d array `(r, c)` is `r × c`.
///
///     let a = try NumPyFile.read(path: "X.npy")   // shape [150, 4], dtype "<f8"
///     let m = try a.matrix()                      // 150×4, m[0, 1] == a.values[1]
public struct NumPyArray: Equatable, Sendable {
  /// The dimensions, outermost first (`[]` for a scalar).
  public var shape: [Int]
  /// Every element in C order (the last index varies fastest).
  public var values: [Double]
  /// True when the file held integers or booleans (a sign of class labels).
  public var isInteger: Bool
  /// The NumPy type descriptor read from the file ("<f8", "|u1", ...); "<f8" for arrays
  /// made in nnsh.
  public var dtype: String

  public init(shape: [Int], values: [Double], isInteger: Bool = false, dtype: String = "<f8") throws {
    var count = 1
    for s in shape {
      guard s >= 0 else { throw DataError.invalidDataset("an array dimension cannot be negative (\(s))") }
      let (p, overflow) = count.multipliedReportingOverflow(by: s)
      guard !overflow else { throw DataError.invalidDataset("the shape \(shape) holds too many elements") }
      count = p
    }
    guard count == values.count else {
      throw DataError.invalidDataset("the shape \(NumPyArray.describe(shape)) needs \(count) values, got \(values.count)")
    }
    self.shape = shape
    self.values = values
    self.isInteger = isInteger
    self.dtype = dtype
  }

  /// The array of a matrix, `(rows, cols)` in C order.
  public init(_ matrix: Matrix) {
    var values = [Double](repeating: 0, count: matrix.count)
    for i in 0..<matrix.rows {
      for j in 0..<matrix.cols { values[i * matrix.cols + j] = matrix[i, j] }
    }
    self.shape = [matrix.rows, matrix.cols]
    self.values = values
    self.isInteger = false
    self.dtype = "<f8"
  }

  /// The number of elements (the product of the shape; 1 for a scalar).
  public var count: Int { values.count }

  /// The shape as NumPy prints it: "(150, 4)", "(3,)", "()".
  public var shapeDescription: String { NumPyArray.describe(shape) }

  static func describe(_ shape: [Int]) -> String {
    shape.count == 1 ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
  }

  /// The array as a matrix, exactly as NumPy shows it (see the dimension rules above).
  /// Throws for arrays of three or more dimensions and for empty arrays.
  public func matrix() throws -> Matrix {
    let (rows, cols) = try NumPyArray.matrixShape(shape)
    return try NumPyArray.matrix(rows: rows, cols: cols, rowMajor: values)
  }

  /// The matrix shape of an array of `shape` (see the dimension rules above); throws for
  /// three or more dimensions and for empty arrays.
  static func matrixShape(_ shape: [Int]) throws -> (rows: Int, cols: Int) {
    let rows: Int
    let cols: Int
    switch shape.count {
    case 0: (rows, cols) = (1, 1)
    case 1: (rows, cols) = (shape[0], 1)
    case 2: (rows, cols) = (shape[0], shape[1])
    default:
      throw DataError.invalidDataset(
        "a \(shape.count)-d array \(describe(shape)) is not a matrix; reshape it in NumPy "
          + "to two dimensions, e.g. a.reshape(len(a), -1)")
    }
    guard rows >= 1, cols >= 1 else {
      throw DataError.invalidDataset("the array \(describe(shape)) is empty")
    }
    return (rows, cols)
  }

  /// A column-major matrix from row-major values (a transposing copy).
  static func matrix(rows: Int, cols: Int, rowMajor values: [Double]) throws -> Matrix {
    try Matrix.validate(rows: rows, cols: cols)
    var storage = try MatrixStorage(checkedRepeating: 0, count: rows * cols)
    values.withUnsafeBufferPointer { v in
      storage.withUnsafeMutableBufferPointer { s in
        for i in 0..<rows {
          for j in 0..<cols { s[i + j * rows] = v[i * cols + j] }
        }
      }
    }
    return try Matrix(rows: rows, cols: cols, columnMajor: storage)
  }
}
