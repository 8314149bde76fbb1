/// The update rules over raw buffers, in the order of operations `torch.optim`'s
/// single-tensor implementations use (so 50 steps agree with PyTorch to ~1e-15):
/// `g + λθ` is formed on the fly (the gradient buffer keeps ∂J/∂θ, as `p.grad` does),
/// Adam's m moves by `m + (1 − β₁)(g − m)` (`lerp_`), and its step is
/// `θ − (α / (1 − β₁ᵗ)) · m / (√v / √(1 − β₂ᵗ) + ε)`.
extension Optimizer {
  /// What one step of every parameter shares: the rule, α, λ and the step number t.
  @usableFromInline
  struct Settings {
    @usableFromInline var rule: Rule
    @usableFromInline var alpha: Double
    @usableFromInline var decay: Double
    @usableFromInline var t: Double

    @usableFromInline
    init(rule: Rule, alpha: Double, decay: Double, t: Double) {
      (self.rule, self.alpha, self.decay, self.t) = (rule, alpha, decay, t)
    }
  }

  /// The update over raw buffers of `count` elements (θ, g, and the state m, v);
  /// returns the largest |Δθ| when `measure`.
  @inlinable
  static func update<T: Scalar>(
    _ s: Settings, _ p: UnsafeMutablePointer<T>, _ pg: UnsafePointer<T>,
    _ pm: UnsafeMutablePointer<T>, _ pv: UnsafeMutablePointer<T>, count: Int, _ measure: Bool
  ) -> Double {
    let alpha = T(s.alpha), decay = T(s.decay)
    var largest: T = 0
    switch s.rule {
    case .sgd:
      for k in 0..<count {
        let d = alpha * (decay == 0 ? pg[k] : pg[k] + decay * p[k])
        if measure { largest = largestChange(largest, d) }
        p[k] -= d
      }
    case .momentum(let momentum):
      let beta = T(momentum)
      for k in 0..<count {
        pm[k] = beta * pm[k] + (decay == 0 ? pg[k] : pg[k] + decay * p[k])
        let d = alpha * pm[k]
        if measure { largest = largestChange(largest, d) }
        p[k] -= d
      }
    case .adam(let b1, let b2, let eps):
      largest = adam(b1, b2, eps, s, p, pg, pm, pv, count: count, coupled: s.decay, keep: 1, measure)
    case .adamw(let b1, let b2, let eps):
      largest = adam(b1, b2, eps, s, p, pg, pm, pv, count: count, coupled: 0, keep: 1 - s.alpha * s.decay, measure)
    }
    return Double(largest)
  }

  /// Adam's moments and step, with `coupled` λ added to g (adam), or θ first scaled by
  /// `keep` = 1 − αλ (adamw: `param.mul_(1 - lr * weight_decay)`).
  @inlinable
  static func adam<T: Scalar>(
    _ b1: Double, _ b2: Double, _ eps: Double, _ s: Settings, _ p: UnsafeMutablePointer<T>,
    _ pg: UnsafePointer<T>, _ pm: UnsafeMutablePointer<T>, _ pv: UnsafeMutablePointer<T>, count: Int,
    coupled: Double, keep scale: Double, _ measure: Bool
  ) -> T {
    // The bias corrections in Double, as torch.optim computes them (Python floats),
    // whatever the element type.
    let stepSize = T(s.alpha / (1 - _pow(b1, s.t)))
    let root2 = T(_sqrt(1 - _pow(b2, s.t)))
    let w1 = T(1 - b1), w2 = T(1 - b2), beta2 = T(b2), eps = T(eps), decay = T(coupled), keep = T(scale)
    var largest: T = 0
    for k in 0..<count {
      let g = decay == 0 ? pg[k] : pg[k] + decay * p[k]
      pm[k] += w1 * (g - pm[k])
      pv[k] = beta2 * pv[k] + w2 * g * g
      let old = p[k]
      if keep != 1 { p[k] *= keep }
      p[k] -= stepSize * (pm[k] / (T.sqrt(pv[k]) / root2 + eps))
      if measure { largest = largestChange(largest, old - p[k]) }
    }
    return largest
  }

  /// `max(largest, |d|)`, except that NaN wins: `step` reports "|ΔW[1]| ≤ NaN" rather
  /// than "≤ 0" when an update is NaN (`Swift.max` would skip it).
  @inlinable
  static func largestChange<T: Scalar>(_ largest: T, _ d: T) -> T {
    let m = Swift.abs(d)
    return m > largest || m.isNaN ? m : largest
  }
}
