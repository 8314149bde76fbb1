import NNData
import NNEngine

/// `train`, `evaluate`, `predict`.
extension Interpreter {
  func trainStatement(_ s: Statement) throws {
    try expectArguments(s, 0...0)
    let d = try requireData(s)
    guard !network.isEmpty else { throw error("the network has no layers yet (add one with: layer dense 2 -> 3 relu)", at: s.span) }
    let epochs = try option(s, "epochs").map { try evaluateInteger($0.value, "epochs", in: 1...Limits.epochs) } ?? 1
    let batch = try option(s, "batch").map { try evaluateInteger($0.value, "batch", in: 1...Limits.size) } ?? 32
    var lr = optimizer.learningRate
    if let o = option(s, "lr") {
      lr = try evaluateScalar(o.value, "lr")
      guard lr.isFinite, lr > 0 else { throw error("lr must be a positive number (got \(NumberFormat.format(lr)))", at: o.value.span) }
    }
    let quiet = try flag(s, "quiet") || !isChatty
    let report = try option(s, "report").map { try evaluateInteger($0.value, "report", in: 1...Limits.epochs) }
      ?? max(1, epochs / 10)
    let X = try data(s.span) { try d.trainX }
    let Y = try data(s.span) { try d.trainY }
    try checkInput(X, Y, at: s.span)
    // Training from NaN could only stop at its first batch, blaming the learning rate.
    let bad = nonFiniteParameters()
    if !bad.isEmpty {
      throw error(
        "train needs finite parameters to start from, but \(bad.prefix(6).joined(separator: ", ")) (re-initialise them: init he, or set them)",
        at: s.span)
    }

    let testX: Matrix? = d.testIndices.isEmpty ? nil : try data(s.span) { try d.testX }
    let testY: Matrix? = d.testIndices.isEmpty ? nil : try data(s.span) { try d.testY }

    var trainer = Trainer(epochs: epochs, batchSize: batch, learningRate: lr)
    let start = Clock.now()
    let classifying = d.isClassification
    let digits = formatter.digits
    let progress = TrainingProgress(epochs: epochs, samples: X.cols, digits: digits)
    let live = !quiet && TrainingProgress.redrawsInPlace(on: console)
    // Accuracy and test loss cost a forward pass over a whole part of the data: every
    // epoch when that is cheap next to the epoch itself, else only at report points.
    let parameters = network.parameterCount
    let cheapAccuracy = X.cols * parameters <= 2_000_000
    let cheapTest = (testX?.cols ?? 0) * parameters <= 2_000_000
    var accuracy: Double? = nil
    var testLoss: Double? = nil
    // One entry per finished epoch (NaN where it was not computed), for `plot loss`.
    var testLosses: [Double] = []
    var lastDrawn = -Double.infinity
    var drewLive = false
    let width = console.width
    let outcome: Trainer.Outcome
    do {
      outcome = try engine(s.span) {
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
            if classifying, !quiet, reportPoint || (live && cheapAccuracy) {
              accuracy = try? self.accuracy(net, X, Y)
            }
            if !quiet, !live, reportPoint {
              self.say(
                progress.plainLine(
                  epoch: p.epoch, loss: p.loss, accuracy: classifying ? accuracy : nil, testLoss: testX == nil ? nil : testLoss))
            }
          }
          guard live else { return }
          // Redrawn at most ten times a second: a terminal is slower than a tiny epoch.
          let now = Clock.now()
          guard now - lastDrawn >= 0.1 || (p.epochFinished && p.epoch == epochs) else { return }
          lastDrawn = now
          let line = progress.liveLine(
            epoch: p.epoch, batch: p.batch, batches: p.batchesPerEpoch, loss: p.loss, accuracy: classifying ? accuracy : nil,
            samplesSeen: p.samplesSeen, seconds: now - start, width: width, ascii: false)
          self.console.write("\r" + line + ANSI.clearLine)
          self.console.flush()
          drewLive = true
        }
      }
    } catch {
      if drewLive { endLiveLine() }
      throw error
    }
    if drewLive { endLiveLine() }
    let seconds = Clock.now() - start
    if testX != nil {
      // Aligned with lossHistory: epochs trained before there was a test part get NaN.
      testLossHistory += Array(repeating: .nan, count: max(0, lossHistory.count - testLossHistory.count))
      testLossHistory += testLosses
    }
    lossHistory += trainer.history
    forwardRecord = nil
    parametersChanged()
    network.forgetPass()
    let samples = Double(trainer.history.count * X.cols)
    switch outcome {
    case .finished:
      if !quiet {
        var line = "trained \(epochs) epoch\(epochs == 1 ? "" : "s") of \(X.cols) samples (batch \(min(batch, X.cols)), lr \(NumberFormat.format(lr)))"
        if let last = trainer.history.last { line += ": loss \(NumberFormat.format(last, digits: formatter.digits))" }
        if classifying, let accuracy { line += ", accuracy \(NumberFormat.fixed(100 * accuracy, 1))%" }
        if let testLoss, testX != nil { line += ", test loss \(NumberFormat.format(testLoss, digits: formatter.digits))" }
        line += " in \(NumberFormat.fixed(seconds, 3)) s (\(Int(samples / max(seconds, 1e-9))) samples/s)"
        say(line)
      }
    case .interrupted(let epoch, let batchNumber):
      acknowledgeStop()
      let loss = trainer.history.last.map { ", last epoch loss \(NumberFormat.format($0, digits: formatter.digits))" } ?? ""
      throw ControlSignal.interrupted(
        "interrupted: training stopped at epoch \(epoch), batch \(batchNumber)\(loss); the network keeps its last completed update")
    case .diverged(let epoch, let batchNumber, let restored):
      let hint = "(is the learning rate too high? lr = \(NumberFormat.format(lr)))"
      if restored {
        throw error(
          "the parameters became NaN or infinite at epoch \(epoch), batch \(batchNumber); they were restored to the start of epoch \(epoch) \(hint)",
          at: s.span)
      }
      throw error(
        "the loss became NaN or infinite at epoch \(epoch), batch \(batchNumber); the parameters are those before that batch \(hint)",
        at: s.span)
    }
  }

  /// Clears the progress line that `train` redraws in place on a terminal.
  func endLiveLine() {
    console.write("\r" + ANSI.clearLine)
    console.flush()
  }

  /// The fraction of columns whose predicted class is the target's class.
  func accuracy(_ net: Network, _ X: Matrix, _ Y: Matrix) throws -> Double {
    let h = try net.predict(X)
    return Metrics.accuracy(predicted: Interpreter.predictedClasses(h, net), actual: Metrics.classes(Y))
  }

  /// Class per column: argmax, or `h > 0.5` (logit `> 0`) for a single output (`Metrics.classes`).
  /// (Static, with the network passed in: it runs inside `train`'s progress callback while
  /// the session's network is being updated.)
  static func predictedClasses(_ h: Matrix, _ network: Network) -> [Int] {
    let readsLogits = network.loss == .bce && network.layers.last?.activation != .sigmoid
    return Metrics.classes(h, threshold: readsLogits ? 0 : 0.5)
  }
}
