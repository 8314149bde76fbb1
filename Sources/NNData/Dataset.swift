import NNEngine

/// A data set as the network sees it: inputs `X` and targets `Y`, **one sample per column**.
///
/// Following the notes, `X` is `d × N` (d features, N samples) and `Y` is `k × N`. For
/// classification `Y` is one-hot (`Y[c, j] = 1` when sample j is of class c, 0-based in
/// code) and `classNames[c]` names class c; for regression `Y` holds the values and
/// `classNames` is nil. A two-class set may also be *binary-encoded*: `Y` is `1 × N` with
/// 0 or 1 (see `binaryEncoded()`), for a single sigmoid output and `loss bce`.
///
/// Column-major storage makes each sample (and each run of samples) contiguous, so a
/// mini-batch `X[:, i..<i+B]` is one copy and a sample is `X.column(j)`.
///
/// The data set also remembers its train/test partition: `trainIndices` and
/// `testIndices` (0-based sample numbers). Initially every sample is training data and
/// the test part is empty; `split(trainFraction:generator:)` partitions it.
///
///     var d = try Dataset(name: "and",
///                         X: Matrix(rowsOf: [[0, 0, 1, 1], [0, 1, 0, 1]]),
///                         Y: Matrix(rowsOf: [[1, 1, 1, 0], [0, 0, 0, 1]]),
///                         classNames: ["0", "1"])
///     d.labels            // [0, 0, 0, 1]
///     d.sampleCount       // 4
public struct Dataset: Equatable, Sendable {
  /// A short name for messages and `summary` ("iris", "X.npy", "data.csv").
  public var name: String
  /// Inputs, `featureCount × sampleCount`: column j is sample j.
  public var X: Matrix
  /// Targets, `outputCount × sampleCount`: one-hot columns, 0/1 (binary) or values.
  public var Y: Matrix
  /// One name per row of `X` (CSV header names, or "x1", "x2", …).
  public var featureNames: [String]
  /// One name per class (row of a one-hot `Y`), or nil for regression.
  public var classNames: [String]?
  /// The 0-based samples used for training (all of them until `split`).
  public var trainIndices: [Int]
  /// The 0-based samples held out for `evaluate` (none until `split`).
  public var testIndices: [Int]
  /// The 0-based samples held out to watch training (`split 0.7 0.15`, or a file loaded
  /// `as validation`; none until then): `train` reports their loss, `patience=` stops on it.
  public var validationIndices: [Int] = []
  /// Where the validation and test parts came from (see `Dataset+Parts.swift`).
  public var validationOrigin = PartOrigin.none
  public var testOrigin = PartOrigin.none
  /// The normalisations applied to `X` so far, in order (see `normalize(_:)`), so that
  /// new inputs can be transformed the same way with `normalizeInput(_:)`.
  public var normalizations: [NormalizationStatistics] = []
  /// The file the samples were read from, if any, and the record of it behind each
  /// sample (see `DataSource`); nil for built-in sets and `data X Y`.
  public var source: DataSource? = nil
  public var sourceRows: [Int]? = nil

  /// A data set over existing matrices (columns are samples). Checks that `X` and `Y` have
  /// as many columns, that there is one feature name per row of `X` (default "x1", "x2",
  /// …) and, for classification, one class name per row of `Y` (or two names for a
  /// binary-encoded `1 × N` target).
  public init(
    name: String, X: Matrix, Y: Matrix, featureNames: [String]? = nil, classNames: [String]? = nil
  ) throws {
    guard X.cols == Y.cols else {
      throw DataError.sampleCountMismatch(
        xName: "X (\(X.shape))", xCount: X.cols, yName: "Y (\(Y.shape))", yCount: Y.cols)
    }
    let names = featureNames ?? (1...X.rows).map { "x\($0)" }
    guard names.count == X.rows else {
      throw DataError.invalidDataset(
        "\(name): \(names.count) feature names for \(X.rows) feature\(X.rows == 1 ? "" : "s")")
    }
    if let classes = classNames {
      guard classes.count == Y.rows || (classes.count == 2 && Y.rows == 1) else {
        throw DataError.invalidDataset(
          "\(name): \(classes.count) class names for \(Y.rows) output row\(Y.rows == 1 ? "" : "s")")
      }
      guard classes.count >= 2 else {
        throw DataError.invalidDataset("\(name): a classification needs at least 2 classes")
      }
    }
    self.name = name
    self.X = X
    self.Y = Y
    self.featureNames = names
    self.classNames = classNames
    self.trainIndices = Array(0..<X.cols)
    self.testIndices = []
  }

  // MARK: Sizes

  /// N, the number of samples (columns of `X`).
  public var sampleCount: Int { X.cols }
  /// d, the number of inputs per sample (rows of `X`).
  public var featureCount: Int { X.rows }
  /// k, the number of target rows per sample (classes when one-hot, 1 for binary or
  /// single-value regression).
  public var outputCount: Int { Y.rows }
  /// True when the targets are class labels.
  public var isClassification: Bool { classNames != nil }
  /// The number of classes (0 for regression).
  public var classCount: Int { classNames?.count ?? 0 }
  /// True when a two-class target is stored as one 0/1 row instead of one-hot.
  public var isBinaryEncoded: Bool { classNames != nil && Y.rows == 1 }

  // MARK: Labels

  /// The 0-based class of every sample: the argmax of each one-hot column (the first
  /// maximum on ties), or `Y > 0.5` when binary-encoded (`Metrics.classes`). Nil for regression.
  public var labels: [Int]? {
    guard classNames != nil else { return nil }
    return Metrics.classes(Y)
  }

  /// How many samples of each class (in `classNames` order) the given samples hold
  /// (all samples by default). Empty for regression.
  public func classCounts(of indices: [Int]? = nil) -> [Int] {
    guard let labels = labels else { return [] }
    var counts = [Int](repeating: 0, count: classCount)
    for j in indices ?? Array(0..<sampleCount) where labels.indices.contains(j) {
      if counts.indices.contains(labels[j]) { counts[labels[j]] += 1 }
    }
    return counts
  }

  // MARK: Parts

  /// The training inputs, `d × trainIndices.count`. Throws when the part is empty or an
  /// index is out of range.
  public var trainX: Matrix { get throws { try Dataset.gather(X, trainIndices, "training") } }
  /// The training targets, `k × trainIndices.count`.
  public var trainY: Matrix { get throws { try Dataset.gather(Y, trainIndices, "training") } }
  /// The test inputs, `d × testIndices.count`. Throws when there is no test part (no
  /// `split` yet).
  public var testX: Matrix { get throws { try Dataset.gather(X, testIndices, "test") } }
  /// The test targets, `k × testIndices.count`.
  public var testY: Matrix { get throws { try Dataset.gather(Y, testIndices, "test") } }

  /// The columns `indices` of `M`, in that order.
  public static func gather(_ M: Matrix, _ indices: [Int], _ part: String = "selected") throws -> Matrix {
    guard !indices.isEmpty else {
      switch part {
      case "test": throw DataError.invalidDataset("there is no test part: use split (e.g. split 0.8) first")
      case "validation":
        throw DataError.invalidDataset("there is no validation part: use split 0.7 0.15, or load \"v.csv\" target=y as validation")
      default: throw DataError.invalidDataset("the \(part) part of the data set is empty")
      }
    }
    // Every column in order (no split yet): the matrix itself, shared, not copied — a
    // 60000 × 784 training set would otherwise be held twice while training.
    if indices.count == M.cols, indices.enumerated().allSatisfy({ $0.offset == $0.element }) {
      return M
    }
    let r = M.rows
    for j in indices where j < 0 || j >= M.cols {
      throw DataError.invalidDataset("sample \(j + 1) does not exist (there are \(M.cols))")
    }
    let out = try MatrixStorage(checkedCount: r * indices.count) { o in
      M.storage.withUnsafeBufferPointer { s in
        for (k, j) in indices.enumerated() {
          for i in 0..<r { o[k * r + i] = s[j * r + i] }
        }
      }
    }
    return try Matrix(rows: r, cols: indices.count, columnMajor: out)
  }

  // MARK: Encodings

  /// A two-class data set with its one-hot `2 × N` target replaced by one row
  /// `Y[0, j] = 1` when sample j is of class 2 (`classNames[1]`), 0 otherwise: the form
  /// a single sigmoid output with `loss bce` (or the notes' `J = 1/2 (h - y)²`) expects.
  /// Returns the data set unchanged when it is already binary-encoded.
  public func binaryEncoded() throws -> Dataset {
    guard let classes = classNames, classes.count == 2 else {
      throw DataError.invalidDataset(
        "\(name): a 0/1 target needs exactly 2 classes (this set has \(classNames?.count ?? 0))")
    }
    if Y.rows == 1 { return self }
    var copy = self
    copy.Y = try Matrix(rows: 1, cols: sampleCount, columnMajor: Metrics.classes(Y).map(Double.init))
    return copy
  }

  /// A two-class binary-encoded data set back in one-hot form (`2 × N`).
  public func oneHotEncoded() throws -> Dataset {
    guard let labels = labels else {
      throw DataError.invalidDataset("\(name): regression targets have no one-hot form")
    }
    if Y.rows == classCount { return self }
    var copy = self
    copy.Y = try Dataset.oneHot(labels, classCount: classCount)
    return copy
  }

  /// The `classCount × labels.count` one-hot matrix of 0-based labels.
  public static func oneHot(_ labels: [Int], classCount: Int) throws -> Matrix {
    var Y = try Matrix(rows: classCount, cols: labels.count)
    for (j, c) in labels.enumerated() {
      guard c >= 0, c < classCount else {
        throw DataError.invalidDataset("label \(c) is outside 0..<\(classCount)")
      }
      Y[c, j] = 1
    }
    return Y
  }

  // MARK: Description

  /// One line for the shell: "iris: 150 samples, 4 features → 3 classes (setosa,
  /// versicolor, virginica); train 120, test 30".
  public var summary: String {
    let samples = "\(sampleCount) sample\(sampleCount == 1 ? "" : "s")"
    let features = "\(featureCount) feature\(featureCount == 1 ? "" : "s")"
    let outputs: String
    if let classes = classNames {
      let shown = classes.count <= 10
        ? classes.joined(separator: ", ") : classes.prefix(10).joined(separator: ", ") + ", …"
      outputs = "\(classes.count) classes (\(shown))" + (isBinaryEncoded ? ", as one 0/1 output" : "")
    } else {
      outputs = outputCount == 1 ? "1 value (regression)" : "\(outputCount) values (regression)"
    }
    let validation = validationIndices.isEmpty ? "" : ", validation \(validationIndices.count)"
    return "\(name): \(samples), \(features) → \(outputs); "
      + "train \(trainIndices.count)\(validation), test \(testIndices.count)"
  }
}
