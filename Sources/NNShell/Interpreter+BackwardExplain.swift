import NNEngine

/// `backward explain`: the backward pass of J, watched one node at a time from J back to
/// the parameters — each vector–Jacobian product in the notes' notation, with its shapes
/// and numbers (`explain`'s wording and layout):
///
///     ∂J/∂h                       = (h − y) / B
///     ∂J/∂z[l] = ∂J/∂a[l] ⊙ g′(z[l])          (elementwise g: a diagonal Jacobian)
///     ∂J/∂W[l] = ∂J/∂z[l] a[l−1]ᵀ
///     ∂J/∂b[l] = ∂J/∂z[l] 1
///     ∂J/∂a[l−1] = W[l]ᵀ ∂J/∂z[l]
///
/// It is `backward` itself: the same pass computes the gradients, which are kept, and
/// the steps show the numbers that pass produced. In `nnsh learn` it waits between
/// steps as `pause` does.
extension Interpreter {
  func backwardExplainStatement(_ s: Statement) throws -> Output? {
    _ = try backwardStatement(s)  // the pass, with backward's checks
    let steps = backwardSteps(at: s.span)
    let r = network.layers.count
    let header = Output.message(
      "backward explain: the chain rule from J back to W[1], one vector–Jacobian product at a time "
        + "(\(steps.count) steps for \(r) layer\(r == 1 ? "" : "s"); the gradients are kept, as backward keeps them)")
    let numbered = steps.enumerated().map { k, step in
      Output.report([.message("step \(k + 1) of \(steps.count): \(step.node)"), step.output])
    }
    guard echoStatements && isChatty else { return .report([header] + numbered) }
    // In a lesson: one node, then the pause, then the next.
    try renderer.render(header)
    for (k, step) in numbered.enumerated() {
      try renderer.render(step)
      if k + 1 < numbered.count { try pauseForLearner() }
    }
    return nil
  }

  /// One node of the walk: which gradient it computes, and its explanation.
  struct BackwardStep {
    var node: String
    var output: Output
  }

  /// ∂J/∂h, then for l = r … 1: ∂J/∂z[l], ∂J/∂W[l], ∂J/∂b[l] and (for l > 1) ∂J/∂a[l−1].
  func backwardSteps(at span: SourceSpan) -> [BackwardStep] {
    let r = network.layers.count
    var steps: [BackwardStep] = []
    func add(_ node: String, _ name: NetworkName) {
      if let out = try? explainNetworkValue(name, at: span) { steps.append(BackwardStep(node: node, output: out)) }
    }
    add("∂J/∂h, where J meets the network's output", .dh)
    for l in stride(from: r, through: 1, by: -1) {
      if l == r && network.lossIsFused {
        add("∂J/∂z[\(r)], through the output activation and the loss together", .dz(r))
      } else {
        steps.append(BackwardStep(node: "∂J/∂z[\(l)], back through \(network.layers[l - 1].activation.name)", output: activationStep(l)))
      }
      add("∂J/∂W[\(l)], a parameter", .dW(l))
      add("∂J/∂b[\(l)], a parameter", .db(l))
      if l > 1 { add("∂J/∂a[\(l - 1)], back through W[\(l)]", .da(l - 1)) }
    }
    return steps
  }

  /// `∂J/∂z[l] = ∂J/∂a[l] ⊙ g′(z[l])`, or softmax's full Jacobian per column.
  func activationStep(_ l: Int) -> Output {
    let r = network.layers.count
    let act = network.layers[l - 1].activation
    let z = network.z[l - 1], a = network.a[l - 1], da = network.da[l - 1]
    let upstream = l == r ? "∂J/∂h" : "∂J/∂a[\(l)]"
    let output = l == r ? "h" : "a[\(l)]"
    func shape(_ m: Matrix) -> String { "(\(m.shape))" }
    if act == .softmax {
      return writeExplanation(
        title: "∂J/∂z[\(l)]", formula: "\(output) ⊙ (\(upstream) − 1 (\(output)ᵀ \(upstream)))   (per column)",
        chain: ["vector–Jacobian product: ∂\(output)/∂z[\(l)] = diag(s) − s sᵀ per column (s = \(output)), which is symmetric"],
        shapes: "\(shape(a)), \(shape(da)) → \(network.dz[l - 1].shape)",
        terms: [Term(name: output, value: a), Term(name: upstream, value: da)],
        substituted: { "\($0[0]) ⊙ (\($0[1]) − 1 (\($0[0])ᵀ \($0[1])))" }, result: network.dz[l - 1])
    }
    return writeExplanation(
      title: "∂J/∂z[\(l)]", formula: "\(upstream) ⊙ \(act.name)′(z[\(l)])",
      chain: [
        "vector–Jacobian product: ∂J/∂z[\(l)] = (∂\(output)/∂z[\(l)])ᵀ \(upstream), and ∂\(output)/∂z[\(l)] = diag(\(act.name)′(z[\(l)])) is diagonal, so it is a Hadamard product"
      ],
      shapes: "\(shape(da)) ⊙ \(shape(z)) → \(network.dz[l - 1].shape)",
      terms: [Term(name: upstream, value: da), Term(name: "\(act.name)′(z[\(l)])", value: derivative(l, z))],
      substituted: { "\($0[0]) ⊙ \($0[1])" }, result: network.dz[l - 1])
  }
}
