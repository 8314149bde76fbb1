import NNEngine

/// `net`, `layer`, `loss`, `init`, `summary`, `optimizer`.
extension Interpreter {
  func netStatement(_ s: Statement) throws {
    try expectArguments(s, 0...0)
    resetNetwork()
  }

  /// `layer dense 2 -> 3 relu`, `layer dense 3 relu` (input from the previous layer or
  /// the data), `layer dense 1` (linear), `layer dense 4 leaky_relu alpha=0.2`.
  func layerStatement(_ s: Statement) throws {
    if s.parsed.word("kind") == "dropout" { return try dropoutStatement(s) }
    let inputExpression = s.parsed.expression("in")
    let inputs = try inputExpression.map { try evaluateInteger($0, "the input size", in: 1...Limits.size) }
    let inputSpan = inputExpression?.span
    let outputs = try evaluateInteger(try value(s, "out"), "the layer size", in: 1...Limits.size)
    var activation = Activation.linear
    if let name = s.parsed.word("activation") {
      let alpha = try option(s, "alpha").map { try evaluateScalar($0.value, "alpha") } ?? 0.01
      activation = Activation(name: name, alpha: alpha) ?? .linear
    } else if let o = option(s, "alpha") {
      throw error("alpha= is the slope of leaky_relu, but this layer is linear", at: o.keySpan)
    }

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

  /// He for the relu family, Xavier otherwise (what PyTorch users would pick by hand).
  static func defaultInitializer(for a: Activation) -> Initializer {
    switch a {
    case .relu, .leakyReLU: return .he
    default: return .xavier
    }
  }

  func lossStatement(_ s: Statement) throws {
    try expectArguments(s, 1...1)
    let name = try chosen(s, "loss")
    network.loss = Loss(rawValue: name) ?? .mse
    network.forgetPass()
    forwardRecord = nil
  }

  func initStatement(_ s: Statement) throws {
    try expectArguments(s, 1...1)
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
    try expectArguments(s, 0...0)
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
    if let d = dataset { out.append(.message("data " + d.summary)) }
    return .report(out)
  }

  func optimizerStatement(_ s: Statement) throws {
    try expectArguments(s, 1...1)
    let name = try chosen(s, "rule")
    func number(_ key: String, _ fallback: Double, _ valid: (Double) -> Bool, _ rule: String) throws -> Double {
      guard let o = option(s, key) else { return fallback }
      let x = try evaluateScalar(o.value, key)
      guard x.isFinite, valid(x) else { throw error("\(key) must be \(rule)", at: o.value.span) }
      return x
    }
    let unitInterval: (Double) -> Bool = { $0 >= 0 && $0 < 1 }
    let allowed: [String]
    let rule: Optimizer.Rule
    switch name {
    case "momentum":
      allowed = ["lr", "beta"]
      rule = .momentum(beta: try number("beta", 0.9, unitInterval, "in [0, 1)"))
    case "adam":
      allowed = ["lr", "beta1", "beta2", "eps"]
      rule = .adam(
        beta1: try number("beta1", 0.9, unitInterval, "in [0, 1)"),
        beta2: try number("beta2", 0.999, unitInterval, "in [0, 1)"),
        eps: try number("eps", 1e-8, { $0 > 0 }, "positive"))
    default:
      allowed = ["lr"]
      rule = .sgd
    }
    for o in s.options where !allowed.contains(o.key) {
      throw error("optimizer \(name) has no option '\(o.key)'", at: o.keySpan)
    }
    let lr = try number("lr", optimizer.learningRate, { $0 > 0 }, "a positive number")
    optimizer = Optimizer(rule, learningRate: lr)
  }
}
