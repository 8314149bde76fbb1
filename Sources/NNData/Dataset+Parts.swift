import NNEngine

/// A part of a data set: the samples training learns from, those it watches (validation:
/// `train` reports their loss, `patience=` stops on it) and those held out for `evaluate`.
public enum DataPart: String, CaseIterable, Sendable {
  case train = "training", validation, test
}

/// Where a validation or test part came from, for `show data`.
public enum PartOrigin: Equatable, Sendable, CustomStringConvertible {
  /// There is no such part.
  case none
  /// Held out from the data set's own samples by `split`, e.g. "split 0.7 0.15".
  case split(String)
  /// Loaded from its own file (`load "test.csv" target=y as test`, MNIST's t10k files).
  case file(String)

  public var isFile: Bool { if case .file = self { return true } else { return false } }

  public var description: String {
    switch self {
    case .none: return "none"
    case .split(let how): return how
    case .file(let path): return path
    }
  }
}

extension Dataset {
  /// The validation inputs, `d × validationIndices.count`; throws when there is none.
  public var validationX: Matrix { get throws { try Dataset.gather(X, validationIndices, "validation") } }
  /// The validation targets, `k × validationIndices.count`.
  public var validationY: Matrix { get throws { try Dataset.gather(Y, validationIndices, "validation") } }

  /// The samples of `part`.
  public func indices(of part: DataPart) -> [Int] {
    switch part {
    case .train: return trainIndices
    case .validation: return validationIndices
    case .test: return testIndices
    }
  }

  /// Where `part` came from (the training part is always the data set's own samples).
  public func origin(of part: DataPart) -> PartOrigin {
    switch part {
    case .train: return .none
    case .validation: return validationOrigin
    case .test: return testOrigin
    }
  }

  /// The data set's own samples: those not loaded from a part's own file (what `split`
  /// partitions), in ascending order.
  public var ownSamples: [Int] {
    var fromFiles = Set<Int>()
    if validationOrigin.isFile { fromFiles.formUnion(validationIndices) }
    if testOrigin.isFile { fromFiles.formUnion(testIndices) }
    return (0..<sampleCount).filter { !fromFiles.contains($0) }
  }

  /// Uses the samples of `other` (read from `file`) as the validation or test part, as
  /// Keras's `validation_data=` and a separate test file are used:
  ///
  /// - its features must be the training data's (by name, in any order: they are put in
  ///   the training order; unnamed `.npy` features by count) and, for classification,
  ///   every class it has must be one of the training classes (it is encoded as they are);
  /// - its inputs are transformed by every `normalize` applied so far, with the training
  ///   statistics (a later `normalize` transforms them with the rest);
  /// - a part it replaces that came from a file is dropped; one that came from `split`
  ///   goes back to the training part. Returns how many samples went back.
  ///
  /// Changes nothing when it throws.
  ///
  ///     try iris.use(test, as: .test, file: "iris-test.csv")
  ///     iris.testOrigin   // .file("iris-test.csv")
  @discardableResult
  public mutating func use(_ other: Dataset, as part: DataPart, file: String) throws -> Int {
    guard part != .train else {
      throw DataError.invalidOption("a file can be used as the validation or the test part; the training data is the data set itself")
    }
    let x = try normalizeInput(try features(of: other, file: file))
    let y = try targets(of: other, file: file)
    var next = self
    let returned = next.releasePart(part)
    let n = next.sampleCount
    next.X = try Dataset.appendingColumns(next.X, x)
    next.Y = try Dataset.appendingColumns(next.Y, y)
    // The part's samples are no records of the data set's own file.
    next.sourceRows = next.sourceRows.map { $0 + Array(repeating: -1, count: other.sampleCount) }
    let added = Array(n..<n + other.sampleCount)
    if part == .test { (next.testIndices, next.testOrigin) = (added, .file(file)) } else {
      (next.validationIndices, next.validationOrigin) = (added, .file(file))
    }
    self = next
    return returned
  }

  /// Empties `part`: samples from a file are removed from the data set, samples from a
  /// split go back to the training part. Returns how many went back.
  private mutating func releasePart(_ part: DataPart) -> Int {
    let old = indices(of: part)
    let fromFile = origin(of: part).isFile
    if part == .test { (testIndices, testOrigin) = ([], .none) } else { (validationIndices, validationOrigin) = ([], .none) }
    guard fromFile else {
      trainIndices = (trainIndices + old).sorted()
      return old.count
    }
    // Drop the file's columns and renumber the rest (the gathers cannot fail: every index
    // kept is in range, and the data set's own samples are never all from a file).
    let dropped = Set(old)
    let kept = (0..<sampleCount).filter { !dropped.contains($0) }
    var position = [Int](repeating: -1, count: sampleCount)
    for (k, j) in kept.enumerated() { position[j] = k }
    if let newX = try? Dataset.gather(X, kept), let newY = try? Dataset.gather(Y, kept) {
      (X, Y) = (newX, newY)
      if let rows = sourceRows, rows.count == position.count { sourceRows = kept.map { rows[$0] } }
      trainIndices = trainIndices.map { position[$0] }
      validationIndices = validationIndices.map { position[$0] }
      testIndices = testIndices.map { position[$0] }
    }
    return 0
  }

  /// `other`'s inputs with the rows in this data set's feature order.
  private func features(of other: Dataset, file: String) throws -> Matrix {
    if other.featureNames == featureNames { return other.X }
    let missing = featureNames.filter { !other.featureNames.contains($0) }
    let extra = other.featureNames.filter { !featureNames.contains($0) }
    if let column = extra.first {
      throw DataError.invalidDataset(
        "\(file) has the column '\(column)', which the training data (\(name)) does not have"
          + (missing.isEmpty ? "" : " (it lacks '\(missing[0])')"))
    }
    if let column = missing.first {
      throw DataError.invalidDataset("\(file) has no column '\(column)', which the training data (\(name)) has")
    }
    guard other.featureCount == featureCount else {
      throw DataError.invalidDataset(
        "\(file) has \(other.featureCount) features but the training data (\(name)) has \(featureCount)")
    }
    let rows = featureNames.map { other.featureNames.firstIndex(of: $0) ?? 0 }
    return try Dataset.gather(other.X.transposed, rows).transposed
  }

  /// `other`'s targets encoded as this data set's: the same classes in the same rows (one-hot
  /// or one 0/1 row), or as many regression values.
  private func targets(of other: Dataset, file: String) throws -> Matrix {
    guard let classes = classNames else {
      guard other.classNames == nil, other.outputCount == outputCount else {
        throw DataError.invalidDataset(
          other.classNames != nil
            ? "\(file) has class labels but the training data (\(name)) is a regression"
            : "\(file) has \(other.outputCount) target values per sample but the training data (\(name)) has \(outputCount)")
      }
      return other.Y
    }
    guard let otherClasses = other.classNames, let labels = other.labels else {
      throw DataError.invalidDataset("\(file) has no class labels but the training data (\(name)) is a classification")
    }
    var map: [Int] = []
    for c in otherClasses {
      guard let k = classes.firstIndex(of: c) else {
        throw DataError.invalidDataset(
          "\(file) has the class '\(c)', which the training data (\(name)) does not have (its classes: \(classes.prefix(10).joined(separator: ", ")))")
      }
      map.append(k)
    }
    let mapped = try labels.map { c -> Int in
      guard map.indices.contains(c) else { throw DataError.invalidDataset("\(file): a sample has no class") }
      return map[c]
    }
    if isBinaryEncoded { return try Matrix(rows: 1, cols: mapped.count, columnMajor: mapped.map(Double.init)) }
    return try Dataset.oneHot(mapped, classCount: classCount)
  }

  /// The columns of `A` followed by those of `B` (column-major: one storage after the other).
  static func appendingColumns(_ A: Matrix, _ B: Matrix) throws -> Matrix {
    guard A.rows == B.rows else {
      throw DataError.invalidDataset("cannot put \(B.rows)-row samples beside \(A.rows)-row ones")
    }
    let out = try MatrixStorage(checkedCount: A.rows * (A.cols + B.cols)) { o in
      A.storage.withUnsafeBufferPointer { a in
        B.storage.withUnsafeBufferPointer { b in
          let na = A.rows * A.cols
          for k in 0..<na { o[k] = a[k] }
          for k in 0..<B.rows * B.cols { o[na + k] = b[k] }
        }
      }
    }
    return try Matrix(rows: A.rows, cols: A.cols + B.cols, columnMajor: out)
  }
}

extension CSVParser {
  /// A file's class encoding re-expressed in the training data's classes `known` (for a
  /// validation or test file, which may hold only some of them).
  static func encode(_ encoding: (labels: [Int], names: [String]), as known: [String], file: String) throws
    -> (labels: [Int], names: [String])
  {
    var map: [Int] = []
    for name in encoding.names {
      guard let k = known.firstIndex(of: name) else {
        throw DataError.invalidDataset(
          "\(file) has the class '\(QuotedText.quoted(name))', which the training data does not have (its classes: \(known.prefix(10).joined(separator: ", ")))")
      }
      map.append(k)
    }
    return (encoding.labels.map { map.indices.contains($0) ? map[$0] : 0 }, known)
  }
}
