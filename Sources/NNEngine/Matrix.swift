#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#else
  import Darwin
#endif

/// A dense matrix of `Double`, stored **column-major** (element (i, j) at
/// `storage[i + j * rows]`, 0-based in code, 1-based in the language).
///
/// Column-major is the natural order for this project: a batch is `d × B` with one
/// sample per column, so each sample — and each contiguous range of samples, a
/// mini-batch — is one contiguous run of memory, and BLAS takes the storage as is.
///
/// A scalar is a 1×1 matrix. `Matrix` has value semantics (copy-on-write through its
/// storage, a `MatrixStorage` charged to the session's `MemoryBudget`); the training
/// loop avoids allocation by writing into matrices it keeps.
///
///     var W = Matrix(rows: 2, cols: 2, columnMajor: [1, 3, 2, 4])   // [1 2; 3 4]
///     W[0, 1]   // 2
public struct Matrix: Equatable, Sendable {
  public private(set) var rows: Int
  public private(set) var cols: Int
  public var storage: MatrixStorage

  /// A `rows × cols` matrix filled with `value`. Throws on an impossible shape.
  public init(rows: Int, cols: Int, repeating value: Double = 0) throws {
    try Matrix.validate(rows: rows, cols: cols)
    self.rows = rows
    self.cols = cols
    self.storage = try MatrixStorage(checkedRepeating: value, count: rows * cols)
  }

  /// A matrix over existing column-major storage. Throws when the count is wrong.
  public init(rows: Int, cols: Int, columnMajor storage: [Double]) throws {
    try Matrix.validate(rows: rows, cols: cols, count: storage.count)
    self.init(uncheckedRows: rows, cols: cols, storage: try MatrixStorage(checked: storage))
  }

  /// A matrix over storage already allocated. Throws when the count is wrong.
  public init(rows: Int, cols: Int, columnMajor storage: MatrixStorage) throws {
    try Matrix.validate(rows: rows, cols: cols, count: storage.count)
    self.init(uncheckedRows: rows, cols: cols, storage: storage)
  }

  /// Checks a shape and that `count` values fill it.
  static func validate(rows: Int, cols: Int, count: Int) throws {
    try validate(rows: rows, cols: cols)
    guard count == rows * cols else {
      throw EngineError.invalidShape(rows: rows, cols: cols, .valueCount(count))
    }
  }

  /// A matrix from a list of rows, as written in `[1 2; 3 4]`. Throws on ragged rows.
  public init(rowsOf values: [[Double]]) throws {
    let r = values.count
    let c = values.first?.count ?? 0
    try Matrix.validate(rows: r, cols: c)
    for (i, row) in values.enumerated() where row.count != c {
      throw EngineError.raggedRows(row: i + 1, count: row.count, expected: c)
    }
    var s = try MatrixStorage(checkedRepeating: 0, count: r * c)
    for i in 0..<r { for j in 0..<c { s[i + j * r] = values[i][j] } }
    self.rows = r
    self.cols = c
    self.storage = s
  }

  /// Internal: for shapes already known to be valid (results of checked operations).
  @usableFromInline
  init(uncheckedRows rows: Int, cols: Int, storage: MatrixStorage) {
    self.rows = rows
    self.cols = cols
    self.storage = storage
  }

  /// Internal: as above, copying an array (counted; unchecked).
  @usableFromInline
  init(uncheckedRows rows: Int, cols: Int, storage: [Double]) {
    self.init(uncheckedRows: rows, cols: cols, storage: MatrixStorage(storage))
  }

  /// Internal: a zero matrix of a shape already known to be valid (unchecked: an
  /// overrun of the budget is reported by the shell after the operation).
  @usableFromInline
  init(zerosUnchecked rows: Int, _ cols: Int) {
    self.init(uncheckedRows: rows, cols: cols, storage: MatrixStorage(zeros: rows * cols))
  }

  /// A zero matrix of a valid shape, refused when the budget or the system cannot hold it.
  @usableFromInline
  init(zerosChecked rows: Int, _ cols: Int) throws(EngineError) {
    self.init(uncheckedRows: rows, cols: cols, storage: try MatrixStorage(checkedRepeating: 0, count: rows * cols))
  }

  /// A 1×1 matrix.
  public init(scalar: Double) {
    self.init(uncheckedRows: 1, cols: 1, storage: MatrixStorage(repeating: scalar, count: 1))
  }

  /// A column vector `n × 1`.
  public init(column: [Double]) throws {
    try self.init(rows: column.count, cols: 1, columnMajor: column)
  }

  /// Checks that a shape can exist: both sizes at least 1, and not too many elements for
  /// the budget of the session running on this thread (`MemoryBudget.current.maxElements`).
  public static func validate(rows: Int, cols: Int) throws {
    guard rows >= 1, cols >= 1 else {
      throw EngineError.invalidShape(rows: rows, cols: cols, .sizeBelowOne)
    }
    let (n, overflow) = rows.multipliedReportingOverflow(by: cols)
    let maxElements = MemoryBudget.current.maxElements
    guard !overflow, n <= maxElements, rows <= Int(Int32.max), cols <= Int(Int32.max) else {
      throw EngineError.invalidShape(rows: rows, cols: cols, .tooManyElements(limit: maxElements))
    }
  }

  public var shape: Shape { Shape(rows, cols) }
  public var count: Int { storage.count }
  public var isScalar: Bool { rows == 1 && cols == 1 }

  /// The single value of a 1×1 matrix (the first element otherwise).
  public var scalar: Double { storage[0] }

  /// Element (i, j), 0-based. Callers check ranges (see `element(_:_:)` for user input).
  @inlinable
  public subscript(i: Int, j: Int) -> Double {
    get { storage[i + j * rows] }
    set { storage[i + j * rows] = newValue }
  }

  /// Element (i, j) with 1-based indices from user input; throws when out of range.
  public func element(_ i: Int, _ j: Int) throws -> Double {
    guard (1...rows).contains(i), (1...cols).contains(j) else {
      throw EngineError.indexOutOfRange(.element(i, j), shape: shape)
    }
    return storage[(i - 1) + (j - 1) * rows]
  }

  /// Reinterprets the storage with a new shape of the same element count.
  public func reshaped(rows: Int, cols: Int) throws -> Matrix {
    try Matrix.validate(rows: rows, cols: cols)
    guard rows * cols == count else {
      throw EngineError.invalidShape(rows: rows, cols: cols, .reshape(from: shape))
    }
    return Matrix(uncheckedRows: rows, cols: cols, storage: storage)
  }

  /// Changes the shape in place, reusing storage when the count allows (training
  /// buffers resized for a short last batch do not allocate when they shrink).
  public mutating func resize(rows: Int, cols: Int) {
    let n = rows * cols
    if n != storage.count { storage.resize(to: n) }
    self.rows = rows
    self.cols = cols
  }

  /// Row `i` (0-based) as an array.
  public func row(_ i: Int) -> [Double] { (0..<cols).map { self[i, $0] } }

  /// Column `j` (0-based) as an array.
  public func column(_ j: Int) -> [Double] { Array(storage[(j * rows)..<((j + 1) * rows)]) }

  /// The elements, column-major, as an array.
  public var elements: [Double] { storage.array }

  /// The rows as arrays, for printing and tests.
  public var rowArrays: [[Double]] { (0..<rows).map(row) }

  /// True when every element is finite (no NaN, no ±Inf).
  public var isFinite: Bool {
    // Over the raw buffer: forward, backward and step ask this of every parameter.
    storage.withUnsafeBufferPointer { p in
      for v in p where !v.isFinite { return false }
      return true
    }
  }
}
