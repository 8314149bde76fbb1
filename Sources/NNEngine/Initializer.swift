/// How `W` and `b` start. Weights are drawn from the project's seeded generator; biases
/// start at zero (except for `uniform` and `normal`, which draw both, as a learner setting
/// every parameter at random expects).
///
///     he:      W ~ N(0, 2 / n[l-1])                  (for relu layers)
///     xavier:  W ~ U(−√(6/(n[l-1]+n[l])), +√(…))     (Glorot; for tanh/sigmoid)
///     normal:  W, b ~ N(0, std²)
///     uniform: W, b ~ U(−a, a)
///     zeros:   W = 0, b = 0   (every hidden unit then learns the same thing: try it)
public enum Initializer: Equatable, Sendable, CustomStringConvertible {
  case he
  case xavier
  case normal(std: Double)
  case uniform(a: Double)
  case zeros

  public static let names = ["he", "xavier", "normal", "uniform", "zeros"]

  public var description: String {
    switch self {
    case .he: return "he"
    case .xavier: return "xavier"
    case .normal(let s): return "normal(std=\(s))"
    case .uniform(let a): return "uniform(a=\(a))"
    case .zeros: return "zeros"
    }
  }

  /// Fills one layer's parameters, drawing W column by column (column-major order).
  public func initialize(_ layer: inout Dense, using g: inout RandomGenerator) {
    let fanIn = Double(layer.inputSize), fanOut = Double(layer.outputSize)
    switch self {
    case .he:
      let s = _sqrt(2 / fanIn)
      fill(&layer.W) { s * g.normal() }
      fill(&layer.b) { 0 }
    case .xavier:
      let r = _sqrt(6 / (fanIn + fanOut))
      fill(&layer.W) { g.uniform(-r, r) }
      fill(&layer.b) { 0 }
    case .normal(let std):
      fill(&layer.W) { std * g.normal() }
      fill(&layer.b) { std * g.normal() }
    case .uniform(let a):
      fill(&layer.W) { g.uniform(-a, a) }
      fill(&layer.b) { g.uniform(-a, a) }
    case .zeros:
      fill(&layer.W) { 0 }
      fill(&layer.b) { 0 }
    }
  }

  /// Initialises every layer of a network, first to last.
  public func initialize(_ network: inout Network, using g: inout RandomGenerator) {
    network.withLayers { layers in
      for l in layers.indices { initialize(&layers[l], using: &g) }
    }
    network.forgetPass()
  }

  private func fill(_ m: inout Matrix, _ next: () -> Double) {
    for k in 0..<m.count { m.storage[k] = next() }
  }
}
