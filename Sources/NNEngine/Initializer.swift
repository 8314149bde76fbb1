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

  /// Fills one layer's parameters, drawing W column by column (column-major order), then b
  /// (`RandomGenerator+Bulk.swift`).
  public func initialize(_ layer: inout Dense, using g: inout RandomGenerator) {
    let fanIn = Double(layer.inputSize), fanOut = Double(layer.outputSize)
    switch self {
    case .he:
      g.fillNormal(&layer.W, scale: _sqrt(2 / fanIn))
      zero(&layer.b)
    case .xavier:
      let r = _sqrt(6 / (fanIn + fanOut))
      g.fillUniform(&layer.W, from: -r, to: r)
      zero(&layer.b)
    case .normal(let std):
      g.fillNormal(&layer.W, scale: std)
      g.fillNormal(&layer.b, scale: std)
    case .uniform(let a):
      g.fillUniform(&layer.W, from: -a, to: a)
      g.fillUniform(&layer.b, from: -a, to: a)
    case .zeros:
      zero(&layer.W)
      zero(&layer.b)
    }
  }

  /// Initialises every layer of a network, first to last.
  public func initialize(_ network: inout Network, using g: inout RandomGenerator) {
    network.withLayers { layers in
      for l in layers.indices { initialize(&layers[l], using: &g) }
    }
    network.forgetPass()
  }

  private func zero(_ m: inout Matrix) {
    m.storage.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
  }
}
