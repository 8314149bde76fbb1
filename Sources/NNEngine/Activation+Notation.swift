/// How the notes write each activation, so an explanation is assembled from the layer
/// rather than typed per case: `a[1] = relu(z[1])`, `∂J/∂z[1] = … ⊙ relu′(z[1])`.
///
/// These are formulas of mathematics (Unicode), not words of any command language.
extension Activation {
  /// g as the notes write it in a formula: `relu`, `sigmoid` (`a[1] = sigmoid(z[1])`).
  public var notation: String { name }

  /// g′ as the notes write it: `relu′`, `tanh′`.
  public var derivativeNotation: String { notation + "′" }

  /// How g applies to a batch: elementwise, or softmax per column.
  public var scope: String {
    self == .softmax ? "per column: e^zᵢ / Σⱼ e^zⱼ" : "elementwise"
  }

  /// g(z) and, for elementwise activations, g′(z):
  ///
  ///     relu: "relu(z) = max(0, z),  relu′(z) = 1 if z > 0 else 0"
  public var formula: String {
    let g = notation, d = derivativeNotation
    switch self {
    case .linear: return "\(g)(z) = z,  \(d)(z) = 1"
    case .relu: return "\(g)(z) = max(0, z),  \(d)(z) = 1 if z > 0 else 0"
    case .leakyReLU: return "\(g)(z) = z if z > 0 else αz,  \(d)(z) = 1 if z > 0 else α  (alpha=α, 0.01 by default)"
    case .sigmoid: return "\(g)(z) = σ(z) = 1 / (1 + e^(−z)),  \(d)(z) = σ(z)(1 − σ(z))"
    case .tanh: return "\(g)(z) = (e^z − e^(−z)) / (e^z + e^(−z)),  \(d)(z) = 1 − tanh²(z)"
    case .softmax: return "\(g)(z)ᵢ = e^zᵢ / Σⱼ e^zⱼ per column; its Jacobian is diag(s) − s sᵀ"
    }
  }
}
