/// Mini-batch gradient descent over a training set whose columns are samples:
///
///     for each epoch:
///       shuffle the sample order (seeded)
///       for each batch Xb, Yb of `batchSize` columns (the last may be shorter):
///         forward, J; backward; θ := update(θ, ∇θJ)
///
/// `batchSize = 1` is SGD as in the notes. The batch matrices and every buffer of the
/// network are allocated once, before the first batch: the steady state does not
/// allocate. The loss of each epoch (the mean of its batch losses) is kept in `history`.
public struct Trainer {
  public var epochs: Int
  public var batchSize: Int
  public var learningRate: Double

  /// Mean training loss per epoch, across every `train` call on this network.
  public private(set) var history: [Double] = []

  public init(epochs: Int, batchSize: Int, learningRate: Double) {
    self.epochs = epochs
    self.batchSize = batchSize
    self.learningRate = learningRate
  }

  /// Why training ended.
  public enum Outcome: Equatable, Sendable {
    case finished
    /// Stopped between batches by `shouldStop` (Ctrl-C): epoch and batch are 1-based.
    case interrupted(epoch: Int, batch: Int)
    /// A non-finite loss. The parameters are left as they were before that batch when
    /// those are finite, otherwise restored to the start of the epoch (`restoredToEpochStart`).
    case diverged(epoch: Int, batch: Int, restoredToEpochStart: Bool)
  }

  /// What the progress callback sees after each batch (with the network as it is then).
  public struct Progress: Sendable {
    public var epoch: Int
    public var batch: Int
    public var batchesPerEpoch: Int
    /// Mean loss of the epoch so far.
    public var loss: Double
    public var samplesSeen: Int
    public var epochFinished: Bool
  }

  /// Trains `net` on `X` (`d × N`), `Y` (`k × N`). Throws before touching anything when
  /// shapes or settings are wrong.
  public mutating func train(
    _ net: inout Network, optimizer: inout Optimizer, X: Matrix, Y: Matrix,
    generator: inout RandomGenerator,
    shouldStop: () -> Bool = { false },
    progress: ((Progress, Network) -> Void)? = nil
  ) throws -> Outcome {
    guard epochs >= 1 else { throw EngineError.invalidArgument("epochs must be at least 1 (got \(epochs))") }
    guard batchSize >= 1 else { throw EngineError.invalidArgument("batch must be at least 1 (got \(batchSize))") }
    guard learningRate.isFinite, learningRate > 0 else {
      throw EngineError.invalidArgument("lr must be a positive number (got \(learningRate))")
    }
    try net.validate(x: X, y: Y)
    let n = X.cols
    let b = Swift.min(batchSize, n)
    let d = X.rows, k = Y.rows
    var order = Array(0..<n)
    var Xb = Matrix(zerosUnchecked: d, b)
    var Yb = Matrix(zerosUnchecked: k, b)
    let batches = (n + b - 1) / b
    var samples = 0
    // A copy of the parameters at the start of each epoch, for restoring after a step
    // that made them non-finite. Copied into the same storage each epoch: no allocation
    // per batch, and checking finiteness per batch would cost a pass over every gradient.
    var epochStart = net.layers
    for epoch in 1...epochs {
      if epoch > 1 {
        for l in epochStart.indices {
          epochStart[l].W.storage.withUnsafeMutableBufferPointer { dst in
            net.layers[l].W.storage.withUnsafeBufferPointer { src in
              _ = dst.update(fromContentsOf: src)
            }
          }
          epochStart[l].b.storage.withUnsafeMutableBufferPointer { dst in
            net.layers[l].b.storage.withUnsafeBufferPointer { src in
              _ = dst.update(fromContentsOf: src)
            }
          }
        }
      }
      generator.shuffle(&order)
      var epochLoss = 0.0
      for batch in 0..<batches {
        if shouldStop() {
          return .interrupted(epoch: epoch, batch: batch + 1)
        }
        let start = batch * b
        let count = Swift.min(b, n - start)
        Xb.resize(rows: d, cols: count)
        Yb.resize(rows: k, cols: count)
        Trainer.gather(X, order, start, count, into: &Xb)
        Trainer.gather(Y, order, start, count, into: &Yb)
        net.forwardUnchecked(Xb, Yb)
        let J = net.J ?? .nan
        guard J.isFinite else {
          let finite = net.layers.allSatisfy { $0.W.isFinite && $0.b.isFinite }
          if !finite { net.withLayers { $0 = epochStart } }
          net.forgetPass()
          return .diverged(epoch: epoch, batch: batch + 1, restoredToEpochStart: !finite)
        }
        net.backwardUnchecked(Xb, Yb)
        optimizer.step(&net, learningRate: learningRate)
        epochLoss += J * Double(count)
        samples += count
        progress?(
          Progress(
            epoch: epoch, batch: batch + 1, batchesPerEpoch: batches,
            loss: epochLoss / Double(start + count), samplesSeen: samples,
            epochFinished: batch == batches - 1), net)
      }
      history.append(epochLoss / Double(n))
    }
    return .finished
  }

  /// Copies the columns `order[start..<start+count]` of `M` into `out`.
  @inline(__always)
  static func gather(_ M: Matrix, _ order: [Int], _ start: Int, _ count: Int, into out: inout Matrix) {
    let rows = M.rows
    M.storage.withUnsafeBufferPointer { src in
      out.storage.withUnsafeMutableBufferPointer { dst in
        for c in 0..<count {
          let from = order[start + c] * rows
          let to = c * rows
          for i in 0..<rows { dst[to + i] = src[from + i] }
        }
      }
    }
  }
}
