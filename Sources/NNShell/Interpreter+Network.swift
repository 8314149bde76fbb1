import NNEngine

/// `net`, `layer`, `loss`, `init`, `summary` (`optimizer` is in `Interpreter+Optimizer.swift`).
extension Interpreter {
  func netStatement(_ s: Statement) throws {
    resetNetwork()
  }

  /// `layer dense 2 -> 3 relu`, `layer dense 3 relu` (input from the previous layer or
  /// the data), `layer dense 1` (linear), `layer dense 4 leaky_relu alpha=0.2`.
  func layerStatement(_ s: Statement) throws {
    if s.parsed.word("kind") == "dropout" { return try dropoutStatement(s) }
    let inputExpression = s.parsed.expression("in")
    let inputs = try inputExpression.map { try evaluateInteger($0, "the input size", in: 1...Limits.size) }
    let inputSpan = inputExpression?.span
    var activation = Activation.linear
    if let name = s.parsed.word("activation") {
      let alpha = try option(s, "alpha").map { try evaluateScalar($0.value, "alpha") } ?? 0.01
      activation = Activation(name: name, alpha: alpha) ?? .linear
    } else if let o = option(s, "alpha") {
      throw error("alpha= is the slope of leaky_relu, but this layer is linear", at: o.keySpan)
    }

    let outputs = try layerSize(s, activation)
    guard network.layers.count < Limits.layers else {
      throw error("the network already has \(Limits.layers) layers, the most nnsh builds", at: s.span)
    }
    let previous = network.outputSize ?? dataset?.featureCount
    let n0: Int
    if let inputs {
      if let p = network.outputSize, p != inputs {
        throw error(
          "this layer takes \(inputs) inputs, but layer \(network.layers.count) gives \(p) outputs", at: inputSpan ?? s.span)
      }
      n0 = inputs
    } else if let previous {
      n0 = previous
    } else {
      throw error("the first layer needs its input size: layer dense IN -> \(outputs) (or load data first)", at: s.span)
    }
    var layer = try engine(s.span) { try Dense(inputs: n0, outputs: outputs, activation: activation) }
    let initializer = self.initializer ?? Interpreter.defaultInitializer(for: activation)
    // The generator advances only if the layer is added.
    var g = generator
    initializer.initialize(&layer, using: &g)
    try engine(s.span) { try network.append(layer) }
    generator = g
    optimizer.reset()
    forwardRecord = nil
    parametersChanged()
  }

  /// OUT as written, or for an output layer without one (`layer dense softmax`) the size
  /// the data's targets need: one unit per class for softmax, one 0/1 unit for sigmoid on
  /// two classes, one per target row for linear (see `Dataset.outputSize(sigmoid:)`).
  func layerSize(_ s: Statement, _ activation: Activation) throws -> Int {
    if let e = s.parsed.expression("out") { return try evaluateInteger(e, "the layer size", in: 1...Limits.size) }
    let name = activation.name
    guard [.sigmoid, .softmax, .linear].contains(activation) else {
      throw error("layer dense \(name) needs its size (layer dense 8 \(name)); only an output layer (sigmoid, softmax, linear) takes its size from the data", at: s.span)
    }
    guard let d = dataset else {
      throw error("layer dense \(name) takes its size from the data, and there is none yet: load data first, or give the size (layer dense 1 \(name))", at: s.span)
    }
    return d.outputSize(sigmoid: activation == .sigmoid)
  }

  /// He for the relu family, Xavier otherwise (what PyTorch users would pick by hand).
  static func defaultInitializer(for a: Activation) -> Initializer {
    switch a {
    case .relu, .leakyReLU: return .he
    default: return .xavier
    }
  }

  func lossStatement(_ s: Statement) throws {
    let name = try chosen(s, "loss")
    let penalties = try regularization(s, default: Regularization())
    network.loss = Loss(rawValue: name) ?? .mse
    network.regularization = penalties
    network.forgetPass()
    forwardRecord = nil
  }

  func initStatement(_ s: Statement) throws {
    let name = try chosen(s, "initializer")
    let initializer: Initializer
    switch name {
    case "he": initializer = .he
    case "xavier": initializer = .xavier
    case "normal":
      let std = try option(s, "std").map { try evaluateScalar($0.value, "std") } ?? 0.1
      guard std >= 0, std.isFinite else { throw error("std must be a non-negative number", at: option(s, "std")?.value.span ?? s.span) }
      initializer = .normal(std: std)
    case "uniform":
      let a = try option(s, "a").map { try evaluateScalar($0.value, "a") } ?? 0.1
      guard a >= 0, a.isFinite else { throw error("a must be a non-negative number", at: option(s, "a")?.value.span ?? s.span) }
      initializer = .uniform(a: a)
    default: initializer = .zeros
    }
    if name != "normal", let o = option(s, "std") { throw error("std= belongs to init normal", at: o.keySpan) }
    if name != "uniform", let o = option(s, "a") { throw error("a= belongs to init uniform", at: o.keySpan) }
    self.initializer = initializer
    initializer.initialize(&network, using: &generator)
    optimizer.reset()
    forwardRecord = nil
    parametersChanged()
  }

  func summaryStatement(_ s: Statement) throws -> Output? {
    guard !network.isEmpty else {
      return .message("the network has no layers yet (add one with: layer dense 2 -> 3 relu)")
    }
    var rows: [[String]] = [["layer", "W", "b", "activation", "parameters"]]
    for (i, layer) in network.layers.enumerated() {
      rows.append([
        "\(i + 1)", "\(layer.W.shape)", "\(layer.b.shape)", layer.activation.description, "\(layer.parameterCount)",
      ])
      if let row = dropoutRow(after: i) { rows.append(row) }
    }
    rows.append(["total", "", "", "", "\(network.parameterCount)"])
    let table = Table(rows: rows, alignments: [.left, .left, .left, .left, .right], indent: "", rulesAfter: [0, rows.count - 2])
    let sizes = [String(network.inputSize ?? 0)] + network.layers.map { String($0.outputSize) }
    var out: [Output] = [.table(table), .message("loss \(network.loss.rawValue); sizes \(sizes.joined(separator: "-")); optimizer \(optimizer.rule)")]
    out += trainingSettingsSummary()
    if let d = fittedDataset { out.append(.message("data " + d.summary)) }
    return .report(out)
  }
}
