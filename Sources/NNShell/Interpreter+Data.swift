import NNData
import NNEngine

/// `data`, `load`, `normalize`, `split`, `sample`.
extension Interpreter {
  func requireData(_ s: Statement) throws -> Dataset {
    guard let d = dataset else {
      throw error("there is no data yet: use data xor, data iris, load \"file.csv\", or data X Y", at: s.span)
    }
    return d
  }

  /// Converts data-layer errors into diagnostics at `span`.
  func data<T>(_ span: SourceSpan, _ body: () throws -> T) throws -> T {
    do {
      return try engine(span, body)
    } catch let e as DataError {
      throw error(e.description, at: span)
    }
  }

  func dataStatement(_ s: Statement) throws {
    let names = BuiltinDataset.allCases.map(\.rawValue)
    if s.arguments.count == 1, let w = s.arguments[0].word, variables[w] == nil {
      guard let kind = BuiltinDataset(rawValue: w) else {
        var message = "unknown data set '\(w)'"
        if let near = Suggestion.nearest(to: w, in: names) { message += "; did you mean '\(near)'?" } else {
          message += " (built in: \(names.joined(separator: " ")); or data X Y)"
        }
        throw error(message, at: s.arguments[0].span)
      }
      let n = try option(s, "n").map { try evaluateInteger($0.value, "n", in: 1...BuiltinDataset.maxSamples) }
      let noise = try option(s, "noise").map { try evaluateScalar($0.value, "noise") }
      let classes = try option(s, "classes").map { try evaluateInteger($0.value, "classes", in: 2...BuiltinDataset.maxClasses) }
      var g = generator
      let d = try data(s.span) { try BuiltinDataset.make(kind, n: n, noise: noise, classes: classes, generator: &g) }
      generator = g
      useDataset(d)
      return
    }
    try expectArguments(s, 2...2, usage: "data NAME or data X Y")
    if let o = s.options.first { throw error("data X Y takes no options", at: o.keySpan) }
    let X = try evaluateMatrix(try argument(s, 0))
    let Y = try evaluateMatrix(try argument(s, 1))
    guard X.cols == Y.cols else {
      throw error(
        "X (\(X.shape)) and Y (\(Y.shape)) must have one column per sample, the same number of columns", at: s.span)
    }
    let name = "\(describe(try argument(s, 0))), \(describe(try argument(s, 1)))"
    var d = try data(s.span) { try Dataset.fromMatrices(X: X, Y: Y, name: name) }
    // A single row of 0s and 1s is a two-class target (for a sigmoid output and bce),
    // kept as one row so J = 1/2 (h − o)² works on it too.
    if d.classNames == nil, Y.rows == 1, Y.storage.allSatisfy({ $0 == 0 || $0 == 1 }),
      Y.storage.contains(0), Y.storage.contains(1)
    {
      d = try data(s.span) { try Dataset(name: name, X: X, Y: Y, classNames: ["0", "1"]) }
    }
    useDataset(d)
  }

  /// Makes `d` the session's data and says what it is.
  func useDataset(_ d: Dataset) {
    dataset = d
    if isChatty {
      let kind = d.classNames.map { "\($0.count) classes (\($0.prefix(10).joined(separator: ", "))\($0.count > 10 ? ", …" : ""))" } ?? "regression, \(d.outputCount) output\(d.outputCount == 1 ? "" : "s")"
      say("data \(d.name): \(d.sampleCount) samples, \(d.featureCount) feature\(d.featureCount == 1 ? "" : "s"), \(kind)")
    }
  }

  func loadStatement(_ s: Statement) throws {
    guard let first = s.arguments.first?.expression else { throw error("load needs a file name: load \"data.csv\"", at: s.span) }
    if s.arguments[0].word == "weights" || s.arguments[0].word == "model" {
      try loadParametersStatement(s)
      return
    }
    let path = try evaluateString(first, "the file name")
    if path.hasSuffix(".npy") {
      if s.arguments.count == 2 {
        let yPath = try evaluateString(try argument(s, 1), "the targets' file name")
        useDataset(try data(s.span) { try NumPyFile.dataset(xPath: path, yPath: yPath) })
        return
      }
      try expectArguments(s, 1...1, usage: "load \"X.npy\" \"y.npy\" or load \"X.npy\" as NAME")
      guard let o = option(s, "as"), case .name(let name) = o.value.kind else {
        throw error("name the array: load \"X.npy\" as=X (or give a second file for the targets)", at: s.span)
      }
      let m = try data(s.span) { try NumPyFile.read(path: path).matrix() }
      bind(name, Variable(m))
      return
    }
    try expectArguments(s, 1...1, usage: "load \"file.csv\" target=COL")
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
    let header = try option(s, "header") == nil ? true : !(try flag(s, "header") == false)
    var drop: [String] = []
    if let o = option(s, "drop") {
      drop = try evaluateString(o.value, "drop").split(separator: ",").map { String($0) }
    }
    let d = try data(s.span) {
      try CSVReader.read(path: path, target: target, separator: separator, header: header, drop: drop)
    }
    useDataset(d)
  }

  func normalizeStatement(_ s: Statement) throws {
    try expectArguments(s, 0...1)
    let method = s.arguments.isEmpty ? "standard" : try word(s, 0, "normalisation", NormalizationMethod.allCases.map(\.rawValue))
    var d = try requireData(s)
    _ = try data(s.span) { try d.normalize(NormalizationMethod(rawValue: method) ?? .standard) }
    dataset = d
    if isChatty {
      say("normalize \(method): statistics from the \(d.trainIndices.count) training samples, applied to all \(d.sampleCount)")
    }
  }

  func splitStatement(_ s: Statement) throws {
    try expectArguments(s, 1...1)
    let e = try argument(s, 0)
    let f = try evaluateScalar(e, "the training fraction")
    guard f > 0, f < 1 else { throw error("the training fraction must be between 0 and 1 (e.g. split 0.8)", at: e.span) }
    var d = try requireData(s)
    var g = generator
    try data(s.span) { try d.split(trainFraction: f, generator: &g, stratified: true) }
    generator = g
    dataset = d
    if isChatty { say("split: \(d.trainIndices.count) training, \(d.testIndices.count) test samples") }
  }

  func shuffleStatement(_ s: Statement) throws {
    throw error("'shuffle' is not available in this version of nnsh yet", at: s.keywordSpan)
  }

  /// `sample`: one training example uniformly at random, into `x` and `y`.
  func sampleStatement(_ s: Statement) throws {
    try expectArguments(s, 0...0)
    let d = try requireData(s)
    guard !d.trainIndices.isEmpty else { throw error("the training part is empty", at: s.span) }
    let k = generator.index(below: d.trainIndices.count)
    let j = d.trainIndices[k]
    variables["x"] = Variable(d.X.columnMatrix(j))
    variables["y"] = Variable(d.Y.columnMatrix(j))
    if isChatty {
      say("sample: training example \(k + 1) of \(d.trainIndices.count) → x (\(d.featureCount)×1), y (\(d.outputCount)×1)")
    }
  }
}

extension Matrix {
  /// Column `j` (0-based) as an `rows × 1` matrix.
  func columnMatrix(_ j: Int) -> Matrix {
    (try? Matrix(rows: rows, cols: 1, columnMajor: column(j))) ?? Matrix(scalar: 0)
  }
}
