import NNData
import NNEngine

/// `forward`, `backward`, `step`, `zerograd`, `gradcheck`.
extension Interpreter {
  /// `forward`, `forward x=X y=Y`, `forward sample K`, `forward batch A..B`, `forward all`.
  func forwardStatement(_ s: Statement) throws -> Output? {
    guard !network.isEmpty else { throw error("the network has no layers yet (add one with: layer dense 2 -> 3 relu)", at: s.span) }
    var xNode: Variable
    var yNode: Variable?
    var passDescription: String?
    if let xo = option(s, "x") {
      xNode = try evaluate(xo.value)
      yNode = try option(s, "y").map { try evaluate($0.value) }
    } else if let yo = option(s, "y") {
      throw error("y= needs x= too: forward x=… y=…", at: yo.keySpan)
    } else if s.arguments.isEmpty {
      guard let x = variables["x"] else {
        throw error("forward needs an input: set x (let x = [1; 2]), use sample, or forward x=… y=…", at: s.span)
      }
      xNode = x
      yNode = variables["y"]
    } else {
      let columns: [Int]
      (columns, passDescription) = try trainingColumns(s)
      let d = try requireData(s)
      xNode = Variable(try engine(s.span) { try Dataset.gather(d.X, columns) })
      yNode = Variable(try engine(s.span) { try Dataset.gather(d.Y, columns) })
    }
    // Check before changing anything.
    let x = xNode.value, y = yNode?.value
    try checkInput(x, y, at: s.span)
    // `forward x=EXPR y=EXPR` defines x and y by their expressions (for explain), read
    // before the pass changes z, a, h and J; `forward sample K` gives plain values.
    let xDefinition = option(s, "x").map { definition(of: $0.value) }
    let yDefinition = option(s, "y").map { definition(of: $0.value) }
    let training = option(s, "train") == nil ? false : try flag(s, "train")
    if training {
      try checkDropoutPlacement(at: s.span)
      var g = generator
      try engine(s.span) { try network.forwardTraining(x, y, generator: &g) }
      generator = g
      bindMasks()
    } else {
      try engine(s.span) { try network.forward(x, y) }
    }
    if option(s, "x") != nil || !s.arguments.isEmpty {
      // Bound as `let` binds (a graph too deep is cut), and the pass records the same nodes.
      bind("x", xNode)
      definitions["x"] = xDefinition
      xNode = variables["x"] ?? xNode
      if let y = yNode {
        bind("y", y)
        definitions["y"] = yDefinition
        yNode = variables["y"]
      } else {
        unbind("y")
      }
    }
    forwardRecord = ForwardRecord(x: xNode, y: yNode, parameterVersion: parameterVersion, graph: nil)
    if let J = network.J { passLossHistory.append(J) }
    reportNonFinite(forward: true, at: s.span)
    guard isChatty, let h = network.h else { return nil }
    // A training pass with dropout says so: its h is one of a dropped-out network.
    let dropping = training && network.hasDropout ? "training, dropout on" : nil
    let over = [passDescription, dropping].compactMap { $0 }.joined(separator: "; ")
    return .message(forwardLine(h: h, J: network.J, over: over.isEmpty ? nil : over))
  }

  /// "forward (all 8 training samples): h = [0.1 0.7 …] (1×8), J = 0.25": h in full when
  /// it is small (a batch of a few samples, as the notes' examples are), else its shape.
  func forwardLine(h: Matrix, J: Double?, over samples: String?) -> String {
    var line = "forward" + (samples.map { " (\($0))" } ?? "") + ": "
    let digits = formatter.digits
    if h.isScalar {
      line += "h = \(NumberFormat.format(h.scalar, digits: digits))"
    } else if h.count <= 16 {
      line += "h = \(ExpressionText.literal(h, digits: digits)) (\(h.shape))"
    } else {
      line += "h (\(h.shape))"
    }
    if let J { line += ", J = \(NumberFormat.format(J, digits: digits))" }
    return line
  }

  /// The 0-based training samples named by `sample K`, `batch A..B` or `all`.
  func trainingColumns(_ s: Statement) throws -> ([Int], String) {
    let d = try requireData(s)
    let which = try chosen(s, "mode")
    let train = d.trainIndices
    switch which {
    case "all":
      return (train, "all \(train.count) training samples")
    case "sample":
      let k = try evaluateInteger(try value(s, "which"), "the sample number", in: 1...max(1, train.count))
      return ([train[k - 1]], "training sample \(k)")
    default:
      let e = try value(s, "which")
      guard case .range(let a, let b) = e.kind else { throw error("expected a range such as 1..32", at: e.span) }
      let i = try evaluateInteger(a, "the first sample", in: 1...max(1, train.count))
      let j = try evaluateInteger(b, "the last sample", in: i...max(i, train.count))
      return (Array(train[(i - 1)..<j]), "training samples \(i)..\(j)")
    }
  }

  /// "x has 3 rows but the network's first layer takes 2 inputs".
  func checkInput(_ x: Matrix, _ y: Matrix?, at span: SourceSpan) throws {
    guard let n0 = network.inputSize, let nr = network.outputSize else { return }
    guard x.rows == n0 else {
      throw error(
        "x (\(x.shape)) does not fit the network: W[1] is \(network.layers[0].W.shape), so x needs \(n0) row\(n0 == 1 ? "" : "s") (one column per sample)",
        at: span)
    }
    if let y {
      guard y.rows == nr, y.cols == x.cols else {
        throw error(
          "y (\(y.shape)) does not fit: the output h is \(nr)×\(x.cols) for this x, so y must be \(nr)×\(x.cols)", at: span)
      }
    }
    // Every z[l] and a[l] of the pass is n[l] × (columns of x): each must fit the limit.
    // (The message is built only on failure: this runs on every forward in a loop.)
    for (l, layer) in network.layers.enumerated() {
      let (n, overflow) = layer.outputSize.multipliedReportingOverflow(by: x.cols)
      guard overflow || n > memory.maxElements else { continue }
      let subject = "z\(l + 1) (\(layer.outputSize)×\(x.cols)) for a pass over \(x.cols) columns"
      if let message = memoryLimitMessage(rows: layer.outputSize, cols: x.cols, subject: subject) {
        throw error(message, at: span)
      }
    }
  }

  func backwardStatement(_ s: Statement) throws -> Output? {
    guard let record = forwardRecord, record.y != nil else {
      throw error("backward needs a forward pass with targets y first (forward x=… y=…, sample then forward, or forward sample 1)", at: s.span)
    }
    if record.parameterVersion != parameterVersion {
      throw error("the parameters changed since the last forward pass; run forward again before backward", at: s.span)
    }
    try engine(s.span) { try network.backward() }
    reportNonFinite(forward: false, at: s.span)
    guard isChatty else { return nil }
    let r = network.layers.count
    return .message("backward: ∂J/∂W[l] and ∂J/∂b[l] for l = 1…\(r), and every ∂J/∂z, ∂J/∂a (gradients are overwritten, not accumulated)")
  }

  /// `step [lr=α]`, and `step explain`: θ, α∇θJ and the new θ for every parameter.
  func stepStatement(_ s: Statement) throws -> Output? {
    let explain = s.parsed.word("mode") == "explain"
    guard network.hasGradients else {
      throw error("step needs gradients: run backward first", at: s.span)
    }
    let before = explain ? network.layers : []
    var lr: Double? = nil
    if let o = option(s, "lr") {
      let x = try evaluateScalar(o.value, "lr")
      guard x.isFinite, x > 0 else { throw error("lr must be a positive number (got \(NumberFormat.format(x)))", at: o.value.span) }
      lr = x
    }
    let wasFinite = nonFiniteParameters().isEmpty
    let report = optimizer.step(&network, learningRate: lr, report: isChatty || explain)
    parametersChanged()
    // One warning: the parameters that are not finite after the update, and whether
    // this step made them so.
    let problems = nonFiniteParameters()
    if wasFinite, !problems.isEmpty {
      let alpha = NumberFormat.format(lr ?? optimizer.learningRate)
      warn(["the step made the parameters non-finite (\(problems.joined(separator: ", "))); is the learning rate too high? α = \(alpha)"], at: s.span)
    } else {
      warn(problems, at: s.span)
    }
    guard let report else { return nil }
    if explain {
      return explainStep(before: before, learningRate: report.learningRate)
    }
    var parts: [String] = []
    for l in report.maxChangeW.indices {
      parts.append("|ΔW[\(l + 1)]| ≤ \(NumberFormat.format(report.maxChangeW[l], digits: formatter.digits))")
      parts.append("|Δb[\(l + 1)]| ≤ \(NumberFormat.format(report.maxChangeb[l], digits: formatter.digits))")
    }
    return .message("step (\(optimizer.rule), α = \(NumberFormat.format(report.learningRate))): \(parts.joined(separator: ", "))")
  }

  func zerogradStatement(_ s: Statement) throws -> Output? {
    network.zeroGradients()
    return isChatty ? .message("gradients cleared") : nil
  }

  func gradcheckStatement(_ s: Statement) throws -> Output? {
    guard let record = forwardRecord, let y = record.y else {
      throw error("gradcheck needs a forward pass with targets y first", at: s.span)
    }
    if record.parameterVersion != parameterVersion {
      throw error("the parameters changed since the last forward pass; run forward again before gradcheck", at: s.span)
    }
    let h = try option(s, "eps").map { try evaluateScalar($0.value, "eps") } ?? 1e-6
    let tol = try option(s, "tol").map { try evaluateScalar($0.value, "tol") } ?? 1e-5
    guard h > 0, h < 1 else { throw error("eps must be between 0 and 1", at: option(s, "eps")?.value.span ?? s.span) }
    guard tol >= 0 else { throw error("tol must be a non-negative number", at: option(s, "tol")?.value.span ?? s.span) }
    guard network.parameterCount <= 100_000 else {
      throw error("gradcheck compares every parameter one by one; this network has \(network.parameterCount) (the limit is 100000)", at: s.span)
    }
    warnAboutParameters(at: s.span)
    return .gradcheck(try gradcheck(x: record.x.value, y: y.value, h: h, tol: tol, at: s.span))
  }
}
