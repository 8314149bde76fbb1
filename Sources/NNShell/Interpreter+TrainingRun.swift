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
    /// The validation part, its figures and early stopping (`Interpreter+Validation.swift`).
    var validation: ValidationWatch? = nil
  }

  /// Trains the session's network on `plan.X`, `plan.Y`, sending progress events to the
  /// renderer, and appends the epochs' losses to the history. An interruption keeps the
  /// last completed update; a loss or parameter that becomes NaN is reported as an error.
  func train(_ plan: TrainingPlan, at span: SourceSpan) throws -> TrainingReport {
    let (X, Y, testX, testY) = (plan.X, plan.Y, plan.testX, plan.testY)
    let (epochs, quiet, classifying, report) = (plan.epochs, plan.quiet, plan.classifying, plan.reportEvery)
    let validation = plan.validation, epochsBefore = lossHistory.count
    let shouldStop = { self.shouldStop() || validation?.stopRequested == true }
    var trainer = Trainer(epochs: epochs, batchSize: plan.batch, learningRate: plan.learningRate)
    let start = Clock.now()
    let renderer = self.renderer
    let live = !quiet && renderer.drawsLiveProgress
    // Accuracy and test loss cost a forward pass over a whole part of the data: every
    // epoch when that is cheap next to the epoch itself, else only at report points.
    let parameters = network.parameterCount
    let cheapAccuracy = X.cols * parameters <= 2_000_000
    let cheapTest = (testX?.cols ?? 0) * parameters <= 2_000_000
    var accuracy: Double? = nil
    var testLoss: Double? = nil
    // One entry per finished epoch (NaN where it was not computed), for `plot loss`.
    var testLosses: [Double] = []
    if !quiet { renderer.progress(.trainingBegan(epochs: epochs, samples: X.cols, digits: formatter.digits)) }
    let outcome: Trainer.Outcome
    do {
      defer { if !quiet { renderer.progress(.trainingEnded) } }
      outcome = try engine(span) {
        try trainer.train(
          &network, optimizer: &optimizer, X: X, Y: Y, generator: &generator, shouldStop: shouldStop
        ) { p, net in
          if p.epochFinished {
            let reportPoint = p.epoch % report == 0 || p.epoch == epochs
            if let testX, let testY {
              let value = reportPoint || cheapTest ? ((try? net.lossValue(testX, testY)) ?? .nan) : .nan
              testLosses.append(value)
              if value.isFinite || reportPoint { testLoss = value }
            }
            validation?.epochFinished(p.epoch, net, reportPoint: reportPoint && !quiet)
            if classifying, !quiet, reportPoint || (live && cheapAccuracy) {
              accuracy = try? self.accuracy(net, X, Y)
            }
            if !quiet, reportPoint {
              renderer.progress(
                .trainingEpoch(
                  epoch: p.epoch, loss: p.loss, accuracy: classifying ? accuracy : nil, testLoss: testX == nil ? nil : testLoss,
                  validation: validation?.latest))
            }
          }
          guard live else { return }
          renderer.progress(
            .trainingBatch(
              TrainingBatch(
                epoch: p.epoch, batch: p.batch, batches: p.batchesPerEpoch, loss: p.loss, accuracy: classifying ? accuracy : nil,
                samplesSeen: p.samplesSeen, validationLoss: validation?.lastLoss, isLast: p.epochFinished && p.epoch == epochs)))
        }
      }
    }
    let seconds = Clock.now() - start
    keepHistory(trainer.history, testLosses: testX == nil ? nil : testLosses)
    bindMasks()
    keepValidationHistory(validation, epochsBefore: epochsBefore, epochs: trainer.history.count)
    let earlyStop = validation?.finish(&network, trained: trainer.history.count, digits: formatter.digits)
    switch outcome {
    case .finished:
      break
    case .interrupted where earlyStop != nil:
      // Stopped by patience (between batches, as Ctrl-C would) is a finished run.
      break
    case .interrupted(let epoch, let batchNumber):
      acknowledgeStop()
      let loss = trainer.history.last.map { ", last epoch loss \(NumberFormat.format($0, digits: formatter.digits))" } ?? ""
      throw ControlSignal.interrupted(
        "interrupted: training stopped at epoch \(epoch), batch \(batchNumber)\(loss); the network keeps its last completed update")
    case .diverged(let epoch, let batchNumber, let restored):
      let hint = "(is the learning rate too high? lr = \(NumberFormat.format(plan.learningRate)))"
      if restored {
        throw error(
          "the parameters became NaN or infinite at epoch \(epoch), batch \(batchNumber); they were restored to the start of epoch \(epoch) \(hint)",
          at: span)
      }
      throw error(
        "the loss became NaN or infinite at epoch \(epoch), batch \(batchNumber); the parameters are those before that batch \(hint)",
        at: span)
    }
    var result = TrainingReport(
      epochs: trainer.history.count, samples: X.cols, batch: min(plan.batch, X.cols), learningRate: plan.learningRate,
      losses: trainer.history, accuracy: classifying ? accuracy : nil, testLoss: testX == nil ? nil : testLoss,
      seconds: seconds, digits: formatter.digits)
    if let validation { finishReport(&result, validation, earlyStop: earlyStop, X, Y) }
    return result
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
