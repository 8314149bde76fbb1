import Foundation

/// The learning rate of each epoch of a run, from the run's base rate α₀, in
/// `torch.optim.lr_scheduler`'s own recursive forms (so the rates are PyTorch's to the
/// last bit), epochs e = 0, 1, … of the run:
///
///     constant:     α_e = α₀
///     step:         α_e = α_{e−1} · γ  when e is a multiple of `every`, else α_{e−1}   (StepLR)
///     exponential:  α_e = α_{e−1} · γ                                                  (ExponentialLR)
///     cosine:       α_e = min + (α_{e−1} − min) · (1 + cos(πe/T)) / (1 + cos(π(e−1)/T))
///                   ≈ min + (α₀ − min)(1 + cos(πe/T))/2, T = the run's epochs        (CosineAnnealingLR)
///
/// A warm-up of N epochs comes first, α_e = α₀ (e + 1)/N for e < N, and the schedule then
/// starts at α₀ with its own epoch 0 (cosine's T is the epochs after the warm-up), as
/// `SequentialLR([LinearLR, …], milestones=[N])` would chain them.
///
///     Schedule(.step(every: 10, gamma: 0.5)).rates(base: 0.1, epochs: 30)   // 0.1 ×10, 0.05 ×10, 0.025 ×10
public struct Schedule: Equatable, Sendable {
  public enum Shape: Equatable, Sendable {
    case constant
    case step(every: Int, gamma: Double)
    case exponential(gamma: Double)
    case cosine(min: Double)
  }

  public var shape: Shape
  /// Epochs of linear warm-up before `shape` (0: none).
  public var warmup: Int

  public init(_ shape: Shape = .constant, warmup: Int = 0) {
    self.shape = shape
    self.warmup = warmup
  }

  public var isConstant: Bool { shape == .constant && warmup == 0 }

  /// The rate of each of `epochs` epochs (computed once per run, before it starts).
  public func rates(base: Double, epochs: Int) -> [Double] {
    var rates: [Double] = []
    rates.reserveCapacity(epochs)
    let warm = Swift.min(warmup, epochs)
    for e in 0..<warm { rates.append(base * Double(e + 1) / Double(warmup)) }
    let T = Swift.max(1, epochs - warm)
    var rate = base
    for e in 0..<(epochs - warm) {
      if e > 0 { rate = next(rate, epoch: e, base: base, T: T) }
      rates.append(rate)
    }
    return rates
  }

  /// α_e from α_{e−1} (e ≥ 1), as the torch scheduler's `get_lr` computes it.
  func next(_ rate: Double, epoch e: Int, base: Double, T: Int) -> Double {
    switch shape {
    case .constant: return rate
    case .step(let every, let gamma): return e % every == 0 ? rate * gamma : rate
    case .exponential(let gamma): return rate * gamma
    case .cosine(let minimum):
      // Python's (e − 1 − T) % 2T, which is never negative.
      let period = 2 * T
      if ((e - 1 - T) % period + period) % period == 0 {
        return rate + (base - minimum) * (1 - cos(Double.pi / Double(T))) / 2
      }
      return (1 + cos(Double.pi * Double(e) / Double(T))) / (1 + cos(Double.pi * Double(e - 1) / Double(T)))
        * (rate - minimum) + minimum
    }
  }
}
