/// Early stopping on the validation loss, as Keras's `EarlyStopping(monitor="val_loss",
/// patience=P, min_delta=δ, restore_best_weights=True)`:
///
///     after each epoch e with validation loss L_e:
///       if L_e < best − δ:  best := L_e, best epoch := e, keep θ, wait := 0
///       else:               wait := wait + 1;  stop when wait ≥ P (and restore the kept θ)
///
/// The first epoch always improves on best = ∞; a NaN loss never improves. Only the
/// parameters (W, b) are kept and restored, not the optimizer's state (Keras does the
/// same). Keeping them copies the parameters once per improving epoch, never per batch.
///
///     var stop = try EarlyStopping(patience: 2)
///     stop.observe(epoch: 1, loss: 0.5, network: net)   // false: best so far
///     stop.observe(epoch: 2, loss: 0.6, network: net)   // false: wait 1
///     stop.observe(epoch: 3, loss: 0.7, network: net)   // true: wait 2 = patience
///     stop.restoreBest(into: &net)                      // the parameters after epoch 1
public struct EarlyStopping: Sendable {
  /// Epochs without improvement after which training stops (≥ 1).
  public let patience: Int
  /// How much lower than the best a loss must be to count as an improvement (≥ 0).
  public let minDelta: Double
  /// The lowest validation loss seen, and the 1-based epoch (of this run) that had it.
  public private(set) var bestLoss = Double.infinity
  public private(set) var bestEpoch = 0
  /// Epochs since the last improvement.
  public private(set) var wait = 0
  private var bestLayers: [Dense]? = nil

  public init(patience: Int, minDelta: Double = 0) throws {
    guard patience >= 1 else { throw EngineError.invalidTrainingSetting(.patience(patience)) }
    guard minDelta.isFinite, minDelta >= 0 else { throw EngineError.invalidTrainingSetting(.minDelta(minDelta)) }
    self.patience = patience
    self.minDelta = minDelta
  }

  /// Records the validation loss after `epoch`, keeping `network`'s parameters when it is
  /// the best so far. Returns true when training should stop.
  @discardableResult
  public mutating func observe(epoch: Int, loss: Double, network: Network) -> Bool {
    if loss < bestLoss - minDelta {
      bestLoss = loss
      bestEpoch = epoch
      wait = 0
      bestLayers = network.layers
      return false
    }
    wait += 1
    return wait >= patience
  }

  /// Puts the kept parameters back (nothing when no epoch was kept, or the network's
  /// shape changed since).
  public func restoreBest(into network: inout Network) {
    guard let best = bestLayers, best.count == network.layers.count else { return }
    for (l, layer) in best.enumerated() {
      try? network.setParameters(layer: l + 1, W: layer.W, b: layer.b)
    }
    network.forgetPass()
  }
}
