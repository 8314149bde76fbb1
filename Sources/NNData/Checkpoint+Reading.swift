import NNEngine

/// Reading a checkpoint back (`load checkpoint`): everything is checked — the content,
/// the model description against the parameters, every metadata value, every optimizer
/// tensor's shape against its parameter, the histories' lengths, the sample order (a
/// permutation) — before a `Checkpoint` is returned, so a damaged file changes nothing.
///
///     let c = try Checkpoint(SafeTensorsFile.read(path: "c.safetensors"), file: "c.safetensors")
extension Checkpoint {
  /// The tensor names a checkpoint holds besides the parameters.
  static let historyNames: Set<String> = ["history.loss", "history.lr", "order"]

  public init(_ source: SafeTensorsFile, file: String, maxEpochs: Int = 1 << 30) throws {
    func mismatch(_ reason: String) -> SafeTensorsError { .mismatch(file: file, reason: reason) }
    let content = source.metadata[SafeTensorsFile.MetadataKey.content]
    guard content == Checkpoint.content else {
      let what = content.map { "its content is '\(QuotedText.quoted($0, limit: 40))'" } ?? "it has no nnsh content"
      throw mismatch("not a checkpoint (\(what)); save checkpoint writes one, load model reads what save writes")
    }
    var parameters: [SafeTensor] = [], extra: [String: SafeTensor] = [:]
    for t in source.tensors {
      if SafeTensorsFile.nnshParameter(t.name) != nil {
        parameters.append(t)
      } else if t.name.hasPrefix("optimizer.m.") || t.name.hasPrefix("optimizer.v.") || Checkpoint.historyNames.contains(t.name) {
        extra[t.name] = t
      } else {
        throw mismatch("tensor '\(QuotedText.quoted(t.name))' is not part of a checkpoint")
      }
    }
    let network = try SafeTensorsFile(tensors: parameters, metadata: source.metadata).model(file: file)
    let reader = MetadataReader(metadata: source.metadata, file: file)
    self.init(network: network, optimizer: Optimizer(try reader.rule()), generator: try reader.generator())
    self.network.regularization = Regularization(l2: try reader.number("l2", in: 0...1e300), l1: try reader.number("l1", in: 0...1e300))
    optimizer.learningRate = try reader.number("optimizer.lr", in: Double.leastNonzeroMagnitude...1e300)
    optimizer.weightDecay = try reader.number("optimizer.weight_decay", in: 0...1e300)
    let t = try reader.integer("optimizer.t", in: 0...(1 << 52))
    if t > 0, !optimizer.restore(try Checkpoint.moments(extra, of: network, rule: optimizer.rule, t: t, file: file), for: network) {
      throw mismatch("the optimizer's state does not fit the network")
    }
    let epochs = try reader.integer("epochs", in: 0...(1 << 40))  // several runs of up to maxEpochs
    lossHistory = extra["history.loss"]?.values ?? []
    rateHistory = extra["history.lr"]?.values ?? []
    guard lossHistory.count == epochs, rateHistory.count == epochs else {
      throw mismatch(
        "the checkpoint says \(epochs) epochs were trained but holds \(lossHistory.count) losses and \(rateHistory.count) rates")
    }
    schedule = try reader.schedule(maxEpochs: maxEpochs)
    schedulePosition = try reader.integer("schedule.position", in: 0...epochs)
    scheduleBase = try reader.number("schedule.base", in: Double.leastNonzeroMagnitude...1e300)
    sampleOrder = try Checkpoint.order(extra["order"], file: file)
  }

  /// m (and Adam's v) of every parameter; zeros where the rule keeps none (sgd's m and v,
  /// momentum's v), as the optimizer itself keeps them.
  static func moments(_ tensors: [String: SafeTensor], of network: Network, rule: Optimizer.Rule, t: Int, file: String) throws
    -> Optimizer.Moments
  {
    func read(_ moment: String, _ parameter: String, like p: Matrix, kept: Bool) throws -> Matrix {
      let name = "optimizer.\(moment).\(parameter)"
      guard kept else { return try Matrix(rows: p.rows, cols: p.cols) }
      guard let tensor = tensors[name] else {
        throw SafeTensorsError.mismatch(
          file: file, reason: "the checkpoint has no tensor '\(name)' (\(String(describing: rule).prefix { $0 != "(" }) keeps it for every parameter once t ≥ 1)")
      }
      let expected = p.cols == 1 ? [p.rows] : [p.rows, p.cols]
      guard tensor.shape == expected || tensor.shape == [p.rows, p.cols] else {
        throw SafeTensorsError.mismatch(
          file: file,
          reason: "'\(name)' has shape \(SafeTensorsHeader.describe(tensor.shape)) but \(parameter) is \(p.shape) in the checkpoint's network")
      }
      return try tensor.matrix(file: file)
    }
    let keepsM = rule != .sgd, keepsV = rule.isAdam
    var m = Optimizer.Moments(mW: [], mb: [], vW: [], vb: [], stepCount: t)
    do {
      for (k, layer) in network.layers.enumerated() {
        m.mW.append(try read("m", "W\(k + 1)", like: layer.W, kept: keepsM))
        m.mb.append(try read("m", "b\(k + 1)", like: layer.b, kept: keepsM))
        m.vW.append(try read("v", "W\(k + 1)", like: layer.W, kept: keepsV))
        m.vb.append(try read("v", "b\(k + 1)", like: layer.b, kept: keepsV))
      }
    } catch let e as EngineError {
      throw SafeTensorsError.refused(file: file, context: "the optimizer's state: ", e)
    }
    return m
  }

  /// The sample order: a permutation of 0..<N, or empty when the file has none.
  static func order(_ tensor: SafeTensor?, file: String) throws -> [Int] {
    guard let tensor else { return [] }
    let n = tensor.values.count
    var seen = [Bool](repeating: false, count: n)
    var order: [Int] = []
    order.reserveCapacity(n)
    for x in tensor.values {
      guard x.isFinite, x >= 0, x < Double(n), x == x.rounded(), !seen[Int(x)] else {
        throw SafeTensorsError.mismatch(file: file, reason: "the tensor 'order' is not an order of its \(n) samples (0 … \(n - 1), each once)")
      }
      seen[Int(x)] = true
      order.append(Int(x))
    }
    return order
  }
}
