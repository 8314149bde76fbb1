/// Mini-batch gradient descent over a training set whose columns are samples:
///
///     for each epoch:
///       shuffle the sample order (seeded; unless `shuffles` is false)
///       for each batch Xb, Yb of `batchSize` columns (the last may be shorter):
///         forward, J; backward; clip ∇θJ (when `clip` is set); θ := update(θ, ∇θJ)
///
/// The learning rate of each epoch comes from `schedule` (constant by default), and is
/// kept in `rates`. Penalties (`Network.regularization`) are in J and ∇θJ; weight decay
/// is the optimizer's (`Optimizer.weightDecay`).
///
/// `batchSize = 1` is SGD as in the notes. Each batch runs the network's own `Pass` on
/// its own buffers (taken for the run, grown once to the batch) and the workspace's
/// copies of the parameters: the steady state does not allocate. The loss of each epoch
/// (the mean of its batch losses) is kept in `history`.
public struct Trainer {
  public var epochs: Int
  public var batchSize: Int
  public var learningRate: Double
  /// False keeps the samples in their order (the generator is then not used): with
  /// `batchSize` = N, an epoch is exactly one forward, backward and step by hand.
  public var shuffles = true
  /// The rate of each epoch, from `learningRate` (see `Schedule`).
  public var schedule = Schedule()
  /// Clip the gradients to this global norm before each update (see `GradientClipping`).
  public var clip: Double? = nil
  /// Where in `schedule` this run starts: epoch e of the run gets the schedule's rate of
  /// epoch `scheduleStart + e`, as if the run continued one of `scheduleStart` epochs
  /// (a resumed checkpoint; cosine's T is then `scheduleStart + epochs`).
  public var scheduleStart = 0
  /// The sample order the first epoch shuffles: the identity unless this holds a
  /// permutation of all N samples (a resumed run's, from the end of the one it continues).
  /// After the run, the order its last epoch used, so that a run continued from here
  /// shuffles as one longer run would.
  public var sampleOrder: [Int] = []
  /// The element type of the run's arithmetic (see `Precision`); the network, the
  /// optimizer's state and the data stay Double either way.
  public var precision = Precision.f64

  /// Mean training loss of each epoch this trainer ran (the shell makes a new trainer for
  /// each `train` and appends this to the session's loss history).
  public private(set) var history: [Double] = []
  /// The learning rate of each epoch this trainer ran (as `history`).
  public private(set) var rates: [Double] = []

  public init(epochs: Int, batchSize: Int, learningRate: Double) {
    self.epochs = epochs
    self.batchSize = batchSize
    self.learningRate = learningRate
  }

  /// The element type a run computes in: float64 (the session's `Double`) or float32,
  /// where `cblas_sgemm` has twice the arithmetic rate of `cblas_dgemm` and every value
  /// takes half the memory traffic. Parameters and optimizer state are converted to Float
  /// when the run starts and back (exactly) when it ends or stops; so float32 changes the
  /// last digits of every result, not what is computed.
  public enum Precision: String, CaseIterable, Sendable {
    case f64, f32
  }

  /// Why training ended.
  public enum Outcome: Equatable, Sendable {
    case finished
    /// Stopped between batches by `shouldStop` (Ctrl-C): epoch and batch are 1-based.
    case interrupted(epoch: Int, batch: Int)
    /// A non-finite loss. The parameters are left as they were before that batch when
    /// those are finite, otherwise restored to the start of the epoch (`restoredToEpochStart`),
    /// with the optimizer's state (m, v, t) of that moment.
    case diverged(epoch: Int, batch: Int, restoredToEpochStart: Bool)
  }

  /// What the progress callback sees after each batch, with the network (whose parameters
  /// are brought up to date at the end of each epoch).
  public struct Progress: Sendable {
    public var epoch: Int
    public var batch: Int
    public var batchesPerEpoch: Int
    /// Mean loss of the epoch so far.
    public var loss: Double
    public var samplesSeen: Int
    public var epochFinished: Bool
    /// The epoch's learning rate.
    public var learningRate: Double
  }

  /// Trains `net` on `X` (`d × N`), `Y` (`k × N`). Throws before touching anything when
  /// shapes or settings are wrong.
  public mutating func train(
    _ net: inout Network, optimizer: inout Optimizer, X: Matrix, Y: Matrix,
    generator: inout RandomGenerator,
    shouldStop: () -> Bool = { false },
    progress: ((Progress, Network) -> Void)? = nil
  ) throws -> Outcome {
    try checkSettings()
    try net.validate(x: X, y: Y)
    switch precision {
    case .f64:
      return run(Double.self, &net, &optimizer, X, Y, &generator, shouldStop, progress)
    case .f32:
      return run(Float.self, &net, &optimizer, X, Y, &generator, shouldStop, progress)
    }
  }

  /// The run of `train` in element type `T` (checked already).
  private mutating func run<T: Scalar>(
    _: T.Type, _ net: inout Network, _ optimizer: inout Optimizer, _ X: Matrix, _ Y: Matrix,
    _ generator: inout RandomGenerator, _ shouldStop: () -> Bool, _ progress: ((Progress, Network) -> Void)?
  ) -> Outcome {
    let n = X.cols
    let b = Swift.min(batchSize, n)
    let batches = (n + b - 1) / b
    var order = sampleOrder.count == n ? sampleOrder : Array(0..<n)
    let work = TrainingWorkspace<T>(&net, optimizer, maxBatch: b)
    optimizer.prepare(for: net)
    let rule = optimizer.rule, decay = optimizer.weightDecay
    let epochRates = Array(schedule.rates(base: learningRate, epochs: scheduleStart + epochs).dropFirst(scheduleStart))
    // Dropout draws its masks from the generator, batch by batch (`Dropout.swift`).
    let dropping = net.hasDropout
    var t = Double(optimizer.stepCount)
    var samples = 0
    var lastCount = 0
    // Whatever happens, the network and the optimizer get the last completed update.
    defer {
      work.copyOut(to: &net, &optimizer)
      optimizer.stepCount = Int(t)
      sampleOrder = order
      if dropping, lastCount > 0 { net.keepMasks(work.masks(columns: lastCount, dropout: net.dropout)) }
    }
    return X.storage.withUnsafeBufferPointer { px in
      Y.storage.withUnsafeBufferPointer { py in
        guard let xp = px.baseAddress, let yp = py.baseAddress else { return .finished }
        for epoch in 1...epochs {
          let alpha = epochRates[epoch - 1]
          if shuffles { generator.shuffle(&order) }
          work.saveParameters()
          let epochStart = t
          var epochLoss = 0.0
          for batch in 0..<batches {
            if shouldStop() { return .interrupted(epoch: epoch, batch: batch + 1) }
            let start = batch * b
            let count = Swift.min(b, n - start)
            order.withUnsafeBufferPointer {
              if let op = $0.baseAddress { work.gather(xp, yp, op, start: start, count: count) }
            }
            if dropping {
              work.pass.drawMasks(batch: count, generator: &generator)
              lastCount = count
            }
            let J = work.pass.forward(batch: count) ?? .nan
            guard J.isFinite else {
              // The parameters that gave a non-finite loss are kept if they are finite
              // (an overflow in this batch); otherwise those of the epoch's start.
              let finite = work.parametersAreFinite
              if !finite {
                work.restoreSavedParameters()
                t = epochStart
              }
              return .diverged(epoch: epoch, batch: batch + 1, restoredToEpochStart: !finite)
            }
            t += 1
            descend(work, batch: count, Optimizer.Settings(rule: rule, alpha: alpha, decay: decay, t: t))
            epochLoss += J * Double(count)
            samples += count
            if let progress {
              let finished = batch == batches - 1
              if finished { work.copyOut(to: &net, &optimizer) }
              progress(
                Progress(
                  epoch: epoch, batch: batch + 1, batchesPerEpoch: batches,
                  loss: epochLoss / Double(start + count), samplesSeen: samples, epochFinished: finished,
                  learningRate: alpha), net)
            }
          }
          // An update in the epoch's last batch can overflow with a finite loss; the next
          // batch would see it, but after the last one there is none.
          guard work.parametersAreFinite else {
            work.restoreSavedParameters()
            t = epochStart
            return .diverged(epoch: epoch, batch: batches, restoredToEpochStart: true)
          }
          history.append(epochLoss / Double(n))
          rates.append(alpha)
        }
        return .finished
      }
    }
  }

  private func checkSettings() throws {
    guard epochs >= 1 else { throw EngineError.invalidTrainingSetting(.epochs(epochs)) }
    guard batchSize >= 1 else { throw EngineError.invalidTrainingSetting(.batchSize(batchSize)) }
    guard learningRate.isFinite, learningRate > 0 else {
      throw EngineError.invalidTrainingSetting(.learningRate(learningRate))
    }
  }

  /// Backward, clipping, and the optimizer's update of one batch. Plain SGD needs no
  /// stored gradient when nothing reads it (no clipping, no weight decay):
  /// W −= α δz aᵀ is then one gemm (beta = 1), fused into the backward pass.
  private func descend<T: Scalar>(_ work: TrainingWorkspace<T>, batch count: Int, _ settings: Optimizer.Settings) {
    if settings.rule == .sgd, settings.decay == 0, clip == nil {
      work.pass.backwardAndStep(batch: count, learningRate: settings.alpha)
      return
    }
    work.pass.backward(batch: count)
    if let clip { _ = GradientClipping.clip(work.pass.layers, maxNorm: clip) }
    work.update(settings)
  }
}
