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
