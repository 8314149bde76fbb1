/// The update rules, as `torch.optim` defines them. With gradient `g = ∇θJ`, learning
/// rate α and weight decay λ (0 unless given):
///
///     sgd:       g := g + λθ;                    θ := θ − α g
///     momentum:  g := g + λθ;  v := β v + g;     θ := θ − α v        (PyTorch's form, no dampening)
///     adam:      g := g + λθ;  m := β₁ m + (1 − β₁) g;  v := β₂ v + (1 − β₂) g²
///                θ := θ − α m̂ / (√v̂ + ε),  m̂ = m / (1 − β₁ᵗ), v̂ = v / (1 − β₂ᵗ)
///     adamw:     θ := θ − αλθ  (decoupled), then adam's step with the plain g
///
/// Coupled decay (sgd, momentum, adam) acts on every parameter, biases included, as
/// torch.optim does for a parameter group. The optimizer keeps its state (v, m, t) per
/// parameter between steps; it is reset when the network's structure changes.
///
///     var opt = Optimizer(.adam(beta1: 0.9, beta2: 0.999, eps: 1e-8), learningRate: 0.001)
///     opt.weightDecay = 0.01
///     opt.step(&net)
public struct Optimizer: Sendable {
  public enum Rule: Equatable, Sendable, CustomStringConvertible {
    case sgd
    case momentum(beta: Double)
    case adam(beta1: Double, beta2: Double, eps: Double)
    /// Adam with decoupled weight decay (`torch.optim.AdamW`).
    case adamw(beta1: Double, beta2: Double, eps: Double)

    public var description: String {
      switch self {
      case .sgd: return "sgd"
      case .momentum(let b): return "momentum(β=\(b))"
      case .adam(let b1, let b2, let e): return "adam(β₁=\(b1), β₂=\(b2), ε=\(e))"
      case .adamw(let b1, let b2, let e): return "adamw(β₁=\(b1), β₂=\(b2), ε=\(e))"
      }
    }

    /// Each rule's own learning rate when none is given (torch.optim's defaults; sgd and
    /// momentum have none in torch, nnsh uses 0.01).
    public var defaultLearningRate: Double {
      switch self {
      case .sgd, .momentum: return 0.01
      case .adam, .adamw: return 0.001
      }
    }

    /// True for the rules that keep a second moment v (and so m̂, v̂).
    public var isAdam: Bool {
      switch self {
      case .adam, .adamw: return true
      default: return false
      }
    }
  }

  public var rule: Rule
  /// The learning rate α used when a step does not give one.
  public var learningRate: Double
  /// λ: coupled (added to g) for sgd, momentum and adam; decoupled for adamw.
  public var weightDecay: Double = 0
  /// State per layer: first moment (or velocity) and second moment, for W and b.
  var mW: [Matrix] = [], mb: [Matrix] = [], vW: [Matrix] = [], vb: [Matrix] = []
  public internal(set) var stepCount = 0

  public init(_ rule: Rule = .sgd, learningRate: Double = 0.01, weightDecay: Double = 0) {
    self.rule = rule
    self.learningRate = learningRate
    self.weightDecay = weightDecay
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
    let settings = Settings(rule: rule, alpha: alpha, decay: weightDecay, t: Double(stepCount))
    let dW = net.dW, db = net.db
    net.withLayers { layers in
      for l in layers.indices {
        let cW = Optimizer.update(settings, &layers[l].W, dW[l], &mW[l], &vW[l], report)
        let cb = Optimizer.update(settings, &layers[l].b, db[l], &mb[l], &vb[l], report)
        result?.maxChangeW.append(cW)
        result?.maxChangeb.append(cb)
      }
    }
    return result
  }

  /// Updates one parameter in place; returns the largest |Δθ| when asked.
  @inline(__always)
  static func update(
    _ settings: Settings, _ theta: inout Matrix, _ g: Matrix, _ m: inout Matrix, _ v: inout Matrix, _ measure: Bool
  ) -> Double {
    theta.storage.withUnsafeMutableBufferPointer { p in
      g.storage.withUnsafeBufferPointer { pg in
        m.storage.withUnsafeMutableBufferPointer { pm in
          v.storage.withUnsafeMutableBufferPointer { pv in
            guard let tp = p.baseAddress, let gp = pg.baseAddress, let mp = pm.baseAddress, let vp = pv.baseAddress
            else { return 0 }
            return update(settings, tp, gp, mp, vp, count: p.count, measure)
          }
        }
      }
    }
  }
}
