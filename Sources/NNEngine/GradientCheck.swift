/// Testing gradients numerically, as in the notes' last section.
///
/// **Entry by entry** (central differences): for every parameter θᵢ,
///
///     numeric_i = (J(θ + h eᵢ) − J(θ − h eᵢ)) / 2h          h = 1e-6
///     relative error of W[l] = ‖analytic − numeric‖ / (‖analytic‖ + ‖numeric‖)
///
/// **Directional** (the total differential): for a random direction d,
///
///     (J(θ + εd) − J(θ − εd)) / 2ε  ≈  ∇J · d = Σᵢ ∂J/∂θᵢ dθᵢ
///
/// Both run on the network's last forward batch (x, y) and leave the network unchanged.
public enum GradientCheck {
  /// One parameter entry's comparison. `layer` is 1-based, `row`/`col` 1-based.
  public struct Entry: Sendable {
    public var name: String
    public var layer: Int
    public var row: Int
    public var col: Int
    public var analytic: Double
    public var numeric: Double
    /// The first unit of a relu-family layer that θ ± h moved across its kink at 0 (its
    /// `z` on another side than at θ), if any: there the one-sided slopes differ, and
    /// the central difference averages them, so `numeric` says nothing about `analytic`.
    public var kink: Kink?
    public var absoluteError: Double { Swift.abs(analytic - numeric) }
    /// `|a − n| / max(|a| + |n|, 1e-8)`: relative where the gradient is meaningful, and
    /// absolute (scaled) where both are essentially zero, e.g. a dead relu unit.
    public var relativeError: Double {
      absoluteError / Swift.max(Swift.abs(analytic) + Swift.abs(numeric), 1e-8)
    }
  }

  /// A unit `z[layer]ᵢ` of sample `sample` (all 1-based) that a perturbation moved
  /// across its activation's kink.
  public struct Kink: Sendable, Equatable {
    public var layer: Int
    public var row: Int
    public var sample: Int
  }

  /// The comparison for one parameter matrix (`W2`, `b1`, …).
  public struct ParameterReport: Sendable {
    public var name: String
    public var entries: [Entry]
    /// The entries whose perturbation crossed a kink (see `Entry.kink`).
    public var kinkEntries: [Entry] { entries.filter { $0.kink != nil } }
    /// The relative error over the entries that crossed no kink.
    public var relativeErrorAwayFromKinks: Double {
      ParameterReport(name: name, entries: entries.filter { $0.kink == nil }).relativeError
    }
    /// The largest absolute error over the entries that crossed no kink.
    public var worstAwayFromKinks: Entry? {
      entries.filter { $0.kink == nil }.max { $0.absoluteError < $1.absoluteError }
    }
    /// The entry with the largest absolute error.
    public var worst: Entry? { entries.max { $0.absoluteError < $1.absoluteError } }
    /// `‖a − n‖ / (‖a‖ + ‖n‖)` over the whole parameter (Euclidean norms), the measure of
    /// the usual gradient-check recipe. Entry-wise relative errors of near-zero entries
    /// measure only the rounding of J(θ ± h), so the whole vector is compared.
    public var relativeError: Double {
      var diff = 0.0, a = 0.0, n = 0.0
      for e in entries {
        diff += e.absoluteError * e.absoluteError
        a += e.analytic * e.analytic
        n += e.numeric * e.numeric
      }
      let denominator = _sqrt(a) + _sqrt(n)
      return denominator < 1e-12 ? _sqrt(diff) : _sqrt(diff) / denominator
    }
    /// True when a gradient (analytic or numeric) is NaN or infinite.
    public var hasNonFinite: Bool { entries.contains { !$0.analytic.isFinite || !$0.numeric.isFinite } }
  }

  public struct Report: Sendable {
    public var parameters: [ParameterReport]
    /// The largest per-parameter relative error.
    public var maxRelativeError: Double { parameters.map(\.relativeError).max() ?? 0 }
    public var worst: Entry? {
      parameters.compactMap(\.worst).max { $0.absoluteError < $1.absoluteError }
    }
    public var hasNonFinite: Bool { parameters.contains { $0.hasNonFinite } }
  }

  /// Thrown by `entries` when `shouldStop` said so (Ctrl-C): a check of every entry of a
  /// large network takes a while.
  public struct Stopped: Error, Sendable {
    public var entriesChecked: Int
  }

  /// Compares analytic and numeric gradients for every entry of every W and b, at the
  /// network's last forward batch. Runs its own forward/backward; `net` is unchanged.
  /// `shouldStop` is polled between entries.
  ///
  /// For relu-like activations a perturbation that moves some unit's z across the kink
  /// at 0 gives a meaningless numeric derivative; `markKinks` finds those entries.
  public static func entries(
    _ net: Network, x: Matrix, y: Matrix, h: Double = 1e-6, shouldStop: () -> Bool = { false }
  ) throws -> Report {
    var work = net
    try work.forwardAgain(x, y)
    try work.backward()
    var reports: [ParameterReport] = []
    var checked = 0
    for l in work.layers.indices {
      for isWeight in [true, false] {
        let analytic = isWeight ? work.dW[l] : work.db[l]
        var entries: [Entry] = []
        let shape = analytic.shape
        for j in 0..<shape.cols {
          for i in 0..<shape.rows {
            if shouldStop() { throw Stopped(entriesChecked: checked) }
            checked += 1
            let numeric = try centralDifference(net, x, y, layer: l, isWeight: isWeight, i: i, j: j, h: h)
            entries.append(
              Entry(
                name: (isWeight ? "W" : "b") + "\(l + 1)", layer: l + 1, row: i + 1, col: j + 1,
                analytic: analytic[i, j], numeric: numeric))
          }
        }
        reports.append(ParameterReport(name: (isWeight ? "W" : "b") + "\(l + 1)", entries: entries))
      }
    }
    return Report(parameters: reports)
  }

  static func centralDifference(
    _ net: Network, _ x: Matrix, _ y: Matrix, layer l: Int, isWeight: Bool, i: Int, j: Int, h: Double
  ) throws -> Double {
    let (plus, minus) = perturbed(net, layer: l, isWeight: isWeight, i: i, j: j, h: h)
    let jp = try plus.lossValueAgain(x, y)
    let jm = try minus.lossValueAgain(x, y)
    return (jp - jm) / (2 * h)
  }

  /// The network with one parameter entry moved by +h and by −h.
  static func perturbed(
    _ net: Network, layer l: Int, isWeight: Bool, i: Int, j: Int, h: Double
  ) -> (plus: Network, minus: Network) {
    var plus = net
    var minus = net
    plus.withLayers { layers in
      if isWeight { layers[l].W[i, j] += h } else { layers[l].b[i, j] += h }
    }
    minus.withLayers { layers in
      if isWeight { layers[l].W[i, j] -= h } else { layers[l].b[i, j] -= h }
    }
    return (plus, minus)
  }

  /// Fills in `Entry.kink` for every entry of `parameter` (from `entries`, at the same
  /// network and batch): the forward passes at θ ± h are compared unit by unit with the
  /// one at θ. It costs two more passes per entry, so the shell asks only for the
  /// parameters that failed.
  ///
  /// Perturbing W[l]ᵢⱼ by h moves z[l]ᵢ of sample k by h·|aⱼₖ| (b[l]ᵢ moves it by h),
  /// and every later z through the layers above; a bound such as |z| ≤ h misses most of
  /// the units that cross, so the crossing itself is what is looked for.
  public static func markKinks(
    _ parameter: inout ParameterReport, _ net: Network, x: Matrix, y: Matrix, h: Double = 1e-6,
    shouldStop: () -> Bool = { false }
  ) throws {
    var base = net
    try base.forwardAgain(x, y)
    for k in parameter.entries.indices {
      if shouldStop() { throw Stopped(entriesChecked: k) }
      let e = parameter.entries[k]
      let l = e.layer - 1
      var (plus, minus) = perturbed(
        net, layer: l, isWeight: e.name.hasPrefix("W"), i: e.row - 1, j: e.col - 1, h: h)
      try plus.forwardAgain(x, y)
      try minus.forwardAgain(x, y)
      // Only layer l and those above it can move.
      parameter.entries[k].kink = crossedKink(base, plus, from: l) ?? crossedKink(base, minus, from: l)
    }
  }

  /// The first unit of a relu-family layer (from 0-based layer `first` up) whose z lies
  /// on another side of 0 in `moved` than in `base` (z > 0 against z ≤ 0).
  static func crossedKink(_ base: Network, _ moved: Network, from first: Int) -> Kink? {
    for m in first..<base.layers.count {
      switch base.layers[m].activation {
      case .relu, .leakyReLU: break
      default: continue
      }
      let z0 = base.z[m], z1 = moved.z[m]
      let crossed: Int? = z0.storage.withUnsafeBufferPointer { p0 in
        z1.storage.withUnsafeBufferPointer { p1 in
          (0..<Swift.min(p0.count, p1.count)).first { (p0[$0] > 0) != (p1[$0] > 0) }
        }
      }
      if let k = crossed { return Kink(layer: m + 1, row: k % z0.rows + 1, sample: k / z0.rows + 1) }
    }
    return nil
  }

  /// The directional check: returns (numeric, analytic) for a random unit direction d.
  public static func directional(
    _ net: Network, x: Matrix, y: Matrix, epsilon: Double = 1e-6, generator: inout RandomGenerator
  ) throws -> (numeric: Double, analytic: Double) {
    var work = net
    try work.forwardAgain(x, y)
    try work.backward()
    var d: [(Matrix, Matrix)] = []
    var norm2 = 0.0
    for layer in net.layers {
      var dW = Matrix(zerosUnchecked: layer.W.rows, layer.W.cols)
      var db = Matrix(zerosUnchecked: layer.b.rows, 1)
      generator.fillNormal(&dW)
      generator.fillNormal(&db)
      for k in 0..<dW.count { norm2 += dW.storage[k] * dW.storage[k] }
      for k in 0..<db.count { norm2 += db.storage[k] * db.storage[k] }
      d.append((dW, db))
    }
    let scale = 1 / _sqrt(norm2)
    var analytic = 0.0
    var plus = net, minus = net
    for l in net.layers.indices {
      for k in 0..<d[l].0.count {
        let dk = d[l].0.storage[k] * scale
        analytic += work.dW[l].storage[k] * dk
        plus.withLayers { $0[l].W.storage[k] += epsilon * dk }
        minus.withLayers { $0[l].W.storage[k] -= epsilon * dk }
      }
      for k in 0..<d[l].1.count {
        let dk = d[l].1.storage[k] * scale
        analytic += work.db[l].storage[k] * dk
        plus.withLayers { $0[l].b.storage[k] += epsilon * dk }
        minus.withLayers { $0[l].b.storage[k] -= epsilon * dk }
      }
    }
    let numeric = (try plus.lossValueAgain(x, y) - minus.lossValueAgain(x, y)) / (2 * epsilon)
    return (numeric, analytic)
  }
}
