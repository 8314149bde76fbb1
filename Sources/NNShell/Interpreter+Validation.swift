import NNData
import NNEngine

/// What `train` does with a validation part (`split 0.7 0.15`, or `load "v.csv" … as
/// validation`): its loss (and accuracy) on the progress line and the closing line, a third
/// curve in `plot loss`, and early stopping with `patience=N [min_delta=δ]` (Keras's
/// `EarlyStopping(monitor="val_loss", restore_best_weights=True)`, see `EarlyStopping`).
/// Kept apart from the training loop, which only calls in here.
extension Interpreter {
  /// The validation part as `train` watches it, epoch by epoch (a class: the trainer's
  /// progress callback records into it while the run goes on).
  final class ValidationWatch {
    let X: Matrix
    let Y: Matrix
    let classifying: Bool
    /// A loss every epoch when that is cheap next to the epoch itself, else only at
    /// report points (always, with early stopping).
    let cheap: Bool
    private(set) var stopping: EarlyStopping?
    /// One entry per finished epoch, NaN where not computed (for `plot loss`).
    private(set) var losses: [Double] = []
    /// The last validation loss computed (for the live line, read every batch).
    private(set) var lastLoss: Double?
    /// The figures of the last report point.
    private(set) var latest: ValidationFigures?
    /// Set when the patience ran out: the trainer's `shouldStop` reads it.
    private(set) var stopRequested = false

    init(X: Matrix, Y: Matrix, classifying: Bool, stopping: EarlyStopping?, parameters: Int) {
      self.X = X
      self.Y = Y
      self.classifying = classifying
      self.stopping = stopping
      cheap = TrainingMonitor.isCheap(columns: X.cols, parameters: parameters)
    }

    /// After `epoch`, with the network's parameters at the end of it.
    func epochFinished(_ epoch: Int, _ net: Network, reportPoint: Bool) {
      let needed = reportPoint || cheap || stopping != nil
      let loss = needed ? ((try? net.lossValue(X, Y)) ?? .nan) : .nan
      losses.append(loss)
      if loss.isFinite { lastLoss = loss }
      if reportPoint { latest = figures(net, loss: loss) }
      if stopping?.observe(epoch: epoch, loss: loss, network: net) == true { stopRequested = true }
    }

    /// The loss (given, or computed) and, for classification, the accuracy of `net` here.
    func figures(_ net: Network, loss: Double? = nil) -> ValidationFigures {
      let J = loss ?? ((try? net.lossValue(X, Y)) ?? .nan)
      let accuracy = classifying ? try? Interpreter.accuracy(net, X, Y) : nil
      return ValidationFigures(loss: J, accuracy: accuracy)
    }

    /// When the patience ran out: the best epoch's parameters put back into `net`, and
    /// the sentence saying so (`epochsBefore` epochs were trained before this run).
    func finish(_ net: inout Network, trained: Int, digits: Int) -> String? {
      guard stopRequested, let stopping else { return nil }
      stopping.restoreBest(into: &net)
      let best = NumberFormat.format(stopping.bestLoss, digits: digits)
      let delta = stopping.minDelta > 0 ? " by more than \(NumberFormat.format(stopping.minDelta))" : ""
      return "early stopping: the validation loss did not improve\(delta) for \(stopping.patience) epoch\(stopping.patience == 1 ? "" : "s"); "
        + "stopped after epoch \(trained), restored the parameters of epoch \(stopping.bestEpoch) (validation loss \(best))"
    }
  }

  /// The validation part of `d` as `train` (statement `s`) watches it, with early
  /// stopping when `patience=` is given; nil without a validation part. Checks the options.
  func validationWatch(_ s: Statement, _ d: Dataset) throws -> ValidationWatch? {
    let patience = try option(s, "patience").map { try evaluateInteger($0.value, "patience", in: 1...Limits.epochs) }
    var minDelta = 0.0
    if let o = option(s, "min_delta") {
      minDelta = try evaluateScalar(o.value, "min_delta")
      guard minDelta.isFinite, minDelta >= 0 else {
        throw error("min_delta must be a number ≥ 0 (got \(NumberFormat.format(minDelta)))", at: o.value.span)
      }
      guard patience != nil else {
        throw error("min_delta= is the least improvement that patience= counts; give patience=N too", at: o.keySpan)
      }
    }
    guard !d.validationIndices.isEmpty else {
      if let o = option(s, "patience") {
        throw error(
          "patience= stops on the validation loss, but there is no validation part: make one with split 0.7 0.15 (training, validation, test) or load \"v.csv\" target=COL as validation",
          at: o.keySpan)
      }
      return nil
    }
    let X = try data(s.span) { try d.validationX }
    let Y = try data(s.span) { try d.validationY }
    try checkInput(X, Y, at: s.span)
    let stopping = try patience.map { p in try engine(s.span) { try EarlyStopping(patience: p, minDelta: minDelta) } }
    return ValidationWatch(X: X, Y: Y, classifying: d.isClassification, stopping: stopping, parameters: network.parameterCount)
  }

  /// Appends the run's validation losses to the history `plot loss` draws, aligned with
  /// the training losses (epochs trained without a validation part get NaN).
  func keepValidationHistory(_ watch: ValidationWatch?, epochsBefore: Int, epochs: Int) {
    guard let watch else { return }
    validationLossHistory += Array(repeating: .nan, count: max(0, epochsBefore - validationLossHistory.count))
    validationLossHistory += watch.losses.prefix(epochs)
  }

  /// The closing figures of a run with a validation part, for the network as `train`
  /// leaves it (the best epoch's, after early stopping: accuracy and losses are then
  /// recomputed for those parameters).
  func finishReport(_ r: inout TrainingReport, _ watch: ValidationWatch, earlyStop: String?, _ X: Matrix, _ Y: Matrix) {
    r.validation = watch.figures(network)
    r.earlyStop = earlyStop
    guard earlyStop != nil else { return }
    if watch.classifying { r.accuracy = try? Interpreter.accuracy(network, X, Y) }
    if r.testLoss != nil, let d = dataset, let tX = try? d.testX, let tY = try? d.testY {
      r.testLoss = try? network.lossValue(tX, tY)
    }
  }
}
