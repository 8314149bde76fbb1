/// The computational graph in Graphviz's DOT language (`draw graph J to "g.dot"`, then
/// `dot -Tsvg g.dot`): top to bottom, leaves as boxes, operations as rounded boxes,
/// collapsed blocks with a double border, each labelled with the lines of the drawing.
///
///     digraph "graph of f" {
///       n0 [label="x1\n1×1  2\ngrad 36", shape=box];
///       n3 [label="^\n1×1  4\ngrad 18", shape=box, style=rounded];
///       n0 -> n3;
///     }
extension ComputationGraph {
  func dot() -> String {
    var out = "digraph \(ComputationGraph.quoted("graph of " + title)) {\n"
    out += "  rankdir=TB;\n  ordering=in;  // operands left to right, as written\n"
    out += "  label=\(ComputationGraph.quoted("graph of \(title): \(countText)" + (gradientNote.map { "; grad = \($0)" } ?? "")));\n"
    out += "  labelloc=t;\n"
    out += "  node [fontname=\"Helvetica\", fontsize=11];\n"
    for (i, node) in nodes.enumerated() {
      let label = ComputationGraph.quoted(lines(node).joined(separator: "\n"))
      let shape: String
      switch node.kind {
      case .operation: shape = "shape=box, style=\"rounded,filled\", fillcolor=\"#fde3cf\""
      case .block: shape = "shape=box, peripheries=2, style=filled, fillcolor=\"#e4dcf3\""
      case .leaf, .constant: shape = "shape=box, style=filled, fillcolor=\"#dbe9f5\""
      }
      out += "  n\(i) [label=\(label), \(shape)];\n"
    }
    for (i, node) in nodes.enumerated() {
      for j in node.inputs { out += "  n\(j) -> n\(i);\n" }
    }
    return out + "}\n"
  }

  /// A DOT string: quotes and backslashes escaped, line breaks as `\n`, control
  /// characters dropped.
  static func quoted(_ s: String) -> String {
    var out = "\""
    for c in s.unicodeScalars {
      switch c {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      default: if c.value >= 0x20 { out.unicodeScalars.append(c) }
      }
    }
    return out + "\""
  }
}
