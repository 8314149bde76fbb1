/// How the notes write each loss J and its gradient, so an explanation is assembled from
/// the loss rather than typed per case. Each formula takes the texts to write for its
/// operands, so the same description gives the formula in notation (`h`, `y`, `B`) and
/// the formula with the numbers substituted (`[0.3; 0.7]`, `[0; 1]`, `2`).
///
/// These are formulas of mathematics (Unicode), not words of any command language.
extension Loss {
  /// True when J reads the logits u (the output layer's z when fused, else h) rather than h.
  public var readsLogits: Bool { link != nil }

  /// J over a batch of `B` samples, of the outputs or logits `u`:
  ///
  ///     mse: "1/2 · 1/B Σ_b Σᵢ (hᵢ − yᵢ)²   (mean over the B = 4 samples of the squared error)"
  public func notation(logits u: String, batch B: Int) -> String {
    switch self {
    case .mse: return "1/2 · 1/B Σ_b Σᵢ (hᵢ − yᵢ)²   (mean over the B = \(B) samples of the squared error)"
    case .bce: return "−1/B Σ_b Σᵢ [yᵢ log σ(uᵢ) + (1 − yᵢ) log(1 − σ(uᵢ))]   (u = \(u): computed from logits, stably)"
    case .ce: return "−1/B Σ_b Σᵢ yᵢ log softmax(u)ᵢ   (u = \(u): log-sum-exp, stably)"
    }
  }

  /// J with the outputs (or logits) `u`, the targets `y` and the batch size `B` written in:
  /// `1/2 · 1/2 · Σ ([0.3 0.1] − [0 1])²`, `ce([…], […])`.
  public func substituted(_ u: String, _ y: String, batch B: String) -> String {
    self == .mse ? "1/2 · 1/\(B) · Σ (\(u) − \(y))²" : "\(rawValue)(\(u), \(y))"
  }

  /// ∂J/∂h in terms of `h`, `y` and `B`. With `fused` the loss reads the output layer's
  /// logits, so ∂J/∂h is the derivative through the probabilities; otherwise bce and ce
  /// take h itself as the logits:
  ///
  ///     mse: (h − y) / B     bce fused: (h − y) / (h ⊙ (1 − h)) / B     ce: (softmax(h) − y) / B
  public func outputGradient(_ h: String, _ y: String, batch B: String, fused: Bool) -> String {
    switch self {
    case .mse: return "(\(h) − \(y)) / \(B)"
    case .bce: return fused ? "(\(h) − \(y)) / (\(h) ⊙ (1 − \(h))) / \(B)" : "(σ(\(h)) − \(y)) / \(B)"
    case .ce: return fused ? "−\(y) ./ \(h) / \(B)" : "(softmax(\(h)) − \(y)) / \(B)"
    }
  }

  /// What `outputGradient` assumes, when it is worth saying: "h taken as logits".
  public func outputGradientNote(fused: Bool) -> String? {
    readsLogits && !fused ? "h taken as logits" : nil
  }

  /// ∂J/∂u for the logits `u`, the famous `(σ(u) − y) / B` and `(softmax(u) − y) / B`;
  /// nil for mse, which has no logits.
  public func logitGradient(_ u: String, _ y: String, batch B: String) -> String? {
    guard let link else { return nil }
    let g = link == .sigmoid ? "σ" : link.notation
    return "(\(g)(\(u)) − \(y)) / \(B)"
  }
}
