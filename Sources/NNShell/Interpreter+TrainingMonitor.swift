import NNData
import NNEngine

/// What `train` watches after each batch: the accuracy and test loss it reports (a
/// forward pass over a whole part of the data: every epoch when that is cheap next to
/// the epoch itself, else only at report points), the test loss of every epoch for
/// `plot loss`, and the progress events it sends to the renderer.
final class TrainingMonitor {
  let plan: Interpreter.TrainingPlan
  let renderer: Renderer
  let live: Bool
  let cheapAccuracy: Bool
  let cheapTest: Bool
  /// The progress line shows the epoch's rate (when a schedule changes it).
  let showsRate: Bool
  private(set) var accuracy: Double? = nil
  private(set) var testLoss: Double? = nil
  /// One entry per finished epoch (NaN where it was not computed).
  private(set) var testLosses: [Double] = []

  init(_ plan: Interpreter.TrainingPlan, network: Network, renderer: Renderer, showsRate: Bool) {
    self.plan = plan
    self.renderer = renderer
    self.showsRate = showsRate
    live = !plan.quiet && renderer.drawsLiveProgress
    let parameters = network.parameterCount
    cheapAccuracy = TrainingMonitor.isCheap(columns: plan.X.cols, parameters: parameters)
    cheapTest = TrainingMonitor.isCheap(columns: plan.testX?.cols ?? 0, parameters: parameters)
  }

  /// Whether a forward pass over `columns` samples is cheap next to an epoch, so that it
  /// may run after every epoch rather than only at report points.
  static func isCheap(columns: Int, parameters: Int) -> Bool { columns * parameters <= 2_000_000 }

  /// The trainer's progress callback.
  func observe(_ p: Trainer.Progress, _ net: Network) {
    if p.epochFinished { finishedEpoch(p, net) }
    guard live else { return }
    renderer.progress(
      .trainingBatch(
        TrainingBatch(
          epoch: p.epoch, batch: p.batch, batches: p.batchesPerEpoch, loss: p.loss,
          accuracy: plan.classifying ? accuracy : nil, samplesSeen: p.samplesSeen,
          validationLoss: plan.validation?.lastLoss, isLast: p.epochFinished && p.epoch == plan.epochs, learningRate: showsRate ? p.learningRate : nil)))
  }

  private func finishedEpoch(_ p: Trainer.Progress, _ net: Network) {
    let reportPoint = p.epoch % plan.reportEvery == 0 || p.epoch == plan.epochs
    if let testX = plan.testX, let testY = plan.testY {
      let value = reportPoint || cheapTest ? ((try? net.lossValue(testX, testY)) ?? .nan) : .nan
      testLosses.append(value)
      if value.isFinite || reportPoint { testLoss = value }
    }
    plan.validation?.epochFinished(p.epoch, net, reportPoint: reportPoint && !plan.quiet)
    if plan.classifying, !plan.quiet, reportPoint || (live && cheapAccuracy) {
      accuracy = try? Interpreter.accuracy(net, plan.X, plan.Y)
    }
    guard !plan.quiet, reportPoint else { return }
    renderer.progress(
      .trainingEpoch(
        epoch: p.epoch, loss: p.loss, accuracy: plan.classifying ? accuracy : nil,
        testLoss: plan.testX == nil ? nil : testLoss, validation: plan.validation?.latest,
        learningRate: showsRate ? p.learningRate : nil))
  }
}
