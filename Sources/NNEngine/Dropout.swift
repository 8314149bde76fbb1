/// Inverted dropout after a dense layer l (`layer dropout p`), as `torch.nn.Dropout(p)`:
/// while training, each unit of a[l] is kept with probability 1 − p and the kept ones are
/// scaled by 1/(1 − p), so the next layer's input has the same expectation with or without
/// dropout and evaluation needs no rescaling:
///
///     m[l] ~ Bernoulli(1 − p)   (one per unit and sample; drawn by `Pass.drawMasks`)
///     ã[l] = m[l] ⊙ a[l] / (1 − p)        z[l+1] = W[l+1] ã[l] + b[l+1] 1ᵀ
///     backward:  ∂J/∂a[l] = m[l] ⊙ (W[l+1]ᵀ δz[l+1]) / (1 − p)
///
/// The dropout takes no layer number: W, b, z, a keep the notes' numbering of the dense
/// layers, and the mask of the dropout after layer l is m[l]. Off (`keep` = 1), it is
/// the identity: `evaluate`, `predict` and a plain `forward` run the network as it is.
extension PassLayer {
  /// ã = m ⊙ a / keep over the first `batch` columns; returns ã.
  @inline(__always)
  func dropOut(batch: Int) -> UnsafeMutablePointer<T> {
    let scale = T(1 / keep)
    for k in 0..<outputs * batch { dropped[k] = a[k] * mask[k] * scale }
    return dropped
  }

  /// da := m ⊙ da / keep: the gradient that reached ã, brought back to a.
  @inline(__always)
  func dropBack(batch: Int) {
    let scale = T(1 / keep)
    for k in 0..<outputs * batch { da[k] *= mask[k] * scale }
  }
}
