import NNEngine

extension NumPyFile {
  /// A data set from a pair of NumPy files, as scikit-learn keeps them: `X.npy` of shape
  /// `(samples, features)` and `y.npy` of shape `(samples,)` or `(samples, k)`.
  ///
  /// NumPy's rows are samples and nnsh's columns are, so `X` becomes `features × samples`
  /// (this is no copy at all: C order `(N, d)` is column-major `d × N`). A 1-d `X` is one
  /// feature; an `X` of three or more dimensions (images `(N, 28, 28)`) is flattened to
  /// `(N, 784)`, as `X.reshape(len(X), -1)` would.
  ///
  /// The targets, under `classes: .auto`:
  /// - `y` of one value per sample with an **integer** (or bool) dtype holds class labels:
  ///   one-hot, classes in sorted order, named by their values ("0", "1", …);
  /// - a floating `y` is a regression target, `1 × N`;
  /// - a 2-d `y` with several columns is taken as is (`k × N`); when every row is one-hot
  ///   it is a classification with classes "0" … "k-1".
  ///
  /// `.labels` treats a floating `y` as labels too (and requires a 2-d `y` to be one-hot);
  /// `.values` makes any `y` a regression target. NaN and infinite values are refused.
  ///
  ///     let d = try NumPyFile.dataset(xPath: "X.npy", yPath: "y.npy")   // iris: 4×150, 3 classes
  ///
  /// Both headers are read and checked (and the shapes against each other) before any
  /// data is; then `y` and `X` are read straight into the storages of `Y` and `X` (see
  /// `NumPyFile+Reading.swift`): peak memory is `X`'s size, `Y`'s, and one 1 MiB chunk.
  public static func dataset(xPath: String, yPath: String, classes: ClassMode = .auto) throws -> Dataset {
    var xSource = try ByteSource(path: xPath)
    var ySource = try ByteSource(path: yPath)
    let xLayout = try readLayout(&xSource)
    let yLayout = try readLayout(&ySource)
    _ = try checkShapes(x: xLayout.shape, y: yLayout.shape, xName: xPath, yName: yPath)
    let y = try readElements(&ySource, yLayout)
    let x = try readElements(&xSource, xLayout)
    return try dataset(x: x, y: y, xName: xPath, yName: yPath, classes: classes)
      .from(.numpy(xPath: DataSource.absolute(xPath), yPath: DataSource.absolute(yPath)))
  }

  /// A data set from arrays already read; the names stand for the files in messages.
  public static func dataset(
    x: NumPyArray, y: NumPyArray, xName: String, yName: String, classes: ClassMode = .auto
  ) throws -> Dataset {
    func elements(_ a: NumPyArray) throws -> Elements {
      let storage = try MatrixStorage(checked: a.values)
      let bad = storage.withUnsafeBufferPointer { p in p.baseAddress.flatMap { firstNonFiniteIndex($0, p.count) } }
      return Elements(shape: a.shape, storage: storage, isInteger: a.isInteger, dtype: a.dtype, firstNonFinite: bad)
    }
    return try dataset(x: elements(x), y: elements(y), xName: xName, yName: yName, classes: classes)
  }

  /// The sizes a pair of shapes makes: samples n, features d (a 1-d `X` is one feature,
  /// more dimensions are flattened) and target rows k. Throws the messages of `dataset`.
  static func checkShapes(x: [Int], y: [Int], xName: String, yName: String) throws -> (n: Int, d: Int, k: Int) {
    // X: (N, d...) → d × N.
    guard let n = x.first else {
      throw DataError.invalidDataset("\(xName): a scalar is not a data set; X needs shape (samples, features)")
    }
    let count = x.reduce(1, *)  // no overflow: readLayout and NumPyArray checked the product
    let d = x.count == 1 ? 1 : count / Swift.max(n, 1)
    guard n >= 1, d >= 1, count > 0 else {
      throw DataError.invalidDataset("\(xName): the array \(NumPyArray.describe(x)) holds no samples")
    }
    // y: (N,) or (N, k) → 1 × N or k × N.
    guard let yn = y.first, y.count <= 2 else {
      throw DataError.invalidDataset(
        "\(yName): the targets must have shape (samples,) or (samples, outputs), not \(NumPyArray.describe(y))")
    }
    guard yn == n else {
      throw DataError.sampleCountMismatch(xName: xName, xCount: n, yName: yName, yCount: yn)
    }
    let k = y.count == 2 ? y[1] : 1
    guard k >= 1 else { throw DataError.invalidDataset("\(yName): the array \(NumPyArray.describe(y)) is empty") }
    return (n, d, k)
  }

  /// The data set over the storages read: `X` is `x`'s storage itself (C order `(N, d)`
  /// is `d × N`), and so is a value or one-hot `Y`; class labels become one-hot.
  static func dataset(x: Elements, y: Elements, xName: String, yName: String, classes: ClassMode) throws -> Dataset {
    let (n, d, k) = try checkShapes(x: x.shape, y: y.shape, xName: xName, yName: yName)
    try checkFinite(x, columns: d, file: xName)
    try checkFinite(y, columns: k, file: yName)
    let X = try Matrix(rows: d, cols: n, columnMajor: x.storage)

    let name = CSVParser.lastComponent(xName)
    if k == 1 {
      let asClasses = classes == .labels || (classes == .auto && y.isInteger)
      guard asClasses else {
        return try Dataset(name: name, X: X, Y: Matrix(rows: 1, cols: n, columnMajor: y.storage))
      }
      let (Y, names) = try ClassEncoding.oneHot(y.storage, file: yName)
      return try Dataset(name: name, X: X, Y: Y, classNames: names)
    }

    let Y = try Matrix(rows: k, cols: n, columnMajor: y.storage)
    let oneHot = isOneHot(Y)
    if classes == .labels && !oneHot {
      throw DataError.invalidDataset(
        "\(yName): with several columns, class targets must be one-hot (one 1 per row, zeros elsewhere)")
    }
    let classNames = classes != .values && oneHot ? (0..<k).map(String.init) : nil
    return try Dataset(name: name, X: X, Y: Y, classNames: classNames)
  }

  /// Refuses NaN and ±Inf, naming the (1-based) NumPy row and column.
  static func checkFinite(_ e: Elements, columns: Int, file: String) throws {
    if let k = e.firstNonFinite {
      throw DataError.nonFiniteValue(file: file, row: k / columns + 1, column: k % columns + 1, value: e.storage[k])
    }
  }

  /// True when every column is 0 except for a single 1 (and there are at least 2 rows).
  static func isOneHot(_ Y: Matrix) -> Bool {
    guard Y.rows >= 2 else { return false }
    for j in 0..<Y.cols {
      var ones = 0
      for i in 0..<Y.rows {
        let v = Y[i, j]
        if v == 1 { ones += 1 } else if v != 0 { return false }
      }
      if ones != 1 { return false }
    }
    return true
  }
}

extension Dataset {
  /// A data set from matrices of the session (`data X Y`), **columns are samples**:
  /// `X` is `d × N`, `Y` is `k × N`.
  ///
  /// Under `.auto` a `Y` whose every column is one-hot (k ≥ 2) is a classification with
  /// classes "0" … "k-1"; anything else is kept as values (so the notes' XOR with
  /// `Y = [0 1 1 0]` stays a 1-output target for `J = 1/2 (h − y)²`). `.labels` turns a
  /// `1 × N` row of integer labels into one-hot classes (sorted values); `.values` keeps
  /// `Y` as values even when it is one-hot.
  ///
  ///     let d = try Dataset.fromMatrices(X: X, Y: Matrix(rowsOf: [[0, 1, 1, 0]]))
  public static func fromMatrices(X: Matrix, Y: Matrix, name: String = "data", classes: ClassMode = .auto) throws
    -> Dataset
  {
    guard X.cols == Y.cols else {
      throw DataError.sampleCountMismatch(xName: "X (\(X.shape))", xCount: X.cols, yName: "Y (\(Y.shape))", yCount: Y.cols)
    }
    guard X.isFinite, Y.isFinite else {
      throw DataError.invalidDataset("\(name): X and Y must not hold NaN or infinite values")
    }
    switch classes {
    case .values:
      return try Dataset(name: name, X: X, Y: Y)
    case .auto:
      let names = NumPyFile.isOneHot(Y) ? (0..<Y.rows).map(String.init) : nil
      return try Dataset(name: name, X: X, Y: Y, classNames: names)
    case .labels:
      if NumPyFile.isOneHot(Y) {
        return try Dataset(name: name, X: X, Y: Y, classNames: (0..<Y.rows).map(String.init))
      }
      guard Y.rows == 1 else {
        throw DataError.invalidDataset(
          "\(name): class targets must be one row of labels or one-hot columns, not \(Y.shape)")
      }
      let encoding = ClassEncoding.numbers(Y.elements)
      guard encoding.names.count >= 2, encoding.names.count <= CSVReader.maxClasses else {
        throw DataError.invalidDataset(
          "\(name): Y holds \(encoding.names.count) distinct label\(encoding.names.count == 1 ? "" : "s"); "
            + "a classification needs 2 to \(CSVReader.maxClasses)")
      }
      return try Dataset(
        name: name, X: X, Y: Dataset.oneHot(encoding.labels, classCount: encoding.names.count),
        classNames: encoding.names)
    }
  }
}
