import NNData
import NNEngine

/// `save checkpoint "c.safetensors"` and `load checkpoint "c.safetensors"`: the whole
/// training state in one file (see `Checkpoint`) — the network (its description and
/// parameters), the optimizer's rule, settings and state (m, v, t), the schedule and how
/// far the last `train` ran it, the loss and rate of every epoch, the sample order and the
/// random generator. Not the data: the script loads its data again, as before.
///
/// The rule for resuming: the first `train` after `load checkpoint` continues the
/// checkpointed run — its schedule from the stored position (epoch p + 1 of it; cosine's
/// T becomes p + this run's epochs), its base rate unless `lr=` is given, and its sample
/// order (when the training part has as many samples). So, with one BLAS thread,
///
///     train epochs=10; save checkpoint "c.safetensors"      # one process
///     load checkpoint "c.safetensors"; train epochs=10       # another, with the same data
///
/// ends with exactly the parameters of `train epochs=20`. Any later `train` starts the
/// schedule afresh, as every `train` does ("Schedules" in the README).
extension Interpreter {
  /// Where a `train` left off: the schedule's epochs run, the base rate, the sample order.
  struct TrainingPosition {
    var scheduleEpochs = 0
    var scheduleBase = 0.01
    var sampleOrder: [Int] = []
  }

  func saveCheckpointStatement(_ s: Statement) throws -> Output? {
    let fileExpression = try value(s, "file")
    let path = try evaluateString(fileExpression, "the file name")
    guard path.hasSuffix(".safetensors") else {
      throw error("a checkpoint is a .safetensors file (save checkpoint \"c.safetensors\")", at: fileExpression.span)
    }
    try requireLayers(to: "checkpoint", at: s.span)
    var c = Checkpoint(network: network, optimizer: optimizer, generator: generator)
    c.schedule = schedule
    let position = pendingResume ?? trainingPosition
    (c.schedulePosition, c.scheduleBase, c.sampleOrder) = (position.scheduleEpochs, position.scheduleBase, position.sampleOrder)
    (c.lossHistory, c.rateHistory) = (lossHistory, rateHistory)  // one of each per epoch trained
    warnAboutParameters(at: s.span)
    try files(fileExpression.span) { try c.file(version: fileVersion).write(path: path) }
    guard isChatty else { return nil }
    let n = network.parameterCount, e = lossHistory.count
    return .message(
      "save checkpoint: \(n) parameter\(n == 1 ? "" : "s"), \(ruleName) state (t = \(optimizer.stepCount)), "
        + "\(e) epoch\(e == 1 ? "" : "s") trained, the generator's state to \(path)")
  }

  func loadCheckpointStatement(_ s: Statement) throws -> Output? {
    let fileExpression = try value(s, "file")
    let path = try evaluateString(fileExpression, "the file name")
    let c = try files(fileExpression.span) {
      try Checkpoint(SafeTensorsFile.read(path: path), file: path, maxEpochs: Limits.epochs)
    }
    guard c.network.layers.count <= Limits.layers else {
      throw error("\(path) describes \(c.network.layers.count) layers, more than the \(Limits.layers) nnsh builds", at: fileExpression.span)
    }
    // Checked whole: only now does the session change.
    resetNetwork(loss: c.network.loss)
    network = c.network
    optimizer = c.optimizer
    generator = c.generator
    schedule = c.schedule
    lossHistory = c.lossHistory
    rateHistory = c.rateHistory
    pendingResume = TrainingPosition(scheduleEpochs: c.schedulePosition, scheduleBase: c.scheduleBase, sampleOrder: c.sampleOrder)
    warnAboutParameters(at: s.span)
    guard isChatty else { return nil }
    let n = network.parameterCount, e = lossHistory.count
    let sizes = [String(network.inputSize ?? 0)] + network.layers.map { "\($0.outputSize) \($0.activation.name)" }
    return .message(
      "load checkpoint: \(sizes.joined(separator: " -> ")), \(n) parameter\(n == 1 ? "" : "s"), \(ruleName) (t = \(optimizer.stepCount)), "
        + "\(e) epoch\(e == 1 ? "" : "s") trained; the next train continues from epoch \(e + 1) (load the data as before) from \(path)")
  }

  /// `adam`, `momentum`: the rule without its settings.
  var ruleName: String { String(String(describing: optimizer.rule).prefix { $0 != "(" }) }

  /// After a `train`: where it left off (a resumed run counts the epochs it continued).
  func recordTrainingPosition(_ trainer: Trainer, base: Double) {
    trainingPosition = TrainingPosition(
      scheduleEpochs: trainer.scheduleStart + trainer.rates.count, scheduleBase: base, sampleOrder: trainer.sampleOrder)
    pendingResume = nil
  }

  static let checkpointHelp = """
    save checkpoint "c.safetensors" keeps everything training needs to go on exactly:
    the network (as save writes it), the optimizer's rule, settings and state (momentum's
    v, Adam's m and v per parameter, the step count t), the schedule and its position,
    the loss and rate of every epoch, the sample order and the random generator. Not the
    data: a script that loads a checkpoint loads its data as before.
    load checkpoint "c.safetensors" rebuilds the network and restores all of that. The
    first train after it continues the saved run: the schedule from where it stopped
    (cosine then spans both runs' epochs), the saved base rate unless lr= is given, the
    same sample order. Later trains start the schedule afresh, as every train does.
    With OPENBLAS_NUM_THREADS=1, train epochs=10, save checkpoint, then in a new
    process load the data, load checkpoint and train epochs=10: the parameters are
    exactly those of train epochs=20 in one run.
      example: train epochs=10; save checkpoint "c.safetensors"; load checkpoint "c.safetensors"; train epochs=10
    """
}
