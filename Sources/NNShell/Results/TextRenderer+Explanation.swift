import NNEngine

/// The text of explanations.
extension TextRenderer {
  /// The equation, the chain, the shapes, the numbers written in and the result; the
  /// numbers inline only when each operand has at most `inlineLimit` entries and the line
  /// fits `width`, else each operand (and a large result) as an indented block:
  ///
  ///     z[2] = W[2] a[1] + b[2]
  ///       shapes: (4×3)(3×1) + (4×1) → 4×1
  ///       = [1 0 1; 0 1 0; -1 1 0; 0.5 0.5 -2] [0; 5.5; 0] + [0; -1; 0; 1]
  ///       = [0; 4.5; 5.5; 3.75]
  static func text(_ e: Explanation, width: Int) -> String {
    let format = e.format.laidOut(width: width)
    let digits = format.digits
    var lines = ["\(e.title) = \(e.formula)"] + e.chain.map { "  " + $0 } + ["  shapes: \(e.shapes)"]
    var blocks = ""
    let inline = e.substituted(e.operands.map { ExpressionText.literal($0.value, digits: digits, fallback: $0.name) })
    if ("  = " + inline).count <= width && e.operands.allSatisfy({ $0.value.count <= inlineLimit }) {
      lines.append("  = " + inline)
    } else {
      lines.append("  with")
      blocks = e.operands.map { indented(format.format($0.value, name: $0.name)) }.joined()
    }
    var text = lines.map { $0 + "\n" }.joined() + blocks
    let result = ExpressionText.literal(e.result, digits: digits, fallback: e.title)
    if e.result.count <= inlineLimit && ("  = " + result).count <= width {
      text += "  = " + result + "\n"
    } else {
      text += indented(format.format(e.result, name: "= \(e.title)"))
    }
    return text
  }

  /// The most entries an operand written inline has.
  static let inlineLimit = 16

  /// Every non-empty line indented by two spaces.
  static func indented(_ text: String) -> String {
    text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.isEmpty ? "" : "  " + $0 }.joined(separator: "\n")
  }
}
