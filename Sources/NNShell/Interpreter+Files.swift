import NNData
import NNEngine

/// `save` and `load weights` / `load model`: parameters and gradients in safetensors
/// files (see `SafeTensorsFile` for the format and the names), written atomically.
///
///     save "m.safetensors"                 W1 b1 W2 b2 … as F64, and the model description
///     save "m.safetensors" dtype=f32       the same in F32 (PyTorch's default)
///     save grads "g.safetensors"           dW1 db1 … of the last backward pass
///     save W1 "W1.npy"                     one value as a NumPy array (saveNumPyStatement)
///     load weights "m.safetensors"         into the current network: same shapes, all or nothing
///     load model "m.safetensors"           a new network, its loss and parameters, from the file
///     save torch "export"                  export/model.py, model.safetensors, README.md for PyTorch
///     save session "s.nn"                  the session as a replayable script
///
/// `load weights` also reads a PyTorch `nn.Sequential` state dict saved with
/// `safetensors.torch.save_file(model.state_dict(), "m.safetensors")`.
extension Interpreter {
  func saveStatement(_ s: Statement) throws -> Output? {
    switch s.parsed.word("what") {
    case "torch": return try exportTorchStatement(s)
    case "session": return try saveSessionStatement(s, log: sessionLog)
    case "checkpoint": return try saveCheckpointStatement(s)
    default: break
    }
    let fileExpression = try value(s, "file")
    let path = try evaluateString(fileExpression, "the file name")
    if let e = s.parsed.expression("value") { return try saveValueStatement(s, e, path: path, at: fileExpression.span) }
    let grads = s.parsed.word("what") == "grads"
    guard !path.hasSuffix(".npy") || grads else {
      throw error("a NumPy file holds one value: name it first (save X \"\(QuotedText.quoted(path, limit: 256))\")", at: fileExpression.span)
    }
    guard path.hasSuffix(".safetensors") else {
      let hint = grads ? "save grads \"g.safetensors\"" : "save \"m.safetensors\", or save W1 \"W1.npy\" for one value"
      throw error("save writes .safetensors files (\(hint))", at: fileExpression.span)
    }
    let dtype = try saveDataType(s)
    try requireLayers(to: "save", at: s.span)
    if grads && !network.hasGradients {
      throw error("there are no gradients to save: run forward with targets, then backward", at: s.span)
    }
    let file = grads
      ? SafeTensorsFile.gradients(of: network, dtype: dtype, version: fileVersion)
      : SafeTensorsFile.parameters(of: network, dtype: dtype, version: fileVersion)
    if !grads { warnAboutParameters(at: s.span) }  // saved as they are: load reads them back
    try files(fileExpression.span) { try file.write(path: path) }
    guard isChatty else { return nil }
    let count = network.parameterCount
    let what = grads ? "\(count) gradient values" : "\(count) parameter\(count == 1 ? "" : "s")"
    return .message("save\(grads ? " grads" : ""): \(SafeTensorsFile.listNames(file.names)) (\(what), \(dtype.rawValue)) to \(path)")
  }

  /// Refuses an empty network for `verb` (save, export, checkpoint), before any file is touched.
  func requireLayers(to verb: String, at span: SourceSpan) throws {
    guard network.isEmpty else { return }
    throw error("the network has no layers to \(verb) yet (net; layer dense 2 -> 3 relu; …)", at: span)
  }

  /// `save X "FILE"`: one value, which only a NumPy file holds (`saveNumPyStatement`).
  func saveValueStatement(_ s: Statement, _ e: Expression, path: String, at fileSpan: SourceSpan) throws -> Output? {
    if path.hasSuffix(".npy") { return try saveNumPyStatement(s, path: path) }
    let w = String(e.span.text)
    guard path.hasSuffix(".safetensors") else {
      // `save X "x.csv"`: the value is fine, the file's kind is the problem.
      throw error(Interpreter.valueFileMessage(value: w, file: path), at: fileSpan)
    }
    throw error(
      "save \(w) \"FILE\": '\(w)' is not something to save this way; a value is saved as NumPy (save \(w) \"\(w).npy\")",
      at: e.span)
  }

  /// `dtype=f64` (the default) or `dtype=f32`.
  func saveDataType(_ s: Statement) throws -> SafeTensorsDType {
    guard let o = option(s, "dtype") else { return .f64 }
    var text: String? = nil
    switch o.value.kind {
    case .name(let w), .string(let w): text = w
    default: break
    }
    guard let text, let dtype = SafeTensorsDType(option: text) else {
      throw error("dtype= takes f64 or f32", at: o.value.span)
    }
    return dtype
  }

  /// `load weights "m.safetensors"` and `load model "m.safetensors"` (`loadStatement`
  /// sends them here).
  func loadParametersStatement(_ s: Statement) throws -> Output? {
    let kind = try chosen(s, "what")
    let fileExpression = try value(s, "file")
    let path = try evaluateString(fileExpression, "the file name")
    if kind == "weights" && network.isEmpty {
      throw error(
        "the network has no layers to load into; build it first (net, layer dense …) or use load model \"\(path)\"",
        at: s.span)
    }
    if kind == "model" && path.hasSuffix(".onnx") { return try loadONNXModelStatement(s, path: path, at: fileExpression.span) }
    let file = try files(fileExpression.span) { try SafeTensorsFile.read(path: path) }

    if kind == "model" {
      let loaded = try files(fileExpression.span) { try file.model(file: path) }
      return try installLoadedModel(loaded, s, path: path, at: fileExpression.span)
    }

    var updated = network
    let parameters = try files(fileExpression.span) { try file.loadParameters(into: &updated, file: path) }
    network = updated
    optimizer.reset()
    forwardRecord = nil
    parametersChanged()
    warnAboutParameters(at: s.span)
    guard isChatty else { return nil }
    let own = parameters.indices.flatMap { ["W\($0 + 1)", "b\($0 + 1)"] }
    let found = parameters.flatMap { [$0.weightName, $0.biasName] }
    let names = found == own
      ? SafeTensorsFile.listNames(own)
      : SafeTensorsFile.listNames(found) + " → " + SafeTensorsFile.listNames(own)
    let n = network.parameterCount
    return .message("load weights: \(names) (\(n) parameter\(n == 1 ? "" : "s")) from \(path)")
  }

  /// Makes `loaded` the session's network (`load model`), with a fresh optimizer and
  /// history; `lossNote` follows the loss in the message (` (implied by …)`).
  func installLoadedModel(_ loaded: Network, _ s: Statement, path: String, at span: SourceSpan, lossNote: String = "") throws -> Output? {
    guard loaded.layers.count <= Limits.layers else {
      throw error("\(path) describes \(loaded.layers.count) layers, more than the \(Limits.layers) nnsh builds", at: span)
    }
    resetNetwork(loss: loaded.loss)
    network = loaded
    warnAboutParameters(at: s.span)
    guard isChatty else { return nil }
    let sizes = [String(loaded.inputSize ?? 0)] + loaded.layers.map { "\($0.outputSize) \($0.activation.name)" }
    let n = loaded.parameterCount
    return .message(
      "load model: \(sizes.joined(separator: " -> ")), loss \(loaded.loss.rawValue)\(lossNote) "
        + "(\(loaded.layers.count) layer\(loaded.layers.count == 1 ? "" : "s"), \(n) parameter\(n == 1 ? "" : "s")) from \(path)")
  }

  /// `save torch "DIR"` (and `export torch "DIR"`, once the statement exists): the
  /// network as a PyTorch module, `DIR/model.py` with `DIR/model.safetensors` and
  /// `DIR/README.md` (see `TorchExport`).
  func exportTorchStatement(_ s: Statement) throws -> Output? {
    let usage = "\(s.kind.rawValue) torch \"DIR\""
    let folderExpression = try value(s, "folder")
    let folder = try evaluateString(folderExpression, "the folder name")
    guard !folder.hasSuffix(".safetensors"), !folder.hasSuffix(".py") else {
      throw error("\(usage) takes a folder, where it writes model.py and model.safetensors", at: folderExpression.span)
    }
    try requireLayers(to: "export", at: s.span)
    let training = try torchTraining(s)
    warnAboutParameters(at: s.span)
    let names = try files(folderExpression.span) {
      try TorchExport.write(network, to: folder, version: fileVersion, training: training)
    }
    guard isChatty else { return nil }
    let layers = "nn.Sequential of \(network.layers.count) Linear layer\(network.layers.count == 1 ? "" : "s"), float64"
    guard let training else {
      return .message("\(s.kind.rawValue) torch: \(names.map { folder + "/" + $0 }.joined(separator: ", ")) (\(layers))")
    }
    let data: String
    switch training.data.sourceRecords(training.data.trainIndices) == nil ? nil : training.data.source {
    case .csv(let c)?: data = "data from \(c.path)"
    case .numpy(let x, let y)?: data = "data from \(x) and \(y)"
    case nil: data = "the data of \(training.data.name) written as X.npy and Y.npy"
    }
    let setup = training.setup
    let run = setup.fromSession ? "the set-up of the last train" : "train's defaults"
    return .message(
      "\(s.kind.rawValue) torch: \(names.joined(separator: ", ")) in \(folder) (\(layers)); "
        + "train.py: \(data), \(run) (\(setup.epochs) epoch\(setup.epochs == 1 ? "" : "s"), "
        + "batch \(setup.batch), lr \(NumberFormat.format(setup.learningRate)))")
  }

  private func plural(_ n: Int, _ word: String) -> String { "\(n) \(word)\(n == 1 ? "" : "s")" }

  /// The data and set-up for `export torch`'s train.py: the session's data as the
  /// network reads it, with the last `train`'s settings (or `train`'s defaults); nil when
  /// there is no data. The data must fit the network.
  func torchTraining(_ s: Statement) throws -> (data: Dataset, setup: TorchTrainingSetup)? {
    guard let d = fittedDataset else { return nil }
    guard d.featureCount == network.inputSize, d.outputCount == network.outputSize else {
      throw error(
        "the data (\(plural(d.featureCount, "feature")), \(plural(d.outputCount, "target row"))) "
          + "does not fit the network (\(plural(network.inputSize ?? 0, "input")), \(plural(network.outputSize ?? 0, "output"))), so train.py could not train it",
        at: s.span)
    }
    guard !d.trainIndices.isEmpty else { throw error("the training part is empty, so train.py would have nothing to train on", at: s.span) }
    if var last = lastTraining, ModelDescription(last.initial) == ModelDescription(network) {
      // The optimizer as it is now (a later `optimizer …` is what the next run would use).
      (last.rule, last.weightDecay) = (optimizer.rule, optimizer.weightDecay)
      return (d, last)
    }
    let setup = TorchTrainingSetup(
      rule: optimizer.rule, learningRate: optimizer.learningRate, weightDecay: optimizer.weightDecay, epochs: 1, batch: 32,
      rates: schedule.isConstant ? nil : schedule.rates(base: optimizer.learningRate, epochs: 1),
      regularization: network.regularization, initial: network, fromSession: false)
    return (d, setup)
  }

  // MARK: Session scripts

  /// Statements that neither change the session nor draw random numbers: a session
  /// script leaves them out (unless they call `rand`/`randn`, which advances the
  /// generator, so that replaying gives the same numbers).
  static let sessionScriptSkips: Set<StatementKind> = [
    .show, .help, .vars, .summary, .print, .pause, .explain, .plot, .draw, .save, .quit,
    .expression, .jacobian, .grad, .gradcheck, .assert,
  ]

  /// `save session "file.nn"`: the top-level statements that ran successfully in this
  /// session (`log`, oldest first), minus those that only looked (see
  /// `sessionScriptSkips`), as a script that `nnsh run` replays to the same state —
  /// the same parameters bit for bit, since every random draw comes from the seeded
  /// generator and is replayed in the same order.
  ///
  func saveSessionStatement(_ s: Statement, log: [Statement]) throws -> Output? {
    let fileExpression = try value(s, "file")
    let path = try evaluateString(fileExpression, "the file name")
    guard path.hasSuffix(".nn") else { throw error("a session script is a .nn file (save session \"session.nn\")", at: fileExpression.span) }
    let (text, count) = sessionScript(log)
    try files(fileExpression.span) { try AtomicFile.write(Array(text.utf8), to: path) }
    return isChatty ? .message("save session: \(count) statement\(count == 1 ? "" : "s") to \(path) (replay: nnsh run \(path))") : nil
  }

  /// The text of a session script for `log`, and how many statements it holds.
  func sessionScript(_ log: [Statement]) -> (text: String, count: Int) {
    var lines = ["# An nnsh \(fileVersion) session (save session); replay it with: nnsh run FILE"]
    if log.first?.kind != .seed { lines.append("seed 0  # the seed a session starts with") }
    var count = 0
    for s in log {
      let text = fullText(s)
      if Interpreter.sessionScriptSkips.contains(s.kind) && !text.contains("rand") { continue }
      lines.append(text)
      count += 1
    }
    return (lines.joined(separator: "\n") + "\n", count)
  }

  /// The exact source text of a statement, over several lines for a block.
  func fullText(_ s: Statement) -> String {
    let first = s.span.start.line, last = s.span.end.line
    guard first != last else { return String(s.span.text) }
    var lines: [String] = []
    for n in first...last {
      let line = s.span.source.line(n)
      if n == first {
        lines.append(String(line.dropFirst(max(0, s.span.start.column - 1))))
      } else if n == last {
        lines.append(String(line.prefix(max(0, s.span.end.column - 1))))
      } else {
        lines.append(String(line))
      }
    }
    return lines.joined(separator: "\n")
  }

  /// Why `save X "FILE"` refuses a file that is not `.npy`: one value is saved only as a
  /// NumPy array (CSV is read by `load`, not written).
  ///
  ///     valueFileMessage(value: "X", file: "x.csv")
  ///     // save writes a value as a NumPy .npy file, not as .csv (save X "x.npy")
  static func valueFileMessage(value: String, file: String) -> String {
    let name = file.split(separator: "/", omittingEmptySubsequences: false).last.map(String.init) ?? file
    let stem: String, what: String
    if let dot = name.lastIndex(of: "."), dot != name.startIndex {
      stem = String(file.dropLast(name.distance(from: dot, to: name.endIndex)))
      what = "not as " + QuotedText.quoted(name[dot...])
    } else {
      stem = file
      what = "and '\(QuotedText.quoted(name))' has no .npy extension"
    }
    return "save writes a value as a NumPy .npy file, \(what) (save \(value) \"\(QuotedText.quoted(stem, limit: 256)).npy\")"
  }

  /// Runs file code, turning its errors into diagnostics at `span`.
  func files<T>(_ span: SourceSpan, _ body: () throws -> T) throws -> T {
    do {
      return try body()
    } catch let e as SafeTensorsError {
      throw error(e.description(wording: \.wording), at: span)
    } catch let e as DataError {
      throw error(e.description, at: span)
    } catch let e as ONNXError {
      throw error(e.description, at: span)
    } catch let e as EngineError {
      if case .invalidShape(let rows, let cols, _) = e, let message = memoryLimitMessage(rows: rows, cols: cols) {
        throw error(message, at: span)
      }
      throw error(e.wording, at: span)
    }
  }
}
