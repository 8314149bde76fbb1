import Testing
@testable import NNEngine

@Suite struct GradientCheckTests {
  static let hidden: [Activation] = [.linear, .relu, .leakyReLU(alpha: 0.1), .sigmoid, .tanh, .softmax]

  /// The output activations that make sense for each loss (bce/ce fused or on logits).
  static func outputs(for loss: Loss) -> [Activation] {
    switch loss {
    case .mse: return hidden
    case .bce: return [.sigmoid, .linear]
    case .ce: return [.softmax, .linear]
    }
  }

  static func hasKink(_ a: Activation) -> Bool {
    if case .leakyReLU = a { return true }
    return a == .relu
  }

  @Test(arguments: Loss.allCases)
  func everyActivationLossAndDepthPasses(loss: Loss) throws {
    for hiddenActivation in Self.hidden {
      for output in Self.outputs(for: loss) {
        for depth in 1...4 {
          let sizes = Array([3, 4, 5, 4].prefix(depth)) + [loss == .mse ? 2 : 3]
          let kinked = Self.hasKink(hiddenActivation) && depth > 1 || Self.hasKink(output)
          // Resample a network/data pair that puts some z within h of a kink.
          var attempt: UInt64 = 0
          var report: GradientCheck.Report
          var J = 0.0
          repeat {
            var net = try TestNetworks.make(sizes, hidden: hiddenActivation, output: output, loss: loss, seed: 10 + attempt)
            let (x, y) = try TestNetworks.batch(d: 3, k: sizes.last!, B: 5, loss: loss, seed: 20 + attempt)
            J = try net.forward(x, y) ?? 0
            let nearKink = kinked && net.z.contains { z in z.storage.contains { abs($0) < 1e-4 } }
            attempt += 1
            if nearKink && attempt < 20 { report = GradientCheck.Report(parameters: []); continue }
            report = try GradientCheck.entries(net, x: x, y: y)
            break
          } while true
          let tolerance = kinked ? 1e-5 : 1e-7
          // Central differences with h = 1e-6 carry a rounding error of about
          // 1e-16 · J / h ≈ 1e-10 · J: a parameter whose gradient is itself small (deep
          // sigmoid or softmax stacks: vanishing gradients) cannot show a relative error
          // below that floor, so for those the absolute error is held to it instead (five
          // times it, and J taken as at least 1).
          let floor = 5e-10 * max(1, J)
          for parameter in report.parameters {
            let worstAbsolute = parameter.worst?.absoluteError ?? 0
            #expect(
              parameter.relativeError <= tolerance || worstAbsolute <= floor,
              "\(loss) hidden=\(hiddenActivation) output=\(output) depth=\(depth) \(parameter.name): J \(J), relative \(parameter.relativeError), worst \(String(describing: parameter.worst))"
            )
          }
          #expect(!report.hasNonFinite)
        }
      }
    }
  }

  @Test func directionalCheckMatchesTotalDifferential() throws {
    let net = try TestNetworks.make([2, 3, 4, 1], hidden: .tanh, output: .linear, loss: .mse)
    let (x, y) = try TestNetworks.batch(d: 2, k: 1, B: 4, loss: .mse)
    var g = RandomGenerator(seed: 5)
    let (numeric, analytic) = try GradientCheck.directional(net, x: x, y: y, generator: &g)
    #expect(abs(numeric - analytic) <= 1e-7 * max(1, abs(analytic)))
  }

  @Test func autodiffGraphAgreesWithBackward() throws {
    for (loss, output) in [(Loss.mse, Activation.linear), (.bce, .sigmoid), (.ce, .softmax), (.ce, .linear)] {
      var net = try TestNetworks.make([3, 4, 3], hidden: .tanh, output: output, loss: loss)
      let (x, y) = try TestNetworks.batch(d: 3, k: 3, B: 4, loss: loss)
      try net.forward(x, y)
      try net.backward()
      let graph = try net.graph(x: x, y: y)
      let J = try #require(graph["J"])
      #expect(abs(J.value.scalar - net.J!) < 1e-12)
      let names = ["W1", "b1", "W2", "b2", "z1", "a1", "z2", "h"]
      let grads = try Variable.gradients(of: J, wrt: names.map { graph[$0]! })
      let expected = [net.dW[0], net.db[0], net.dW[1], net.db[1], net.dz[0], net.da[0], net.dz[1], net.da[1]]
      for (name, (a, b)) in zip(names, zip(grads, expected)) {
        let diff = try (a - b).storage.map(abs).max() ?? 0
        #expect(diff < 1e-9, "\(loss)/\(output) \(name): \(diff)")
      }
    }
  }
}
