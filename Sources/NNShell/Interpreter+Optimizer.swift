import NNEngine

/// `optimizer sgd|momentum|adam|adamw [lr= beta= beta1= beta2= eps= weight_decay=]` and
/// `show optimizer`.
///
/// Each `optimizer` statement sets the whole rule: an option not given takes that rule's
/// default, never the previous optimizer's (so `optimizer adam` after `optimizer sgd
/// lr=0.5` has lr 0.001, as `torch.optim.Adam(params)`). Defaults: lr 0.01 for sgd and
/// momentum (torch has none), 0.001 for adam and adamw; β 0.9; β₁ 0.9, β₂ 0.999, ε 1e-8;
/// weight_decay 0, or 0.01 for adamw (torch's defaults).
extension Interpreter {
  func optimizerStatement(_ s: Statement) throws {
    let name = try chosen(s, "rule")
    let unitInterval: (Double) -> Bool = { $0 >= 0 && $0 < 1 }
    let allowed: [String]
    let rule: Optimizer.Rule
    switch name {
    case "momentum":
      allowed = ["lr", "beta", "weight_decay"]
      rule = .momentum(beta: try optimizerNumber(s, "beta", 0.9, unitInterval, "in [0, 1)"))
    case "adam", "adamw":
      allowed = ["lr", "beta1", "beta2", "eps", "weight_decay"]
      let b1 = try optimizerNumber(s, "beta1", 0.9, unitInterval, "in [0, 1)")
      let b2 = try optimizerNumber(s, "beta2", 0.999, unitInterval, "in [0, 1)")
      let eps = try optimizerNumber(s, "eps", 1e-8, { $0 > 0 }, "positive")
      rule = name == "adam" ? .adam(beta1: b1, beta2: b2, eps: eps) : .adamw(beta1: b1, beta2: b2, eps: eps)
    default:
      allowed = ["lr", "weight_decay"]
      rule = .sgd
    }
    for o in s.options where !allowed.contains(o.key) {
      throw error("optimizer \(name) has no option '\(o.key)'", at: o.keySpan)
    }
    let lr = try optimizerNumber(s, "lr", rule.defaultLearningRate, { $0 > 0 }, "a positive number")
    let decay = try optimizerNumber(s, "weight_decay", name == "adamw" ? 0.01 : 0, { $0 >= 0 }, "a number ≥ 0")
    optimizer = Optimizer(rule, learningRate: lr, weightDecay: decay)
  }

  /// Option `key` of an `optimizer` statement, finite and `valid`, or `fallback`.
  private func optimizerNumber(
    _ s: Statement, _ key: String, _ fallback: Double, _ valid: (Double) -> Bool, _ rule: String
  ) throws -> Double {
    guard let o = option(s, key) else { return fallback }
    let x = try evaluateScalar(o.value, key)
    guard x.isFinite, valid(x) else { throw error("\(key) must be \(rule) (got \(NumberFormat.format(x)))", at: o.value.span) }
    return x
  }

  /// The rule with its settings, as `summary` and `show optimizer` print it.
  var optimizerDescription: String {
    var text = "\(optimizer.rule), lr \(NumberFormat.format(optimizer.learningRate))"
    if optimizer.weightDecay != 0 {
      text += ", weight_decay \(NumberFormat.format(optimizer.weightDecay))"
      text += isDecoupled ? " (decoupled: θ − αλθ)" : " (coupled: g + λθ)"
    }
    return text
  }

  private var isDecoupled: Bool {
    if case .adamw = optimizer.rule { return true } else { return false }
  }

  /// `show optimizer`: the rule, t, and each parameter's state (momentum's v; Adam's m,
  /// v, m̂, v̂), small matrices in full.
  func showOptimizer() -> Output {
    var parts: [Output] = [.message("optimizer \(optimizerDescription); t = \(optimizer.stepCount) (steps taken)")]
    guard !network.isEmpty, optimizer.state(layer: 1) != nil else {
      let why = optimizer.rule == .sgd ? "sgd keeps no state" : "no state yet: it starts at zero with the first step"
      parts.append(.message("  (\(why))"))
      return .report(parts)
    }
    let momentum = !optimizer.rule.isAdam
    for l in 1...network.layers.count {
      guard let state = optimizer.state(layer: l) else { continue }
      for (name, p) in [("W", state.W), ("b", state.b)] {
        let subject = "\(name)[\(l)]"
        parts.append(shown(p.m, name: momentum ? "v of \(subject)" : "m of \(subject)"))
        if let v = p.v { parts.append(shown(v, name: "v of \(subject)")) }
        if let mHat = p.mHat { parts.append(shown(mHat, name: "m̂ of \(subject)")) }
        if let vHat = p.vHat { parts.append(shown(vHat, name: "v̂ of \(subject)")) }
      }
    }
    return .report(parts)
  }
}
