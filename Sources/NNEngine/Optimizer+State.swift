/// What the optimizer remembers between steps, per parameter, for `show optimizer`:
///
///     momentum:      v (the velocity, v := β v + g)
///     adam, adamw:   m, v, and the bias-corrected m̂ = m / (1 − β₁ᵗ), v̂ = v / (1 − β₂ᵗ)
///
/// Before the first step (or after `reset`) the state is empty: t = 0.
///
///     let state = optimizer.state(layer: 1)   // W[1]'s and b[1]'s moments, or nil
extension Optimizer {
  /// One parameter's moments: `m` (momentum's v) and, for Adam, `v`, `mHat`, `vHat`.
  public struct ParameterState: Sendable {
    public var m: Matrix
    public var v: Matrix?
    public var mHat: Matrix?
    public var vHat: Matrix?
  }

  /// W[l]'s and b[l]'s state (l is 1-based), or nil when there is none (sgd, or no step yet).
  public func state(layer l: Int) -> (W: ParameterState, b: ParameterState)? {
    guard rule != .sgd, stepCount > 0, l >= 1, l <= mW.count else { return nil }
    return (parameterState(mW[l - 1], vW[l - 1]), parameterState(mb[l - 1], vb[l - 1]))
  }

  private func parameterState(_ m: Matrix, _ v: Matrix) -> ParameterState {
    switch rule {
    case .adam(let b1, let b2, _), .adamw(let b1, let b2, _):
      let t = Double(stepCount)
      return ParameterState(m: m, v: v, mHat: m.map { $0 / (1 - _pow(b1, t)) }, vHat: v.map { $0 / (1 - _pow(b2, t)) })
    default:
      return ParameterState(m: m)
    }
  }
}
