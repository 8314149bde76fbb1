import NNData
import NNEngine

/// `data`, `load`, `normalize`, `split`, `shuffle`, `sample`, `show data`, `save X "X.npy"`.
///
/// Every statement here builds the new data set (or value) completely before it
/// replaces the session's: a file that fails to load, for any reason, leaves the previous
/// data set and variables as they were.
extension Interpreter {
  func requireData(_ s: Statement) throws -> Dataset {
    guard let d = dataset else {
      throw error("there is no data yet: use data xor, data iris, load \"file.csv\", or data X Y", at: s.span)
    }
    // Two classes are read as one 0/1 row by a one-unit output, one-hot by two outputs.
    // (Checked first without a closure: `sample` calls this in every loop iteration.)
    if d.classCount == 2, let fitted = try data(s.span, { try d.encoded(forOutputs: network.outputSize) }) {
      dataset = fitted
      return fitted
    }
    return d
  }

  /// The data as the network will read it (for `summary` and `vars`, which change nothing).
  var fittedDataset: Dataset? {
    guard let d = dataset else { return nil }
    return (try? d.encoded(forOutputs: network.outputSize)) ?? d
  }

  /// Converts data-layer errors into diagnostics at `span`.
  func data<T>(_ span: SourceSpan, _ body: () throws -> T) throws -> T {
    do {
      return try engine(span, body)
    } catch let e as DataError {
      throw error(e.description, at: span)
    }
  }

  /// `data xor` (a built-in set, its words checked by the grammar) or `data X Y` (two
  /// matrices of the session, columns are samples).
  func dataStatement(_ s: Statement) throws -> Output? {
    if let w = s.parsed.word("set") {
      guard let kind = BuiltinDataset(rawValue: w) else { throw missingArgument(s) }  // the grammar's words are the sets
      let n = try option(s, "n").map { try evaluateInteger($0.value, "n", in: 1...BuiltinDataset.maxSamples) }
      let noise = try option(s, "noise").map { try evaluateScalar($0.value, "noise") }
      let classes = try option(s, "classes").map { try evaluateInteger($0.value, "classes", in: 2...BuiltinDataset.maxClasses) }
      var g = generator
      let d = try data(s.span) { try BuiltinDataset.make(kind, n: n, noise: noise, classes: classes, generator: &g) }
      generator = g
      return useDataset(d)
    }
    let (xExpression, yExpression) = (try value(s, "X"), try value(s, "Y"))
    let X = try evaluateMatrix(xExpression)
    let Y = try evaluateMatrix(yExpression)
    guard X.cols == Y.cols else {
      throw error(
        "X (\(X.shape)) and Y (\(Y.shape)) must have one column per sample, the same number of columns", at: s.span)
    }
    let name = "\(describe(xExpression)), \(describe(yExpression))"
    var d = try data(s.span) { try Dataset.fromMatrices(X: X, Y: Y, name: name) }
    // A single row of 0s and 1s is a two-class target (for a sigmoid output and bce),
    // kept as one row so J = 1/2 (h − y)² works on it too.
    if d.classNames == nil, Y.rows == 1, Y.storage.allSatisfy({ $0 == 0 || $0 == 1 }),
      Y.storage.contains(0), Y.storage.contains(1)
    {
      d = try data(s.span) { try Dataset(name: name, X: X, Y: Y, classNames: ["0", "1"]) }
    }
    return useDataset(d)
  }

  /// Makes `d` the session's data and says what it is.
  func useDataset(_ d: Dataset) -> Output? {
    dataset = d
    guard isChatty else { return nil }
    let kind = d.classNames.map { "\($0.count) classes (\($0.prefix(10).joined(separator: ", "))\($0.count > 10 ? ", …" : ""))" } ?? "regression, \(d.outputCount) output\(d.outputCount == 1 ? "" : "s")"
    let parts = d.testIndices.isEmpty && d.validationIndices.isEmpty ? "" : "; " + partCounts(d, unit: false)
    return .message("data \(d.name): \(d.sampleCount) samples, \(d.featureCount) feature\(d.featureCount == 1 ? "" : "s"), \(kind)\(parts)")
  }

  /// `load "file.csv"`, `load "X.npy" …`, `load weights|model|mnist …`: the grammar has
  /// chosen the form; the file's suffix decides the reader.
  func loadStatement(_ s: Statement) throws -> Output? {
    switch s.parsed.word("what") {
    case "weights", "model": return try loadParametersStatement(s)
    case "mnist": return try loadMNISTStatement(s)
    case "checkpoint": return try loadCheckpointStatement(s)
    default: break
    }
    let path = try evaluateString(try value(s, "file"), "the file name")
    if path.hasSuffix(".npy") {
      return try loadNumPyStatement(s, path: path)
    }
    let part = requestedPart(s, path: path)
    if let second = s.parsed.expression("targets") ?? s.parsed.expression("name") {
      throw error(
        "a CSV file is loaded as the data set, or as its test or validation part (load \"\(path)\" target=COL as test)",
        at: second.span)
    }
    var target: TargetColumn? = nil
    if let o = option(s, "target") {
      switch o.value.kind {
      case .name(let n): target = TargetColumn(parsing: n)
      case .string(let n): target = TargetColumn(parsing: n)
      case .number(let x): target = TargetColumn(parsing: NumberFormat.format(x, digits: 17))
      default: throw error("target= takes a column name or number", at: o.value.span)
      }
    }
    var separator = UInt8(ascii: ",")
    if let o = option(s, "sep") {
      let text = try evaluateString(o.value, "sep")
      guard text.utf8.count == 1, let b = text.utf8.first else { throw error("sep= takes one character, e.g. sep=\";\"", at: o.value.span) }
      separator = b
    }
    let header = option(s, "header") == nil ? true : try flag(s, "header")
    var drop: [String] = []
    if let o = option(s, "drop") {
      drop = try evaluateString(o.value, "drop").split(separator: ",").map { String($0) }
    }
    var classes = ClassMode.auto
    if let o = option(s, "classes") {
      guard case .name(let w) = o.value.kind, let mode = ClassMode(rawValue: w) else {
        throw error("classes= takes auto, labels or values", at: o.value.span)
      }
      classes = mode
    }
    let d = try data(s.span) {
      try CSVReader.read(
        path: path, target: target, separator: separator, header: header, drop: drop, classes: classes,
        knownClasses: part == nil ? nil : dataset?.classNames)
    }
    if let part { return try usePart(d, as: part, file: path, at: s) }
    return useDataset(d)
  }

  func normalizeStatement(_ s: Statement) throws -> Output? {
    let method = s.parsed.word("method") ?? "standard"
    var d = try requireData(s)
    _ = try data(s.span) { try d.normalize(NormalizationMethod(rawValue: method) ?? .standard) }
    dataset = d
    guard isChatty else { return nil }
    return .message("normalize \(method): statistics from the \(d.trainIndices.count) training samples, applied to all \(d.sampleCount)")
  }

  /// `split TRAIN [VALIDATION]`: `split 0.8` is training/test, `split 0.7 0.15` training,
  /// validation and test (see `Dataset.split`; `stratify=no` shuffles all classes together).
  func splitStatement(_ s: Statement) throws -> Output? {
    let e = try argument(s, 0)
    let f = try evaluateScalar(e, "the training fraction")
    guard f > 0, f < 1 else { throw error("the training fraction must be between 0 and 1 (e.g. split 0.8)", at: e.span) }
    let v = try splitValidationFraction(s, train: f)
    let stratified = option(s, "stratify") == nil ? true : try flag(s, "stratify")
    var d = try requireData(s)
    var g = generator
    try data(s.span) { try d.split(trainFraction: f, validationFraction: v, generator: &g, stratified: stratified) }
    generator = g
    dataset = d
    return isChatty ? .message("split: " + partCounts(d)) : nil
  }

  /// `shuffle`: the samples in a new, seeded random order. Each sample keeps its part
  /// (training or test), so a split stays the same split; see `Dataset.shuffle`.
  func shuffleStatement(_ s: Statement) throws -> Output? {
    var d = try requireData(s)
    var g = generator
    d.shuffle(generator: &g)
    generator = g
    dataset = d
    guard isChatty else { return nil }
    let parts = d.testIndices.isEmpty ? "" : " (each stays in its part: \(d.trainIndices.count) training, \(d.testIndices.count) test)"
    return .message("shuffle: the \(d.sampleCount) samples of \(d.name) in a new order\(parts)")
  }

  /// `load "X.npy" "y.npy"`: a data set (NumPy rows are samples, see
  /// `NumPyFile.dataset`). `load "X.npy" as X` (or `as=X`): one array into a variable,
  /// exactly as NumPy shows it — `(r, c)` is `r × c`, a 1-d array of n values an `n × 1`
  /// column — the inverse of `save X "X.npy"`.
  func loadNumPyStatement(_ s: Statement, path: String) throws -> Output? {
    if let targets = s.parsed.expression("targets") {
      let yPath = try evaluateString(targets, "the targets' file name")
      if let part = requestedPart(s, path: path) {
        return try usePart(try data(s.span) { try NumPyFile.dataset(xPath: path, yPath: yPath) }, as: part, file: path, at: s)
      }
      return useDataset(try data(s.span) { try NumPyFile.dataset(xPath: path, yPath: yPath) })
    }
    let name: String
    let nameSpan: SourceSpan
    if let e = s.parsed.expression("name"), case .name(let w) = e.kind {
      (name, nameSpan) = (w, e.span)
    } else if let w = s.parsed.word("part"), let a = s.parsed.first("part") {
      (name, nameSpan) = (w, a.span)  // `load "X.npy" as test`: a variable named test
    } else if let o = option(s, "as") {
      guard case .name(let w) = o.value.kind else { throw error("as= takes a name: as=X", at: o.value.span) }
      (name, nameSpan) = (w, o.value.span)
    } else {
      throw error("name the array: load \"\(path)\" as X (or give a second file for the targets)", at: s.span)
    }
    try checkBindable(name, at: nameSpan)
    let m = try data(s.span) { try NumPyFile.readMatrix(path: path) }
    bind(name, Variable(m))
    return isChatty ? .message("load: \(name) (\(m.shape)) from \(path)") : nil
  }

  /// Refuses to bind a name that belongs to the network (`W1`, `z2`, `dW1`, … while it
  /// has those layers) or to a function, as `let` does.
  func checkBindable(_ name: String, at span: SourceSpan) throws {
    if let n = NetworkName(name), !network.isEmpty, n.layer.map({ $0 <= network.layers.count }) ?? true {
      throw error("\(name) is a name of the network; choose another name for the array", at: span)
    }
    if Functions.names.contains(name) {
      throw error("'\(name)' is a function name; choose another name", at: span)
    }
    if StatementKind(keyword: name) != nil {
      throw error("'\(name)' is a statement name and cannot be a variable; choose another name", at: span)
    }
  }

  /// `load mnist "DIR"`: the MNIST digits from the four IDX files in DIR, the t10k files
  /// as the test part (see `MNIST.load`).
  func loadMNISTStatement(_ s: Statement) throws -> Output? {
    let directory = try evaluateString(try value(s, "folder"), "the folder of the MNIST files")
    let d = try data(s.span) { try MNIST.load(directory: directory) }
    return useDataset(d)
  }

  /// `save X "X.npy"`: a value of the session as a NumPy float64 array of shape
  /// `(rows, cols)` — `np.load("X.npy")` shows the same matrix, and `load "X.npy" as X`
  /// reads it back. Any expression can be saved (`save W1' "W1t.npy"`). `saveStatement`
  /// calls this for a file name ending in `.npy`.
  func saveNumPyStatement(_ s: Statement, path: String) throws -> Output? {
    let e = try value(s, "value")
    let m = try evaluateMatrix(e)
    try data(s.span) { try NumPyFile.write(m, path: path) }
    return isChatty ? .message("save: \(describe(e)) (\(m.shape)) to \(path) as a (\(m.rows), \(m.cols)) float64 array") : nil
  }

  /// `show data [N]`: the first N samples (5 by default) as a table.
  func showDataStatement(_ s: Statement) throws -> Output? {
    let n = try s.parsed.expression("count").map { try evaluateInteger($0, "the number of samples", in: 1...Limits.size) } ?? 5
    return try showDataStatement(s, count: n)
  }

  /// The first `count` samples of the data set, one per row, with the column names and
  /// the class name (see `Dataset.table`); the values are those the network sees (after
  /// `normalize`).
  func showDataStatement(_ s: Statement, count: Int) throws -> Output {
    let d = try requireData(s)
    let n = max(1, min(count, d.sampleCount))
    return .dataSample(
      DataSample(
        dataset: d, count: n, digits: formatter.digits, check: { try self.stopIfInterrupted("interrupted: show data stopped") },
        parts: partsLine(d)))
  }

  /// `sample`: one training example uniformly at random, into `x` and `y`.
  func sampleStatement(_ s: Statement) throws -> Output? {
    let d = try requireData(s)
    guard !d.trainIndices.isEmpty else { throw error("the training part is empty", at: s.span) }
    let k = generator.index(below: d.trainIndices.count)
    let j = d.trainIndices[k]
    bind("x", Variable(d.X.columnMatrix(j)))
    bind("y", Variable(d.Y.columnMatrix(j)))
    guard isChatty else { return nil }
    return .message("sample: training example \(k + 1) of \(d.trainIndices.count) → x (\(d.featureCount)×1), y (\(d.outputCount)×1)")
  }
}

extension Matrix {
  /// Column `j` (0-based) as an `rows × 1` matrix.
  func columnMatrix(_ j: Int) -> Matrix {
    (try? Matrix(rows: rows, cols: 1, columnMajor: column(j))) ?? Matrix(scalar: 0)
  }
}
