/// What `help` shows, as values a renderer lays out: the text renderer as the pages below,
/// a notebook as it likes.
///
///     help train      →  .statement(StatementSpec: synopsis, summary, options, example)
///     help            →  .statements(heading: "nnsh statements (…):", every StatementSpec)
///     help losses     →  .topic(HelpTopic(entries: [("mse", "J = 1/2 · …"), …]))
enum HelpPage {
  /// One statement: its synopsis, what it does, its options and an example.
  case statement(StatementSpec)
  /// The list of statements, each with its synopsis and summary.
  case statements(heading: String, [StatementSpec])
  /// A topic (`functions`, `names`, `data`, `activations`, `losses`).
  case topic(HelpTopic)
}

/// A help topic: terms, each with what it means, and lines around them.
struct HelpTopic {
  /// One term (`relu(z) leaky_relu(z, α)`, `mse`) and its meaning.
  struct Entry {
    var term: String
    var meaning: String
  }

  enum Layout {
    /// The term on its line, the meaning indented below it (`help functions`).
    case list
    /// Term and meaning side by side, the meanings aligned (`help losses`).
    case columns
  }

  /// A line before the entries, if any.
  var heading: String?
  var entries: [Entry]
  var layout: Layout
  /// Lines after the entries, if any.
  var footer: [String] = []
}
