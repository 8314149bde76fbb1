import NNEngine

/// `step explain`: the update rule, then for each parameter the terms it used — the
/// gradient, momentum's v or Adam's m, v, m̂, v̂ (after this step, t counted) — the change
/// and the new value; inline when a parameter has at most 16 entries, else the largest |Δ|.
///
///     step (adam(β₁=0.9, β₂=0.999, ε=1e-08), α = 0.001, t = 1): m := β₁m + (1−β₁)g; …
///       W[1]:
///         g = [...]
///         m = [...]   (then v, m̂, v̂)
///         W[1] := [...] − [...]
///              = [...]
extension Interpreter {
  func explainStep(before: [Dense], learningRate alpha: Double) -> Output {
    let digits = formatter.digits
    let plain = optimizer.rule == .sgd && optimizer.weightDecay == 0
    let t = plain ? "" : ", t = \(optimizer.stepCount)"
    var lines = ["step (\(optimizer.rule), α = \(NumberFormat.format(alpha))\(t)): \(updateRuleText)"]
    for (l, old) in before.enumerated() {
      let state = optimizer.state(layer: l + 1)
      for (name, theta, g, new, terms) in [
        ("W[\(l + 1)]", old.W, network.dW[l], network.layers[l].W, state?.W),
        ("b[\(l + 1)]", old.b, network.db[l], network.layers[l].b, state?.b),
      ] {
        let change = (try? theta - new) ?? theta
        guard theta.count <= 16 else {
          let largest = change.storage.map { Swift.abs($0) }.max() ?? 0
          lines.append("  \(name) (\(theta.shape)): largest |Δ| = \(NumberFormat.format(largest, digits: digits))")
          continue
        }
        let literal = { (m: Matrix) in ExpressionText.literal(m, digits: digits) }
        if plain {
          // One line per parameter: the change is α times the gradient.
          lines.append("  \(name) := \(literal(theta)) − \(literal(change))")
          lines.append("        = \(literal(new))   (α∇J = \(NumberFormat.format(alpha)) · \(literal(g)))")
          continue
        }
        var used = ["∇θJ = \(literal(g))"]
        if let terms {
          used.append("\(optimizer.rule.isAdam ? "m" : "v") = \(literal(terms.m))")
          if let v = terms.v { used.append("v = \(literal(v))") }
          if let mHat = terms.mHat { used.append("m̂ = \(literal(mHat))") }
          if let vHat = terms.vHat { used.append("v̂ = \(literal(vHat))") }
        }
        lines.append("  \(name):")
        lines += used.map { "    " + $0 }
        lines.append("    \(name) := \(literal(theta)) − \(literal(change))")
        lines.append("         = \(literal(new))")
      }
    }
    return .message(lines.joined(separator: "\n"))
  }

  /// The session's update rule in the notation, with its weight decay.
  var updateRuleText: String {
    let decay = optimizer.weightDecay
    let g = decay == 0 ? "g = ∇θJ" : "g = ∇θJ + λθ (λ = \(NumberFormat.format(decay)))"
    switch optimizer.rule {
    case .sgd: return decay == 0 ? "θ := θ − α ∇θJ" : "θ := θ − α g,  \(g)"
    case .momentum: return "v := β v + g;  θ := θ − α v,  \(g)"
    case .adam:
      return "m := β₁m + (1−β₁)g;  v := β₂v + (1−β₂)g²;  m̂ = m/(1−β₁ᵗ), v̂ = v/(1−β₂ᵗ);  θ := θ − α m̂ / (√v̂ + ε),  \(g)"
    case .adamw:
      let shrink = decay == 0 ? "" : "θ := θ − αλθ (λ = \(NumberFormat.format(decay)));  "
      return shrink + "m := β₁m + (1−β₁)g;  v := β₂v + (1−β₂)g²;  θ := θ − α m̂ / (√v̂ + ε),  g = ∇θJ"
    }
  }
}
