/// L2 and L1 penalties on the weights, added to the loss:
///
///     J := J + λ₂/2 · Σ_l ‖W[l]‖²  +  λ₁ · Σ_l Σ |w|
///     ∂J/∂W[l] := δz[l] a[l-1]ᵀ + λ₂ W[l] + λ₁ sign(W[l])      (sign(0) = 0, as torch's abs)
///
/// Only the weights: biases are not penalised (the usual choice — a bias does not make a
/// unit more sensitive to its inputs). The ½ makes the gradient λ₂W, so `l2=λ` with sgd
/// is the same update as torch.optim.SGD's `weight_decay=λ` on the weights alone.
/// The penalty does not depend on the batch: it is added once to each batch's mean loss.
///
///     var net = …; net.regularization = Regularization(l2: 0.01, l1: 0)
///     try net.forward(x, y)      // J includes 0.005 · Σ‖W‖²
public struct Regularization: Equatable, Sendable {
  public var l2: Double
  public var l1: Double

  public init(l2: Double = 0, l1: Double = 0) {
    self.l2 = l2
    self.l1 = l1
  }

  public var isActive: Bool { l2 != 0 || l1 != 0 }

  /// `λ₂/2 Σ w² + λ₁ Σ |w|` of one weight matrix of `count` entries.
  @inlinable
  func penalty<T: Scalar>(_ W: UnsafePointer<T>, count: Int) -> Double {
    var squares: T = 0, absolutes: T = 0
    for k in 0..<count {
      squares += W[k] * W[k]
      absolutes += Swift.abs(W[k])
    }
    return 0.5 * l2 * Double(squares) + l1 * Double(absolutes)
  }

  /// The penalty of every layer's W, summed in layer order.
  func penalty<T: Scalar>(_ layers: UnsafeMutableBufferPointer<PassLayer<T>>) -> Double {
    var total = 0.0
    for layer in layers { total += penalty(layer.W, count: layer.inputs * layer.outputs) }
    return total
  }

  /// `dW += λ₂ W + λ₁ sign(W)` for one weight matrix.
  @inlinable
  func addGradient<T: Scalar>(_ W: UnsafePointer<T>, to dW: UnsafeMutablePointer<T>, count: Int) {
    let l2 = T(l2), l1 = T(l1)
    for k in 0..<count {
      let w = W[k]
      dW[k] += l2 * w + l1 * (w > 0 ? 1 : w < 0 ? -1 : 0)
    }
  }

  /// `W −= α (λ₂ W + λ₁ sign(W))`: the penalty's part of a fused SGD step
  /// (`Pass.backwardAndStep`, after the layer below has read the old W).
  @inlinable
  func step<T: Scalar>(_ W: UnsafeMutablePointer<T>, count: Int, learningRate rate: Double) {
    let l2 = T(l2), l1 = T(l1), alpha = T(rate)
    for k in 0..<count {
      let w = W[k]
      W[k] -= alpha * (l2 * w + l1 * (w > 0 ? 1 : w < 0 ? -1 : 0))
    }
  }

  /// The same over matrices (the autodiff graph's penalty node).
  public func penalty(_ weights: [Matrix]) -> Double {
    var total = 0.0
    for W in weights {
      total += W.storage.withUnsafeBufferPointer { $0.baseAddress.map { penalty($0, count: W.count) } ?? 0 }
    }
    return total
  }
}

extension Variable {
  /// The penalty of `weights` as one graph node, so `grad J wrt W1` includes λ₂W + λ₁ sign(W).
  public static func penalty(_ r: Regularization, of weights: [Variable]) -> Variable {
    let values = weights.map(\.value)
    return Variable(Matrix(scalar: r.penalty(values)), "penalty", weights) { g in
      values.map { W in
        W.map { w in g.scalar * (r.l2 * w + r.l1 * (w > 0 ? 1 : w < 0 ? -1 : 0)) }
      }
    }
  }
}
