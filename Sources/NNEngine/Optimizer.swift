/// The update rules. With gradient `g = ∇θJ` and learning rate α:
///
///     sgd:       θ := θ − α g
///     momentum:  v := β v + g;            θ := θ − α v
///     adam:      m := β₁ m + (1 − β₁) g;  v := β₂ v + (1 − β₂) g²
///                θ := θ − α m̂ / (√v̂ + ε),  m̂ = m / (1 − β₁ᵗ), v̂ = v / (1 − β₂ᵗ)
///
/// The optimizer keeps its state (v, m, t) per parameter between steps; it is reset
/// when the network's structure changes.
public struct Optimizer: Sendable {
  public enum Rule: Equatable, Sendable, CustomStringConvertible {
    case sgd
    case momentum(beta: Double)
    case adam(beta1: Double, beta2: Double, eps: Double)

    public var description: String {
      switch self {
      case .sgd: return "sgd"
      case .momentum(let b): return "momentum(β=\(b))"
      case .adam(let b1, let b2, let e): return "adam(β₁=\(b1), β₂=\(b2), ε=\(e))"
      }
    }
  }

  public var rule: Rule
  /// The learning rate α used when a step does not give one.
  public var learningRate: Double
  /// State per layer: first moment (or velocity) and second moment, for W and b.
  var mW: [Matrix] = [], mb: [Matrix] = [], vW: [Matrix] = [], vb: [Matrix] = []
  public internal(set) var stepCount = 0

  public init(_ rule: Rule = .sgd, learningRate: Double = 0.01) {
    self.rule = rule
    self.learningRate = learningRate
  }

  /// Forgets the state (after the network changes shape, or on `optimizer …`).
  public mutating func reset() {
    mW = []
    mb = []
    vW = []
    vb = []
    stepCount = 0
  }

  /// Makes the state fit the network's shapes (zero state after a change of structure).
  mutating func prepare(for net: Network) {
    var fits = mW.count == net.layers.count
    if fits {
      for l in mW.indices where mW[l].shape != net.layers[l].W.shape { fits = false }
    }
    if !fits {
      mW = net.layers.map { Matrix(zerosUnchecked: $0.W.rows, $0.W.cols) }
      mb = net.layers.map { Matrix(zerosUnchecked: $0.b.rows, 1) }
      vW = mW
      vb = mb
      stepCount = 0
    }
  }

  /// What one step changed: the largest |Δθ| per layer for W and b.
  public struct StepReport: Sendable {
    public var maxChangeW: [Double] = []
    public var maxChangeb: [Double] = []
    public var learningRate: Double = 0
  }

  /// One update of every parameter from the network's current gradients.
  /// With `report`, also measures the largest change of each W and b.
  @discardableResult
  public mutating func step(_ net: inout Network, learningRate lr: Double? = nil, report: Bool = false)
    -> StepReport?
  {
    let alpha = lr ?? learningRate
    prepare(for: net)
    stepCount += 1
    var result = report ? StepReport(learningRate: alpha) : nil
    let t = Double(stepCount)
    let rule = self.rule
    let dW = net.dW, db = net.db
    net.withLayers { layers in
      for l in layers.indices {
        let cW = Optimizer.update(rule, &layers[l].W, dW[l], &mW[l], &vW[l], alpha, t, report)
        let cb = Optimizer.update(rule, &layers[l].b, db[l], &mb[l], &vb[l], alpha, t, report)
        result?.maxChangeW.append(cW)
        result?.maxChangeb.append(cb)
      }
    }
    return result
  }

  /// Updates one parameter in place; returns the largest |Δθ| when asked.
  @inline(__always)
  static func update(
    _ rule: Rule, _ theta: inout Matrix, _ g: Matrix, _ m: inout Matrix, _ v: inout Matrix,
    _ alpha: Double, _ t: Double, _ measure: Bool
  ) -> Double {
    theta.storage.withUnsafeMutableBufferPointer { p in
      g.storage.withUnsafeBufferPointer { pg in
        m.storage.withUnsafeMutableBufferPointer { pm in
          v.storage.withUnsafeMutableBufferPointer { pv in
            guard let tp = p.baseAddress, let gp = pg.baseAddress, let mp = pm.baseAddress, let vp = pv.baseAddress
            else { return 0 }
            return update(rule, tp, gp, mp, vp, count: p.count, alpha, t, measure)
          }
        }
      }
    }
  }

  /// The update over raw buffers of `count` elements (θ, g, and the state m, v).
  @inlinable
  static func update(
    _ rule: Rule, _ p: UnsafeMutablePointer<Double>, _ pg: UnsafePointer<Double>,
    _ pm: UnsafeMutablePointer<Double>, _ pv: UnsafeMutablePointer<Double>, count: Int,
    _ alpha: Double, _ t: Double, _ measure: Bool
  ) -> Double {
    var largest = 0.0
    switch rule {
    case .sgd:
      if measure {
        for k in 0..<count { largest = largestChange(largest, alpha * pg[k]) }
      }
      for k in 0..<count { p[k] -= alpha * pg[k] }
    case .momentum(let beta):
      for k in 0..<count {
        pm[k] = beta * pm[k] + pg[k]
        let d = alpha * pm[k]
        if measure { largest = largestChange(largest, d) }
        p[k] -= d
      }
    case .adam(let b1, let b2, let eps):
      let c1 = 1 - _pow(b1, t), c2 = 1 - _pow(b2, t)
      for k in 0..<count {
        pm[k] = b1 * pm[k] + (1 - b1) * pg[k]
        pv[k] = b2 * pv[k] + (1 - b2) * pg[k] * pg[k]
        let d = alpha * (pm[k] / c1) / (_sqrt(pv[k] / c2) + eps)
        if measure { largest = largestChange(largest, d) }
        p[k] -= d
      }
    }
    return largest
  }

  /// `max(largest, |d|)`, except that NaN wins: `step` reports "|ΔW[1]| ≤ NaN" rather
  /// than "≤ 0" when an update is NaN (`Swift.max` would skip it).
  @inlinable
  static func largestChange(_ largest: Double, _ d: Double) -> Double {
    let m = Swift.abs(d)
    return m > largest || m.isNaN ? m : largest
  }
}
