/// The statement rules:
///
///     program    := separator* (statement (separator+ statement)*)? separator* eof
///     statement  := "let" NAME "=" argument | "set" NAME "=" argument | NAME "=" argument
///                 | KEYWORD item* block? | expression
///     item       := NAME "=" argument | "->" | argument
///     argument   := expression (".." expression)?
///     block      := "{" separator* (statement (separator+ statement)*)? separator* "}"
extension Parser {
  /// program := statements up to the end of input.
  mutating func program() -> [Statement] {
    var statements: [Statement] = []
    while let statement = nextStatement() { statements.append(statement) }
    return statements
  }

  /// The next statement of the program that parses cleanly (reporting the broken ones
  /// before it), or nil at the end of input.
  mutating func nextStatement() -> Statement? {
    while true {
      skipSeparators()
      if isAtEnd { return nil }
      if let statement = statementRecovering(depth: 0) { return statement }
    }
  }

  /// One statement and its terminator; on an error, reports it and skips to the next
  /// statement. Returns nil when the statement (or its block) had any error.
  mutating func statementRecovering(depth target: Int) -> Statement? {
    let errorsBefore = errorCount
    let start = current
    var result: Statement?
    do {
      let statement = try statement()
      try expectEndOfStatement(after: statement)
      result = statement
    } catch {
      report(error)
      synchronize(to: target)
      if current == start { advance() }  // always make progress
    }
    return errorCount > errorsBefore ? nil : result
  }

  /// statement := binding | keyword statement | expression statement
  mutating func statement() throws(Diagnostic) -> Statement {
    mode = .statement
    let first = peek
    switch first.kind {
    case .name:
      // `J = 3` binds a name: `=` after a word always means binding.
      if peekNext.kind == .equal {
        try refuseStatementName(first, bareBinding: true)
        return try binding(.let, keyword: nil)
      }
      // …so `data * 2` must be able to use that name, too.
      if wordIsUsedAsValue { return try expressionStatement() }
      if first.lexeme == "let" || first.lexeme == "set" {
        advance()
        return try binding(first.lexeme == "let" ? .let : .set, keyword: first)
      }
      if let kind = StatementKind(keyword: first.lexeme) {
        advance()
        return try keywordStatement(kind, keyword: first)
      }
      return try expressionStatement()
    case .leftBrace:
      throw error("unexpected '{': a block must start on the same line as its statement")
    case .rightBrace:
      throw error("unexpected '}' without a matching '{'")
    default:
      return try expressionStatement()
    }
  }

  /// Whether the word at the start of the statement is an operand rather than a
  /// keyword, because a binary operator, `'` or an index follows it: `data * 2`,
  /// `loss - 1`, `data[1, 2]`. As in Octave's command syntax, a `-` or `+` with a space
  /// before and none after is the sign of an argument instead: `seed -1`, `show -x`.
  var wordIsUsedAsValue: Bool {
    let next = peekNext
    switch next.kind {
    case .star, .slash, .caret, .dotStar, .dotSlash, .dotCaret, .transpose,
      .equalEqual, .bangEqual, .less, .lessEqual, .greater, .greaterEqual:
      return true
    case .plus, .minus:
      return !(next.spaceBefore && !peek(at: 2).spaceBefore)
    case .leftBracket:
      return !next.spaceBefore
    default:
      return false
    }
  }

  /// binding := ("let" | "set")? NAME "=" argument
  ///
  /// Arguments are `[name, value]`, the name as a `.name` expression.
  mutating func binding(_ kind: StatementKind, keyword: Token?) throws(Diagnostic) -> Statement {
    let name = try consume(.name, "expected a name " + (keyword.map { "after '\($0.lexeme)'" } ?? "at the start of a statement"))
    try refuseStatementName(name, bareBinding: false)
    var target = Expression(.name(name.lexeme), span: name.span)
    // `set W1[1, 2] = 0.5`: some entries of a parameter.
    if kind == .set, check(.leftBracket), !peek.spaceBefore { target = try index(target) }
    let equal = try consume(.equal, "expected '=' after '\(String(target.span.text))'")
    try requireOperand(after: equal)
    let value = try argument()
    let first = keyword ?? name
    return Statement(
      kind: kind, keywordSpan: first.span, arguments: [.expression(target), .expression(value)],
      span: first.span.through(previous.span))
  }

  /// A statement name is not a variable name: `let = 5` lacks the name, and `show = 5`
  /// or `let show = 5` would bind a name that the statement takes at the start of a line.
  func refuseStatementName(_ name: Token, bareBinding: Bool) throws(Diagnostic) {
    guard let kind = StatementKind(keyword: name.lexeme) else { return }
    if bareBinding, kind == .let || kind == .set {
      throw Diagnostic.error("\(kind.rawValue) needs a name: \(kind.spec.synopsis)", at: peekNext.span)
    }
    throw Diagnostic.error(
      "'\(name.lexeme)' is a statement name and cannot be a variable; choose another name", at: name.span)
  }

  /// KEYWORD item* block?
  mutating func keywordStatement(_ kind: StatementKind, keyword: Token) throws(Diagnostic)
    -> Statement
  {
    let saved = mode
    mode = .arguments
    defer { mode = saved }
    let errorsBefore = errorCount
    var arguments: [Argument] = []
    var options: [Option] = []
    items: while true {
      let token = peek
      switch token.kind {
      case .arrow:
        advance()
        arguments.append(.arrow(token.span))
      case .name where peekNext.kind == .equal:
        options.append(try option(of: kind, after: options))
      default:
        // No argument starts with `+`: `loss + 1` is not `loss 1`.
        guard canStartExpression(token), token.kind != .plus else { break items }
        arguments.append(.expression(try argument()))
      }
    }
    var block: [Statement]?
    if check(.leftBrace) { block = try self.block() }
    var statement = Statement(
      kind: kind, keywordSpan: keyword.span, arguments: arguments, options: options,
      block: block, span: keyword.span.through(previous.span))
    // Words, arguments and literal values are checked against the grammar now, so a
    // misspelt word on line 40 is reported before line 1 runs.
    // (After an unknown option key, whose value may have been meant as an argument, they
    // would only repeat the error.)
    let (parsed, errors) = StatementGrammar.check(statement)
    statement.parsed = parsed
    if errorCount == errorsBefore { errors.forEach { report($0) } }
    return statement
  }

  /// option := NAME "=" argument
  ///
  /// An unknown or repeated key is reported but does not stop the statement, so the
  /// rest of it is still checked.
  mutating func option(of kind: StatementKind, after earlier: [Option]) throws(Diagnostic) -> Option
  {
    let key = advance()
    let equal = advance()
    let value: Expression
    if kind == .limit, peek.kind == .error, Self.isMemorySize(peek.lexeme) {
      // `limit memory=2G`: a size with a unit, which the scanner takes for a malformed number.
      let size = advance()
      value = Expression(.string(size.lexeme), span: size.span)
    } else {
      try requireOperand(after: equal)
      value = try argument()
    }
    let allowed = kind.spec.options
    if !allowed.contains(key.lexeme) {
      var message = "statement '\(kind.rawValue)' has no option '\(key.lexeme)'"
      if let near = Suggestion.nearest(to: key.lexeme, in: allowed) {
        message += "; did you mean '\(near)'?"
      } else if kind == .assert {
        message += "; did you mean '=='?"
      } else if kind == .train, key.lexeme == "weight_decay" {
        message += " (weight decay belongs to the optimizer: optimizer sgd weight_decay=0.01; or add a penalty to J: train l2=0.01)"
      }
      report(.error(message, at: key.span))
    } else if earlier.contains(where: { $0.key == key.lexeme }) {
      report(.error("option '\(key.lexeme)' is given twice", at: key.span))
    }
    return Option(key: key.lexeme, keySpan: key.span, value: value)
  }

  /// `2G`, `500M`, `1.5G`, `64KB`, `2GiB`: digits (with a fraction) and a unit.
  static func isMemorySize(_ text: String) -> Bool {
    var rest = Substring(text)
    for suffix in ["iB", "B"] where rest.hasSuffix(suffix) {
      rest = rest.dropLast(suffix.count)
      break
    }
    guard let unit = rest.last, "KMGTkmgt".contains(unit) else { return false }
    rest = rest.dropLast()
    return rest.allSatisfy { $0.isASCII && ($0.isNumber || $0 == ".") } && rest.first?.isNumber == true
      && Double(rest) != nil
  }

  /// block := "{" statements "}"
  mutating func block() throws(Diagnostic) -> [Statement] {
    try enterBlock()
    defer { leaveBlock() }
    // Expressions inside the block start afresh (the statement's own arguments are done).
    let outerNesting = nesting
    nesting = 0
    defer { nesting = outerNesting }
    let open = advance()
    let inner = depth
    var statements: [Statement] = []
    while true {
      skipSeparators()
      if match(.rightBrace) != nil { return statements }
      if isAtEnd {
        throw error("expected '}' to close '{' at line \(open.span.start.line)")
      }
      if let statement = statementRecovering(depth: inner) { statements.append(statement) }
    }
  }

  /// A bare expression, whose value the shell prints.
  ///
  /// A word that is not a statement, followed by more arguments (`trian epochs=3`), is
  /// a misspelt statement rather than an expression, and is reported as one. A word on
  /// its own stays an expression: the interpreter reports unknown names.
  mutating func expressionStatement() throws(Diagnostic) -> Statement {
    let first = peek
    let expression = try self.expression()
    if first.kind == .name, case .name(let word) = expression.kind,
      expression.span.end == first.span.end,
      peek.kind == .arrow || peek.kind == .leftBrace || canStartExpression(peek)
    {
      if let near = Suggestion.nearest(to: word, in: StatementKind.keywords) {
        throw Diagnostic.error(
          "unknown statement '\(word)'; did you mean '\(near)'?", at: first.span)
      }
      if let hint = spaceHint() { throw error(hint) }
      throw Diagnostic.error("unknown statement '\(word)'", at: first.span)
    }
    if check(.equal) {
      throw Diagnostic.error(
        "cannot assign to '\(expression.span.text)': only a name can be bound with '='",
        at: expression.span)
    }
    return Statement(
      kind: .expression, keywordSpan: expression.span, arguments: [.expression(expression)],
      span: expression.span)
  }

  /// When a space before `(` or `[` has split a call or an index in two (`relu (z)`,
  /// `X [1]` where a single expression was wanted), the message that says so.
  func spaceHint() -> String? {
    guard peek.spaceBefore, previous.kind == .name else { return nil }
    let name = previous.lexeme
    switch peek.kind {
    case .leftParen:
      return "unexpected space between '\(name)' and '(': write \(name)(…) to call it"
    case .leftBracket:
      return "unexpected space between '\(name)' and '[': write \(name)[…] to index it"
    default: return nil
    }
  }

  /// A statement ends at `;`, a line end, a `}` or the end of input.
  mutating func expectEndOfStatement(after statement: Statement) throws(Diagnostic) {
    switch peek.kind {
    case .separator, .rightBrace, .eof:
      return
    default:
      if let hint = spaceHint() { throw error(hint) }
      switch statement.kind {
      case .expression, .let, .set:
        throw error("expected a new line or ';' after expression")
      default:
        let note = check(.comma) ? " (arguments are separated by spaces)" : ""
        throw error("unexpected \(peek.quoted) in '\(statement.kind.rawValue)' statement\(note)")
      }
    }
  }
}
