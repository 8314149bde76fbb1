import NNData
import NNEngine

/// `help`, `help STATEMENT`, `help functions`, `help names`, `help data`.
extension Interpreter {
  static let helpTopics = ["functions", "names", "data", "activations", "losses", "notation"] + trainingTopics

  func helpStatement(_ s: Statement) throws -> Output? {
    guard let topic = s.arguments.first?.word ?? s.arguments.first.flatMap({ a -> String? in
      if case .expression(let e) = a, case .string(let t) = e.kind { return t } else { return nil }
    }) else {
      if let a = s.arguments.first { throw error("help takes a topic name: help train", at: a.span) }
      let specs = StatementKind.allCases.filter { $0 != .expression }.map(\.spec)
      return .help(.statements(heading: "nnsh statements (help NAME for one; help functions, help names, help data):", specs))
    }
    if let page = Interpreter.trainingHelp(topic) {
      return .text((StatementKind(keyword: topic).map { $0.spec.page + "\n" } ?? "") + page + "\n")
    }
    if let kind = StatementKind(keyword: topic) {
      return .help(.statement(kind.spec))
    }
    if let page = Interpreter.helpTopic(topic) { return .help(.topic(page)) }
    var message = "no help on '\(topic)'"
    if let near = Suggestion.nearest(to: topic, in: StatementKind.keywords + Interpreter.helpTopics) {
      message += "; did you mean '\(near)'?"
    }
    throw error(message, at: s.arguments[0].span)
  }

  /// The page of a topic of `helpTopics`; nil for any other word.
  static func helpTopic(_ topic: String) -> HelpTopic? {
    typealias Entry = HelpTopic.Entry
    switch topic {
    case "functions":
      return HelpTopic(entries: Functions.help.map { Entry(term: $0.0, meaning: $0.1) }, layout: .list)
    case "names", "notation":
      return HelpTopic(
        heading: "The network's values, after forward (and gradients after backward):",
        entries: [
          Entry(term: "x, y", meaning: "the input and target columns (set by sample, forward x=… y=…, or let)"),
          Entry(term: "W1 b1 …", meaning: "W[l] is n[l] × n[l-1], b[l] is n[l] × 1"),
          Entry(term: "z1 a1 …", meaning: "z[l] = W[l] a[l-1] + b[l],  a[l] = g(z[l])"),
          Entry(term: "h, J", meaning: "the output a[r] and the loss"),
          Entry(term: "dW1 db1 dz1 da1 … dh", meaning: "∂J/∂W[1], ∂J/∂b[1], … (backward overwrites them)"),
        ],
        layout: .columns, footer: [
          "The notes write the target o, as in J = 1/2 (h − o)²: nnsh calls it y.",
          "Batches are matrices whose columns are samples; indices start at 1.",
        ])
    case "data":
      return HelpTopic(
        entries: BuiltinDataset.allCases.map { Entry(term: "data \($0.rawValue)", meaning: $0.summary) } + [
          Entry(term: "data X Y", meaning: "matrices of the session, one column per sample"),
          Entry(term: "load \"f.csv\" target=COL", meaning: "a CSV file with a header row"),
        ],
        layout: .columns,
        footer: [
          "two classes and one output unit: y is a 1×N row of 0/1 (1 for class 2), as in the notes' binary case",
          "  seed 1; data circle; split 0.8; net; layer dense 2 -> 16 tanh; layer dense sigmoid; loss bce",
          "  train epochs=200 batch=16 lr=0.5 quiet=yes; evaluate     (≥ 95% on circle and moons)",
        ])
    case "activations":
      let all = Activation.names.compactMap { Activation(name: $0) }
      return HelpTopic(entries: all.map { Entry(term: $0.name, meaning: $0.formula) }, layout: .columns)
    case "losses":
      return HelpTopic(entries: Loss.allCases.map { Entry(term: $0.rawValue, meaning: $0.formula) }, layout: .columns)
    default:
      return nil
    }
  }
}
