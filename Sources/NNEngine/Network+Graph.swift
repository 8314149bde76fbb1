/// The network's forward pass recorded as an autodiff graph, with every node named as
/// in the notes. The fast `forward`/`backward` never build this; the shell builds it on
/// demand for `jacobian`, `grad`, `explain` and expressions over network values, and the
/// tests check that its gradients equal the hand-written backward pass.
public struct NetworkGraph {
  /// `x`, `y`, `W1`, `b1`, `z1`, `a1`, …, `h`, `J` (J only when y was given).
  public var nodes: [String: Variable]
  public subscript(name: String) -> Variable? { nodes[name] }
}

extension Network {
  /// Records `z[l] = W[l] a[l-1] + b[l]`, `a[l] = g(z[l])`, `h`, and `J` when `y` is given.
  /// `x`, `y` and the parameters are leaves.
  public func graph(x: Matrix, y: Matrix?) throws -> NetworkGraph {
    try graph(input: Variable(x), target: y.map { Variable($0) })
  }

  /// The same, over given leaves: the shell passes the nodes its names `x`, `y`, `W1`, …
  /// already stand for, so expressions over them and the network's values share one graph.
  /// Values are computed exactly as the fast forward pass computes them.
  public func graph(
    input xNode: Variable, target yNode: Variable?, parameters: [(W: Variable, b: Variable)]? = nil
  ) throws -> NetworkGraph {
    try validate(x: xNode.value, y: yNode?.value)
    var nodes: [String: Variable] = [:]
    nodes["x"] = xNode
    var previous = xNode
    var lastZ = xNode
    for (index, layer) in layers.enumerated() {
      let l = index + 1
      let given = parameters.flatMap { index < $0.count ? $0[index] : nil }
      let W = given?.W ?? Variable(layer.W), b = given?.b ?? Variable(layer.b)
      nodes["W\(l)"] = W
      nodes["b\(l)"] = b
      let z = try W * previous + b
      let a = z.activation(layer.activation)
      nodes["z\(l)"] = z
      nodes["a\(l)"] = a
      previous = a
      // After a training pass the next layer read ã = a ⊙ m / (1 − p) (`Dropout.swift`);
      // m/(1 − p) is exactly 0 or 1/(1 − p), so this is the pass's number to the last bit.
      if masksApplied, dropout[index] > 0 {
        let scale = 1 / (1 - dropout[index])
        previous = try Variable.hadamard(a, Variable(masks[index].map { $0 * scale }))
      }
      lastZ = z
    }
    nodes["h"] = previous
    if let yNode {
      nodes["y"] = yNode
      // For a fused output the graph goes through h with the loss on probabilities, so
      // ∂J/∂h exists in the graph as the notes write it; its value is the fused, stable J.
      let J = try lossIsFused
        ? previous.probabilityLoss(loss, target: yNode, value: loss.value(lastZ.value, yNode.value))
        : previous.loss(loss, target: yNode)
      // The penalty on the weights is part of J (as in the fast pass, added last).
      let weights = layers.indices.compactMap { nodes["W\($0 + 1)"] }
      nodes["J"] = regularization.isActive ? try J + Variable.penalty(regularization, of: weights) : J
    }
    return NetworkGraph(nodes: nodes)
  }
}
