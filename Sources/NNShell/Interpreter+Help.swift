import NNData
import NNEngine

/// `help`, `help STATEMENT`, `help functions`, `help names`, `help data`.
extension Interpreter {
  static let helpTopics = ["functions", "names", "data", "activations", "losses", "notation"] + trainingTopics

  func helpStatement(_ s: Statement) throws -> Output? {
    try expectArguments(s, 0...1)
    guard let topic = s.arguments.first?.word ?? s.arguments.first.flatMap({ a -> String? in
      if case .expression(let e) = a, case .string(let t) = e.kind { return t } else { return nil }
    }) else {
      if let a = s.arguments.first { throw error("help takes a topic name: help train", at: a.span) }
      return .report([.message("nnsh statements (help NAME for one; help functions, help names, help data):"), .text(StatementSpec.overview())])
    }
    if let page = Interpreter.trainingHelp(topic) {
      return .text((StatementKind(keyword: topic).map { $0.spec.page + "\n" } ?? "") + page + "\n")
    }
    if let kind = StatementKind(keyword: topic) {
      return .text(kind.spec.page)
    }
    switch topic {
    case "functions":
      return .report(Functions.help.map { .message("  \($0.0)\n      \($0.1)") })
    case "names", "notation":
      return .message("""
        The network's values, after forward (and gradients after backward):
          x, y          the input and target columns (set by sample, forward x=… y=…, or let)
          W1 b1 …       W[l] is n[l] × n[l-1], b[l] is n[l] × 1
          z1 a1 …       z[l] = W[l] a[l-1] + b[l],  a[l] = g(z[l])
          h, J          the output a[r] and the loss
          dW1 db1 dz1 da1 … dh   ∂J/∂W[1], ∂J/∂b[1], … (backward overwrites them)
        Batches are matrices whose columns are samples; indices start at 1.
        """)
    case "data":
      return .report(
        BuiltinDataset.allCases.map { .message("  data \($0.rawValue.padding(8))\($0.summary)") } + [
          .message("  data X Y        matrices of the session, one column per sample"),
          .message("  load \"f.csv\" target=COL   a CSV file with a header row"),
        ])
    case "activations":
      return .message("  " + Activation.names.joined(separator: " "))
    case "losses":
      return .report(Loss.allCases.map { .message("  \($0.rawValue.padding(4)) \($0.formula)") })
    default:
      var message = "no help on '\(topic)'"
      if let near = Suggestion.nearest(to: topic, in: StatementKind.keywords + Interpreter.helpTopics) {
        message += "; did you mean '\(near)'?"
      }
      throw error(message, at: s.arguments[0].span)
    }
  }
}
