import NNData
import NNEngine

/// `layer dropout p`, `forward … train=yes` and the masks they leave (see the engine's
/// `Dropout.swift` for the maths). A dropout takes no layer number: it belongs to the dense
/// layer before it, whose a[l] it masks, so `W1 b1 z1 a1 …` keep the notes' numbering.
extension Interpreter {
  /// `layer dropout 0.5`: inverted dropout after the last dense layer (p = 0 removes it).
  func dropoutStatement(_ s: Statement) throws {
    let e = try value(s, "p")
    let p = try evaluateScalar(e, "the dropout probability")
    guard p.isFinite, p >= 0, p < 1 else {
      throw error("the dropout probability must be at least 0 and less than 1 (got \(NumberFormat.format(p))), e.g. layer dropout 0.5", at: e.span)
    }
    guard !network.isEmpty else {
      throw error("dropout goes after a dense layer: add one first (layer dense 2 -> 16 relu; layer dropout 0.5)", at: s.span)
    }
    try engine(s.span) { try network.setDropout(p) }
    forwardRecord = nil
  }

  /// Refuses a dropout after the output layer before a training pass: it would mask h.
  func checkDropoutPlacement(at span: SourceSpan) throws {
    if let p = network.dropout.last, p > 0 {
      throw error(
        "the dropout after layer \(network.layers.count) would mask the output h: dropout goes between dense layers (add the next layer dense, or layer dropout 0 to remove it)",
        at: span)
    }
  }

  /// After a training `forward` or `train` (its last batch): the 0/1 mask of the dropout after layer l as `maskL`
  /// (`a[l]` was passed on as `maskL .* a[l] / (1 − p)`).
  func bindMasks() {
    for l in network.layers.indices where network.dropout[l] > 0 && l < network.masks.count {
      bind("mask\(l + 1)", Variable(network.masks[l]))
    }
  }

  /// ã[l] = mask[l] ⊙ a[l] / (1 − p), what layer l + 1 read in the last pass, when that
  /// was a training pass with a dropout after layer l (1-based); nil otherwise.
  func droppedOutput(of l: Int) -> Matrix? {
    guard network.masksApplied, l >= 1, l <= network.dropout.count, network.dropout[l - 1] > 0,
      l - 1 < network.masks.count, let product = try? Matrix.hadamard(network.a[l - 1], network.masks[l - 1])
    else { return nil }
    return (1 / (1 - network.dropout[l - 1])) * product
  }

  /// `explain z[l]`'s note when layer l read a dropped-out input.
  func dropoutNote(input l: Int) -> String {
    guard l > 1, droppedOutput(of: l - 1) != nil else { return "" }
    return "  (ã[\(l - 1)] = mask\(l - 1) ⊙ a[\(l - 1)] / (1 − \(NumberFormat.format(network.dropout[l - 2]))): dropout, training pass)"
  }

  /// `explain da[l]` through the dropout after layer l: mask ⊙ (W[l+1]ᵀ ∂J/∂z[l+1]) / (1 − p).
  func explainDroppedGradient(_ l: Int, _ value: Matrix) -> Output? {
    guard droppedOutput(of: l) != nil else { return nil }
    let W = network.layers[l].W, p = NumberFormat.format(network.dropout[l - 1])
    return writeExplanation(
      title: "∂J/∂a[\(l)]", formula: "mask\(l) ⊙ (W[\(l + 1)]ᵀ ∂J/∂z[\(l + 1)]) / (1 − \(p))",
      chain: ["chain rule: z[\(l + 1)] = W[\(l + 1)] ã[\(l)] + b and ã[\(l)] = mask\(l) ⊙ a[\(l)] / (1 − \(p)) (dropout, training pass)"],
      shapes: "\(network.masks[l - 1].shape) ⊙ ((\(W.cols)×\(W.rows))(\(network.dz[l].shape))) → \(value.shape)",
      terms: [
        Term(name: "mask\(l)", value: network.masks[l - 1]), Term(name: "W[\(l + 1)]ᵀ", value: W.transposed),
        Term(name: "∂J/∂z[\(l + 1)]", value: network.dz[l]),
      ],
      substituted: { "\($0[0]) ⊙ (\($0[1]) \($0[2])) / (1 − \(p))" }, result: value)
  }

  /// `draw net`'s note on the dropouts: `; dropout 0.5 after layer 1`.
  var dropoutTitle: String {
    network.dropout.enumerated().filter { $0.element > 0 }
      .map { "; dropout \(NumberFormat.format($0.element)) after layer \($0.offset + 1)" }.joined()
  }

  /// `summary`'s row for the dropout after layer `l` (0-based), if it has one.
  func dropoutRow(after l: Int) -> [String]? {
    guard l < network.dropout.count, network.dropout[l] > 0 else { return nil }
    return ["", "dropout", "", "p = \(NumberFormat.format(network.dropout[l])), masks a[\(l + 1)]", "0"]
  }
}
