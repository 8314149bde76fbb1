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

  /// True when g acts on each entry alone, so its Jacobian ∂a/∂z is diagonal, diag(g′(z)),
  /// and backpropagation through it is a Hadamard product `∂J/∂a ⊙ g′(z)`: all but softmax.
  public var isElementwise: Bool { self != .softmax }

  /// For an activation that is not elementwise, ∂J/∂z in terms of `a` = g(z) and `da` =
  /// ∂J/∂a, as one matrix formula over a batch. Softmax's (diag(s) − s sᵀ) δ of each
  /// column is s ⊙ δ − s (sᵀδ), so for the batch
  ///
  ///     a ⊙ (δ − 1 1ᵀ(a ⊙ δ))        (1 1ᵀ(a ⊙ δ): each column's sᵀδ, in every row)
  ///
  /// nil for elementwise activations.
  public func backwardNotation(_ a: String, _ da: String) -> String? {
    isElementwise ? nil : "\(a) ⊙ (\(da) − 1 1ᵀ(\(a) ⊙ \(da)))"
  }

  /// The Jacobian ∂a/∂z of one column, for `a` = g(`z`): `diag(relu′(z))`, `diag(a) − a aᵀ`.
  public func jacobianNotation(_ a: String, _ z: String) -> String {
    isElementwise ? "diag(\(derivativeNotation)(\(z)))" : "diag(\(a)) − \(a) \(a)ᵀ"
  }

  /// g(z) and, for elementwise activations, g′(z):
  ///
  ///     relu: "relu(z) = max(0, z),  relu′(z) = 1 if z > 0 else 0"
  public var formula: String {
    let g = notation, d = derivativeNotation
    switch self {
    case .linear: return "\(g)(z) = z,  \(d)(z) = 1"
    case .relu: return "\(g)(z) = max(0, z),  \(d)(z) = 1 if z > 0 else 0"
    case .leakyReLU(let alpha): return "\(g)(z) = z if z > 0 else αz,  \(d)(z) = 1 if z > 0 else α  (here α = \(alpha))"
    case .sigmoid: return "\(g)(z) = σ(z) = 1 / (1 + e^(−z)),  \(d)(z) = σ(z)(1 − σ(z))"
    case .tanh: return "\(g)(z) = (e^z − e^(−z)) / (e^z + e^(−z)),  \(d)(z) = 1 − tanh²(z)"
    case .softmax: return "\(g)(z)ᵢ = e^zᵢ / Σⱼ e^zⱼ per column; its Jacobian is diag(s) − s sᵀ"
    }
  }
}
