@testable import NNEngine

/// Builders shared by the engine tests.
enum TestNetworks {
  /// A network with the given sizes, the same activation on every hidden layer and
  /// `output` on the last, initialised from a normal with `std`.
  static func make(
    _ sizes: [Int], hidden: Activation, output: Activation, loss: Loss, std: Double = 0.5,
    seed: UInt64 = 1
  ) throws -> Network {
    var net = Network(loss: loss)
    for i in 1..<sizes.count {
      try net.append(Dense(inputs: sizes[i - 1], outputs: sizes[i], activation: i == sizes.count - 1 ? output : hidden))
    }
    var g = RandomGenerator(seed: seed)
    Initializer.normal(std: std).initialize(&net, using: &g)
    return net
  }

  /// Random inputs `d × B` and targets suited to the loss.
  static func batch(d: Int, k: Int, B: Int, loss: Loss, seed: UInt64 = 2) throws -> (Matrix, Matrix) {
    var g = RandomGenerator(seed: seed)
    var x = try Matrix(rows: d, cols: B)
    for i in 0..<x.count { x.storage[i] = g.normal() }
    var y = try Matrix(rows: k, cols: B)
    for j in 0..<B {
      switch loss {
      case .mse: for i in 0..<k { y[i, j] = g.normal() }
      case .bce: for i in 0..<k { y[i, j] = g.uniform() < 0.5 ? 0 : 1 }
      case .ce: y[g.index(below: k), j] = 1
      }
    }
    return (x, y)
  }
}
