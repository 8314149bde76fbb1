/// An expression written inside a string literal, as an exercise's solution is:
///
///     exercise "Compute dz2" answer=dz2 solution="(W3' * dz3) .* relu_prime(z2)"
///
/// The text is parsed as nnsh source of its own, and every diagnostic about it — a
/// syntax error when the script is checked, a shape error when it runs — is moved back
/// into the script, under the characters of the literal it is about:
///
///     walk.nn:9:48: error: expected an expression after '*'
///        9 | exercise "…" answer=dz2 solution="(W3' * ) .* relu_prime(z2)"
///          |                                          ^
///
/// A literal with escapes (`\"`, `\n`) has no byte-for-byte map to its value, so a
/// diagnostic inside one points at the whole literal.
struct EmbeddedExpression {
  let expression: Expression
  /// The string literal in the script.
  let literal: SourceSpan
  /// The literal's value, as the source the expression's spans are in.
  let inner: SourceText

  /// Parses the literal `e` (a `.string` expression); throws a diagnostic in the script.
  static func parse(_ e: Expression, what: String) throws(Diagnostic) -> EmbeddedExpression {
    guard case .string(let text) = e.kind else {
      throw Diagnostic.error("\(what) must be an expression in double quotes", at: e.span)
    }
    let inner = SourceText(name: e.span.source.name, text: text)
    let parsed = Parser.parse(inner)
    let placed = EmbeddedExpression.Placement(literal: e.span, inner: inner)
    if let first = parsed.diagnostics.first(where: { $0.severity == .error }) { throw placed.moved(first) }
    guard parsed.statements.count == 1, let s = parsed.statements.first, s.kind == .expression,
      let expression = s.arguments.first?.expression
    else {
      let what = parsed.statements.isEmpty ? "\(what) is empty" : "\(what) must be one expression, not a statement"
      throw Diagnostic.error(what, at: e.span)
    }
    return EmbeddedExpression(expression: expression, literal: e.span, inner: inner)
  }

  /// A diagnostic about the inner text, moved into the script.
  func moved(_ d: Diagnostic) -> Diagnostic {
    Placement(literal: literal, inner: inner).moved(d)
  }

  /// Where the inner text sits in the script.
  struct Placement {
    let literal: SourceSpan
    let inner: SourceText

    /// The byte of the script where the inner text's first byte is, when the literal
    /// holds its value byte for byte (no escapes, one pair of quotes).
    var base: Int? {
      let start = literal.startOffset + 1, end = literal.endOffset - 1
      let script = literal.source.text.utf8
      guard end - start == inner.text.utf8.count, end <= script.count else { return nil }
      let from = script.index(script.startIndex, offsetBy: start), to = script.index(from, offsetBy: end - start)
      return script[from..<to].elementsEqual(inner.text.utf8) ? start : nil
    }

    func moved(_ d: Diagnostic) -> Diagnostic {
      var d = d
      d.notes = d.notes.map(moved)
      guard let span = d.span, span.source === inner else { return d }
      if let base {
        d.span = SourceSpan(source: literal.source, startOffset: base + span.startOffset, endOffset: base + span.endOffset)
      } else {
        d.span = literal
      }
      return d
    }
  }
}

extension OptionKind {
  /// What is wrong with an option that holds an expression in a string (`solution="…"`).
  static func embeddedExpressionError(_ o: Option) -> Diagnostic? {
    do {
      _ = try EmbeddedExpression.parse(o.value, what: "\(o.key)=")
      return nil
    } catch {
      return error
    }
  }
}
