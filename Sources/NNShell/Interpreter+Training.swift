import NNData
import NNEngine

/// `train`, `evaluate`, `predict`.
extension Interpreter {
  func trainStatement(_ s: Statement) throws {
    try expectArguments(s, 0...0)
    let d = try requireData(s)
    guard !network.isEmpty else { throw error("the network has no layers yet (add one with: layer dense 2 -> 3 relu)", at: s.span) }
    let epochs = try option(s, "epochs").map { try evaluateInteger($0.value, "epochs", in: 1...10_000_000) } ?? 1
    let batch = try option(s, "batch").map { try evaluateInteger($0.value, "batch", in: 1...Int(Int32.max)) } ?? 32
    var lr = optimizer.learningRate
    if let o = option(s, "lr") {
      lr = try evaluateScalar(o.value, "lr")
      guard lr.isFinite, lr > 0 else { throw error("lr must be a positive number (got \(NumberFormat.format(lr)))", at: o.value.span) }
    }
    let quiet = try flag(s, "quiet") || !isChatty
    let report = try option(s, "report").map { try evaluateInteger($0.value, "report", in: 1...10_000_000) }
      ?? max(1, epochs / 10)
    let X = try data(s.span) { try d.trainX }
    let Y = try data(s.span) { try d.trainY }
    try checkInput(X, Y, at: s.span)

    var trainer = Trainer(epochs: epochs, batchSize: batch, learningRate: lr)
    let start = Clock.now()
    let classifying = d.isClassification
    let digits = formatter.digits
    let outcome = try engine(s.span) {
      try trainer.train(
        &network, optimizer: &optimizer, X: X, Y: Y, generator: &generator, shouldStop: shouldStop
      ) { p, net in
        guard !quiet, p.epochFinished, p.epoch % report == 0 || p.epoch == epochs else { return }
        var line = "epoch \(String(p.epoch).leftPadding(String(epochs).count))/\(epochs)  loss \(NumberFormat.format(p.loss, digits: digits))"
        if classifying, let acc = try? self.accuracy(net, X, Y) {
          line += "  accuracy \(NumberFormat.fixed(100 * acc, 1))%"
        }
        self.say(line)
      }
    }
    let seconds = Clock.now() - start
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
        line += " in \(NumberFormat.fixed(seconds, 3)) s (\(Int(samples / max(seconds, 1e-9))) samples/s)"
        say(line)
      }
    case .interrupted(let epoch, let batchNumber):
      acknowledgeStop()
      let loss = trainer.history.last.map { ", last epoch loss \(NumberFormat.format($0, digits: formatter.digits))" } ?? ""
      throw ControlSignal.interrupted(
        "interrupted: training stopped at epoch \(epoch), batch \(batchNumber)\(loss); the network keeps its last completed update")
    case .diverged(let epoch, let batchNumber, let restored):
      let state = restored ? "the parameters were restored to the start of epoch \(epoch)" : "the parameters are those before that batch"
      throw error(
        "the loss became NaN or infinite at epoch \(epoch), batch \(batchNumber); \(state) (is the learning rate too high? lr = \(NumberFormat.format(lr)))",
        at: s.span)
    }
  }

  /// The fraction of columns whose predicted class is the target's class.
  func accuracy(_ net: Network, _ X: Matrix, _ Y: Matrix) throws -> Double {
    let h = try net.predict(X)
    let predicted = Interpreter.predictedClasses(h, net), actual = Interpreter.targetClasses(Y)
    var correct = 0
    for (p, a) in zip(predicted, actual) where p == a { correct += 1 }
    return Double(correct) / Double(max(1, actual.count))
  }

  /// Class per column: argmax, or threshold 0.5 (logit 0) for a single output.
  /// (Static, with the network passed in: it runs inside `train`'s progress callback while
  /// the session's network is being updated.)
  static func predictedClasses(_ h: Matrix, _ network: Network) -> [Int] {
    if h.rows == 1 {
      let threshold = network.layers.last?.activation == .sigmoid ? 0.5 : (network.loss == .bce ? 0 : 0.5)
      return h.storage.map { $0 > threshold ? 1 : 0 }
    }
    return Dataset.argmaxLabels(h)
  }

  static func targetClasses(_ Y: Matrix) -> [Int] {
    Y.rows == 1 ? Y.storage.map { $0 > 0.5 ? 1 : 0 } : Dataset.argmaxLabels(Y)
  }
}
