import NNEngine

/// `schedule step every=N gamma=γ | exponential gamma=γ | cosine [min=α] | warmup epochs=N
/// | none`: the learning rate of each epoch of `train`, from train's lr (see `Schedule`
/// for the formulas, PyTorch's StepLR, ExponentialLR and CosineAnnealingLR). Each `train`
/// runs the schedule from its own epoch 1 (cosine spans that run's epochs). `step`,
/// `exponential` and `cosine` replace the shape and keep a warm-up; `warmup epochs=N`
/// sets the warm-up and keeps the shape (`epochs=0` removes it); `none` clears both.
/// `plot lr` draws the rate of every epoch trained.
extension Interpreter {
  func scheduleStatement(_ s: Statement) throws -> Output? {
    let word = try chosen(s, "shape")
    let allowed: [String: [String]] = [
      "step": ["every", "gamma"], "exponential": ["gamma"], "cosine": ["min"], "warmup": ["epochs"], "none": [],
    ]
    for o in s.options where !(allowed[word] ?? []).contains(o.key) {
      throw error("schedule \(word) has no option '\(o.key)'", at: o.keySpan)
    }
    var next = schedule
    switch word {
    case "step":
      let every = try requiredOption(s, "every", example: "schedule step every=10 gamma=0.5")
      next.shape = .step(every: try evaluateInteger(every.value, "every", in: 1...Limits.epochs), gamma: try gamma(s))
    case "exponential": next.shape = .exponential(gamma: try gamma(s))
    case "cosine":
      let minimum = try option(s, "min").map { o -> Double in
        let x = try evaluateScalar(o.value, "min")
        guard x.isFinite, x >= 0 else { throw error("min must be a rate ≥ 0 (got \(NumberFormat.format(x)))", at: o.value.span) }
        return x
      } ?? 0
      next.shape = .cosine(min: minimum)
    case "warmup":
      let epochs = try requiredOption(s, "epochs", example: "schedule warmup epochs=5")
      next.warmup = try evaluateInteger(epochs.value, "epochs", in: 0...Limits.epochs)
    default: next = Schedule()
    }
    schedule = next
    return isChatty ? .message("schedule: \(scheduleDescription)") : nil
  }

  private func requiredOption(_ s: Statement, _ key: String, example: String) throws -> Option {
    guard let o = option(s, key) else { throw error("schedule \(s.parsed.word("shape") ?? "") needs \(key)= (\(example))", at: s.span) }
    return o
  }

  /// γ in (0, 1]: a factor that grows the rate, or zero, is refused. StepLR's default
  /// is 0.1; ExponentialLR has none (as in torch).
  private func gamma(_ s: Statement) throws -> Double {
    let word = s.parsed.word("shape") ?? ""
    guard let o = option(s, "gamma") else {
      if word == "step" { return 0.1 }
      throw error("schedule \(word) needs gamma= (schedule exponential gamma=0.95)", at: s.span)
    }
    let x = try evaluateScalar(o.value, "gamma")
    guard x.isFinite, x > 0, x <= 1 else { throw error("gamma must be in (0, 1] (got \(NumberFormat.format(x)))", at: o.value.span) }
    return x
  }

  /// `cosine to min 0.001 after 5 warm-up epochs`, as `summary` and `schedule` print it.
  var scheduleDescription: String {
    var text: String
    switch schedule.shape {
    case .constant: text = "constant"
    case .step(let every, let gamma): text = "step: × \(NumberFormat.format(gamma)) every \(every) epochs"
    case .exponential(let gamma): text = "exponential: × \(NumberFormat.format(gamma)) each epoch"
    case .cosine(let minimum): text = "cosine over each run's epochs, down to \(NumberFormat.format(minimum))"
    }
    if schedule.warmup > 0 { text += ", after \(schedule.warmup) warm-up epoch\(schedule.warmup == 1 ? "" : "s")" }
    return text
  }

  /// `plot lr`: the learning rate of every epoch trained.
  func plotRates(_ s: Statement, _ request: PictureRequest) throws -> Output {
    guard !rateHistory.isEmpty else {
      throw error("there is no learning-rate history yet: train first (plot lr draws the rate of every epoch)", at: s.span)
    }
    let points = rateHistory.enumerated().map { (x: Double($0.offset + 1), y: $0.element) }
    var chart = LineChart(title: "learning rate per epoch", xTitle: "epoch", series: [LineChart.Series(name: "lr", points: points, kind: .line)])
    chart.integerX = true
    return picture(s, request, lines: { chart.render($0) }, svg: { chart.svg(yTitle: "α") })
  }
}
