import NNEngine

/// How `explain J` writes the penalties of `loss … l2=λ₂ l1=λ₁` (see `Regularization`):
///
///     J = 1/2 · 1/B Σ_b Σᵢ (hᵢ − yᵢ)²  +  λ₂/2 Σ_l ‖W[l]‖² + λ₁ Σ_l Σ|w|   (λ₂ = 0.1, λ₁ = 0.01; weights only)
///       = 1/2 · 1/2 · Σ (…)² + 0.1277
extension Interpreter {
  /// The penalty's part of J's formula and its value, or nil when there is none.
  var penaltyExplanation: (formula: String, value: String)? {
    let r = network.regularization
    guard r.isActive else { return nil }
    var terms: [String] = [], values: [String] = []
    if r.l2 != 0 {
      terms.append("λ₂/2 Σ_l ‖W[l]‖²")
      values.append("λ₂ = \(NumberFormat.format(r.l2))")
    }
    if r.l1 != 0 {
      terms.append("λ₁ Σ_l Σ|w|")
      values.append("λ₁ = \(NumberFormat.format(r.l1))")
    }
    let penalty = r.penalty(network.layers.map(\.W))
    return (
      "  +  " + terms.joined(separator: " + ") + "   (\(values.joined(separator: ", ")); weights only, not biases)",
      " + " + NumberFormat.format(penalty, digits: formatter.digits)
    )
  }
}
