/// Gradient clipping by the global norm, as `torch.nn.utils.clip_grad_norm_`:
///
///     ‖g‖ = √(Σ_θ ‖∂J/∂θ‖²)            over every W and b (the norm of the per-tensor norms)
///     c   = min(1, max / (‖g‖ + 10⁻⁶))
///     ∂J/∂θ := c · ∂J/∂θ               (every gradient, even when c = 1, as torch does)
///
/// The direction of the step is kept; only its length is limited. Acts in place on the
/// gradient buffers, after the penalties are added and before the optimizer's own
/// weight decay (the order of `loss.backward(); clip_grad_norm_(…); opt.step()`).
///
///     let norm = net.clipGradients(maxNorm: 5)   // the norm before clipping
public enum GradientClipping {
  /// Clips the gradients of `count` tensors, `tensor(i)` giving the i-th's buffer and
  /// size; returns the global norm before clipping.
  @inlinable
  static func clip<T: Scalar>(
    tensors count: Int, maxNorm: Double, _ tensor: (Int) -> (UnsafeMutablePointer<T>, Int)
  ) -> Double {
    var squares: T = 0
    for i in 0..<count {
      let (g, n) = tensor(i)
      var s: T = 0
      for k in 0..<n { s += g[k] * g[k] }
      let norm = s.squareRoot()
      squares += norm * norm
    }
    let total = squares.squareRoot()
    let scale = Swift.min(1, T(maxNorm) / (total + T(1e-6)))
    for i in 0..<count {
      let (g, n) = tensor(i)
      for k in 0..<n { g[k] *= scale }
    }
    return Double(total)
  }

  /// Clips the dW and db of a pass's layers (the trainer's buffers).
  static func clip<T: Scalar>(_ layers: UnsafeMutableBufferPointer<PassLayer<T>>, maxNorm: Double) -> Double {
    clip(tensors: 2 * layers.count, maxNorm: maxNorm) { i in
      let layer = layers[i / 2]
      return i % 2 == 0 ? (layer.dW, layer.inputs * layer.outputs) : (layer.db, layer.outputs)
    }
  }
}

extension Network {
  /// Clips the gradients of the last backward pass to a global norm of `maxNorm`;
  /// returns the norm they had.
  @discardableResult
  public mutating func clipGradients(maxNorm: Double) -> Double {
    withGradients { dW, db in
      for l in dW.indices {
        dW[l].storage.makeUnique()
        db[l].storage.makeUnique()
      }
      return GradientClipping.clip(tensors: 2 * dW.count, maxNorm: maxNorm) { i in
        i % 2 == 0 ? (dW[i / 2].firstElement, dW[i / 2].count) : (db[i / 2].firstElement, db[i / 2].count)
      }
    }
  }
}
