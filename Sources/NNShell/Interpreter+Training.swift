import NNData
import NNEngine

/// `train`: its options, decoded and checked before it runs (the run is in
/// `Interpreter+TrainingRun.swift`), and the classes and accuracy it reports.
///
/// `l2=` and `l1=` on `train` are the penalties for that run only (as the Playground's
/// controls are); without them the run uses the session's, set with `loss NAME l2=λ l1=λ`,
/// which `J`, `explain J`, `backward`, `gradcheck` and `evaluate` include too.
extension Interpreter {
  func trainStatement(_ s: Statement) throws -> Output? {
    let d = try requireData(s)
    guard !network.isEmpty else { throw error("the network has no layers yet (add one with: layer dense 2 -> 3 relu)", at: s.span) }
    let epochs = try option(s, "epochs").map { try evaluateInteger($0.value, "epochs", in: 1...Limits.epochs) } ?? 1
    let batch = try option(s, "batch").map { try evaluateInteger($0.value, "batch", in: 1...Limits.size) } ?? 32
    // The first train after load checkpoint continues that run at its base rate.
    var lr = pendingResume?.scheduleBase ?? optimizer.learningRate
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
    try checkDropoutPlacement(at: s.span)
    // Training from NaN could only stop at its first batch, blaming the learning rate.
    let bad = nonFiniteParameters()
    if !bad.isEmpty {
      throw error(
        "train needs finite parameters to start from, but \(bad.prefix(6).joined(separator: ", ")) (re-initialise them: init he, or set them)",
        at: s.span)
    }

    let testX: Matrix? = d.testIndices.isEmpty ? nil : try data(s.span) { try d.testX }
    let testY: Matrix? = d.testIndices.isEmpty ? nil : try data(s.span) { try d.testY }

    var plan = TrainingPlan(
      X: X, Y: Y, testX: testX, testY: testY, epochs: epochs, batch: batch, learningRate: lr, reportEvery: report,
      quiet: quiet, classifying: d.isClassification, validation: try validationWatch(s, d))
    plan.regularization = try regularization(s, default: network.regularization)
    plan.clip = try clipOption(s)
    plan.precision = try saveDataType(s) == .f32 ? .f32 : .f64
    let result = try train(plan, at: s.span)
    // Early stopping changed the parameters: said even with quiet=yes (not inside a block).
    guard !quiet else { return isChatty ? result.earlyStop.map { .message($0) } : nil }
    return .training(result)
  }

  /// The fraction of the columns of `X` that `net` puts in the class of `Y` (static, with
  /// the network passed in: `train`'s monitor calls it while the session's network is
  /// being updated).
  static func accuracy(_ net: Network, _ X: Matrix, _ Y: Matrix) throws -> Double {
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

  /// `l2=` and `l1=` of `loss` or `train` (each ≥ 0 and finite), else `fallback`'s.
  func regularization(_ s: Statement, default fallback: Regularization) throws -> Regularization {
    var r = fallback
    for key in ["l2", "l1"] {
      guard let o = option(s, key) else { continue }
      let x = try evaluateScalar(o.value, key)
      guard x.isFinite, x >= 0 else { throw error("\(key) must be a number ≥ 0 (got \(NumberFormat.format(x)))", at: o.value.span) }
      if key == "l2" { r.l2 = x } else { r.l1 = x }
    }
    return r
  }

  /// `clip=N`: the largest global gradient norm, a positive number.
  func clipOption(_ s: Statement) throws -> Double? {
    guard let o = option(s, "clip") else { return nil }
    let x = try evaluateScalar(o.value, "clip")
    guard x.isFinite, x > 0 else { throw error("clip must be a positive number (got \(NumberFormat.format(x)))", at: o.value.span) }
    return x
  }

  /// `summary`'s lines for what shapes training besides the layers: penalties, the
  /// optimizer's settings, the schedule (each only when not the default).
  func trainingSettingsSummary() -> [Output] {
    var lines: [Output] = []
    let r = network.regularization
    if r.isActive {
      var terms: [String] = []
      if r.l2 != 0 { terms.append("l2 \(NumberFormat.format(r.l2)) (J += λ/2·Σ‖W‖²)") }
      if r.l1 != 0 { terms.append("l1 \(NumberFormat.format(r.l1)) (J += λ·Σ|w|)") }
      lines.append(.message("regularisation " + terms.joined(separator: ", ") + " on the weights, not the biases"))
    }
    if optimizer.weightDecay != 0 {
      lines.append(.message("optimizer " + optimizerDescription))
    }
    if !schedule.isConstant { lines.append(.message("schedule " + scheduleDescription)) }
    return lines
  }
}
