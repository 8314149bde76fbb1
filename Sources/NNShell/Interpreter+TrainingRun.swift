import NNData
import NNEngine

/// `train`'s run: the epochs, the progress events the renderer draws, the session's loss
/// history, and the report of what was done.
extension Interpreter {
  /// What a `train` statement asked for, decoded and checked.
  struct TrainingPlan {
    var X: Matrix
    var Y: Matrix
    var testX: Matrix?
    var testY: Matrix?
    var epochs: Int
    var batch: Int
    var learningRate: Double
    /// A progress line every this many epochs (and after the last).
    var reportEvery: Int
    /// No progress and no accuracy (`quiet=yes`, or inside a block).
    var quiet: Bool
    var classifying: Bool
    /// The penalties of this run (the session's unless `train` gave l2=/l1=).
    var regularization = Regularization()
    /// Clip the gradients to this global norm (`clip=`).
    var clip: Double? = nil
    /// The validation part, its figures and early stopping (`Interpreter+Validation.swift`).
    var validation: ValidationWatch? = nil
    /// The element type of the run's arithmetic (`dtype=`; `help train`).
    var precision = Trainer.Precision.f64
  }

  /// Trains the session's network on `plan.X`, `plan.Y`, sending progress events to the
  /// renderer, and appends the epochs' losses and rates to the history. An interruption
  /// keeps the last completed update; a loss or parameter that becomes NaN is reported
  /// as an error.
  func train(_ plan: TrainingPlan, at span: SourceSpan) throws -> TrainingReport {
    var trainer = makeTrainer(plan)
    let validation = plan.validation, epochsBefore = lossHistory.count
    let before = network, hadState = optimizer.stepCount > 0
    // Early stopping ends the run between batches, as Ctrl-C would.
    let stop = { self.shouldStop() || validation?.stopRequested == true }
    let start = Clock.now()
    let monitor = TrainingMonitor(plan, network: network, renderer: renderer, showsRate: !schedule.isConstant)
    if !plan.quiet { renderer.progress(.trainingBegan(epochs: plan.epochs, samples: plan.X.cols, digits: formatter.digits)) }
    let outcome: Trainer.Outcome
    do {
      defer { if !plan.quiet { renderer.progress(.trainingEnded) } }
      outcome = try withRegularization(plan.regularization) {
        try engine(span) {
          try trainer.train(
            &network, optimizer: &optimizer, X: plan.X, Y: plan.Y, generator: &generator, shouldStop: stop,
            progress: monitor.observe)
        }
      }
    }
    keepHistory(trainer.history, testLosses: plan.testX == nil ? nil : monitor.testLosses)
    rateHistory += trainer.rates
    recordTrainingPosition(trainer, base: plan.learningRate)
    bindMasks()
    keepValidationHistory(validation, epochsBefore: epochsBefore, epochs: trainer.history.count)
    let earlyStop = validation?.finish(&network, trained: trainer.history.count, digits: formatter.digits)
    var result = try report(outcome, of: plan, trainer, monitor, stopped: earlyStop != nil, seconds: Clock.now() - start, at: span)
    if let validation { finishReport(&result, validation, earlyStop: earlyStop, plan.X, plan.Y) }
    lastTraining = TorchTrainingSetup(
      rule: optimizer.rule, learningRate: plan.learningRate, weightDecay: optimizer.weightDecay, epochs: trainer.history.count,
      batch: plan.batch, rates: schedule.isConstant ? nil : trainer.rates, regularization: plan.regularization, clip: plan.clip,
      initial: before, hadOptimizerState: hadState)
    return result
  }

  /// A trainer for the plan, with the session's schedule.
  private func makeTrainer(_ plan: TrainingPlan) -> Trainer {
    var trainer = Trainer(epochs: plan.epochs, batchSize: plan.batch, learningRate: plan.learningRate)
    trainer.schedule = schedule
    trainer.clip = plan.clip
    trainer.precision = plan.precision
    if let resume = pendingResume {
      trainer.scheduleStart = resume.scheduleEpochs
      trainer.sampleOrder = resume.sampleOrder
    }
    return trainer
  }

  /// Runs `body` with the network's penalties set to `r`, then puts the session's back
  /// (`train l2=…` changes only its own run).
  private func withRegularization<R>(_ r: Regularization, _ body: () throws -> R) rethrows -> R {
    let kept = network.regularization
    network.regularization = r
    defer { network.regularization = kept }
    return try body()
  }

  /// The closing report, or the error that says why training stopped.
  private func report(
    _ outcome: Trainer.Outcome, of plan: TrainingPlan, _ trainer: Trainer, _ monitor: TrainingMonitor,
    stopped early: Bool, seconds: Double, at span: SourceSpan
  ) throws -> TrainingReport {
    switch outcome {
    case .finished, .interrupted where early:
      // Stopped by patience (between batches) is a finished run of fewer epochs.
      return TrainingReport(
        epochs: trainer.history.count, samples: plan.X.cols, batch: min(plan.batch, plan.X.cols), learningRate: plan.learningRate,
        losses: trainer.history, accuracy: plan.classifying ? monitor.accuracy : nil,
        testLoss: plan.testX == nil ? nil : monitor.testLoss, seconds: seconds, float32: plan.precision == .f32,
        digits: formatter.digits)
    case .interrupted(let epoch, let batchNumber):
      acknowledgeStop()
      let loss = trainer.history.last.map { ", last epoch loss \(NumberFormat.format($0, digits: formatter.digits))" } ?? ""
      throw ControlSignal.interrupted(
        "interrupted: training stopped at epoch \(epoch), batch \(batchNumber)\(loss); the network keeps its last completed update")
    case .diverged(let epoch, let batchNumber, let restored):
      let rate = trainer.rates.count >= epoch ? trainer.rates[epoch - 1] : trainer.schedule.rates(base: plan.learningRate, epochs: epoch).last
      let hint = "(is the learning rate too high? lr = \(NumberFormat.format(rate ?? plan.learningRate)))"
      if restored {
        throw error(
          "the parameters became NaN or infinite at epoch \(epoch), batch \(batchNumber); they were restored to the start of epoch \(epoch) \(hint)",
          at: span)
      }
      throw error(
        "the loss became NaN or infinite at epoch \(epoch), batch \(batchNumber); the parameters are those before that batch \(hint)",
        at: span)
    }
  }

  /// Appends the losses of the epochs just trained to the history for `plot loss`
  /// (`testLosses` when there is a test part), and forgets the pass they overwrote.
  func keepHistory(_ losses: [Double], testLosses: [Double]?) {
    if let testLosses {
      // Aligned with lossHistory: epochs trained before there was a test part get NaN.
      testLossHistory += Array(repeating: .nan, count: max(0, lossHistory.count - testLossHistory.count))
      testLossHistory += testLosses
    }
    lossHistory += losses
    forwardRecord = nil
    parametersChanged()
    network.forgetPass()
  }
}
