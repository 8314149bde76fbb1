/// The text of help pages.
extension TextRenderer {
  /// `help NAME`, `help`, `help TOPIC` as the terminal shows them; every line ends in a newline.
  static func text(_ page: HelpPage) -> String {
    switch page {
    case .statement(let spec): return text(spec)
    case .statements(let heading, let specs): return heading + "\n" + overview(specs)
    case .topic(let topic): return text(topic)
    }
  }

  /// The synopsis, then indented what it does, its options and an example:
  ///
  ///     train epochs=N batch=B lr=α
  ///       mini-batch gradient descent (batch=1 is SGD)
  ///       options: epochs= batch= lr= quiet= report=
  ///       example: train epochs=100 batch=32 lr=0.1
  static func text(_ spec: StatementSpec) -> String {
    var text = spec.synopsis + "\n  " + spec.summary + "\n"
    if !spec.options.isEmpty { text += "  options: " + spec.options.map { "\($0)=" }.joined(separator: " ") + "\n" }
    if !spec.example.isEmpty { text += "  example: " + spec.example + "\n" }
    return text
  }

  /// One line per statement, summaries in a column from 39; a synopsis too long for its
  /// column has its summary on the next line.
  static func overview(_ specs: [StatementSpec]) -> String {
    var text = ""
    for spec in specs {
      if spec.synopsis.count > 34 {
        text += "  \(spec.synopsis)\n" + String(repeating: " ", count: 38) + spec.summary + "\n"
      } else {
        text += "  " + spec.synopsis + String(repeating: " ", count: 36 - spec.synopsis.count) + spec.summary + "\n"
      }
    }
    return text
  }

  /// A topic's heading, its entries (listed, or in two columns two spaces apart), its footer.
  static func text(_ topic: HelpTopic) -> String {
    var lines = topic.heading.map { [$0] } ?? []
    let width = topic.entries.map(\.term.count).max() ?? 0
    for e in topic.entries {
      switch topic.layout {
      case .list: lines += ["  " + e.term, "      " + e.meaning]
      case .columns: lines.append(("  " + e.term.padding(width + 1) + " " + e.meaning).trailingSpacesTrimmed)
      }
    }
    lines += topic.footer
    return lines.map { $0 + "\n" }.joined()
  }
}
