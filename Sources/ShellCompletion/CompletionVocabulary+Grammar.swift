import LineEditor
import NNShell

/// Tab completion built from the statement grammar (`StatementGrammar`), so that what
/// the shell offers is exactly what the parser accepts: every statement word, option key
/// and value word where it may stand (the options of the forms the words still fit),
/// names only where a name, a matrix or an expression may (functions only in an
/// expression), and paths only inside a string that names a file. The interactive shell
/// and the `interactive` fuzz target both use it, so a new statement reaches both.
extension CompletionVocabulary {
  public static func nnsh(names: [String] = []) -> CompletionVocabulary {
    var grammar: [String: StatementCompletion] = [:]
    // `let` and `set` bind a name to an expression: left to the completer's default.
    for kind in StatementKind.allCases where ![.expression, .let, .set].contains(kind) {
      let g = StatementGrammar.of(kind)
      grammar[kind.rawValue] = StatementCompletion(
        forms: g.forms.map { form in
          form.map { CompletionElement(CompletionSlot($0.kind), optional: $0.isOptional, repeats: $0.repeats) }
        },
        options: kind.spec.options,
        optionValues: g.options.mapValues(CompletionSlot.init),
        formOptions: g.forms.indices.map { g.optionKeys(ofForm: $0) })
    }
    return CompletionVocabulary(
      statements: StatementKind.keywords, grammar: grammar, functions: Interpreter.functionNames, names: names)
  }
}

extension CompletionSlot {
  public init(_ kind: SlotKind) {
    switch kind {
    case .word(let set): self = .words(set.words)
    case .integer, .expression: self = .expression
    case .matrix: self = .matrix
    case .name: self = .name
    case .path: self = .path
    case .text: self = .text
    case .arrow: self = .arrow
    case .pairs(let pairs):
      self = .pairs(Dictionary(pairs.map { ($0.key, CompletionSlot($0.value)) }, uniquingKeysWith: { a, _ in a }))
    }
  }

  public init(_ kind: OptionKind) {
    switch kind {
    case .integer, .number, .expression: self = .expression
    case .yesNo: self = .words(["yes", "no"])
    case .word(let set): self = .words(set.words)
    case .path: self = .path
    case .text, .column, .expressionText: self = .text
    case .size: self = .words(["default"])
    case .name: self = .name
    }
  }
}
