/// The optimizer's whole state as plain matrices, to store it and put it back
/// (`save checkpoint`, `load checkpoint`): per layer l, the first moment m (momentum's
/// velocity v) and Adam's second moment v, of W[l] and of b[l], with the step count t.
/// Restored, the next step is the one the stored optimizer would have taken:
///
///     let saved = opt.moments                       // nil before the first step
///     var other = Optimizer(opt.rule, learningRate: opt.learningRate)
///     try other.restore(saved, for: net)            // other.step(&net) ≡ opt.step(&net)
extension Optimizer {
  /// m and v of every W[l] and b[l] (index l − 1), and t.
  public struct Moments: Equatable, Sendable {
    public var mW: [Matrix], mb: [Matrix], vW: [Matrix], vb: [Matrix]
    public var stepCount: Int

    public init(mW: [Matrix], mb: [Matrix], vW: [Matrix], vb: [Matrix], stepCount: Int) {
      (self.mW, self.mb, self.vW, self.vb, self.stepCount) = (mW, mb, vW, vb, stepCount)
    }
  }

  /// The state, or nil when there is none yet (no step since the last reset).
  public var moments: Moments? {
    guard stepCount > 0, !mW.isEmpty else { return nil }
    return Moments(mW: mW, mb: mb, vW: vW, vb: vb, stepCount: stepCount)
  }

  /// Puts `moments` back (nil: no state, as after `reset`). Every matrix must have its
  /// parameter's shape in `net` and t must be ≥ 1; otherwise nothing changes and the
  /// result is false.
  public mutating func restore(_ moments: Moments?, for net: Network) -> Bool {
    guard let moments else {
      reset()
      return true
    }
    guard moments.stepCount >= 1 else { return false }
    let W = net.layers.map(\.W.shape), b = net.layers.map(\.b.shape)
    guard moments.mW.map(\.shape) == W, moments.vW.map(\.shape) == W, moments.mb.map(\.shape) == b,
      moments.vb.map(\.shape) == b
    else { return false }
    (mW, mb, vW, vb, stepCount) = (moments.mW, moments.mb, moments.vW, moments.vb, moments.stepCount)
    return true
  }
}
