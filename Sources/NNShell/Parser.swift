/// What `Parser.parse` returns: the statements that parsed cleanly and every diagnostic.
///
/// A statement with an error in it (or in its block) is left out of `statements`, so a
/// caller can never run half of one; a script with any error should not be run at all,
/// as Lua refuses to run a chunk that does not compile.
public struct ParseResult: @unchecked Sendable {
  public var statements: [Statement]
  public var diagnostics: [Diagnostic]

  public init(statements: [Statement], diagnostics: [Diagnostic]) {
    self.statements = statements
    self.diagnostics = diagnostics
  }

  /// Whether any diagnostic is an error (warnings do not stop a script).
  public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }
}

/// A recursive-descent parser for nnsh, one method per grammar rule, after Crafting
/// Interpreters. The rules live in `Parser+Statements.swift` and
/// `Parser+Expressions.swift`; this file holds the token cursor, error reporting and
/// recovery.
///
///     let result = Parser.parse(SourceText(name: "walk.nn", text: """
///       net; layer dense 2 -> 3 relu
///       train epochs=100 lr=0.1
///       """))
///     result.statements.map(\.kind)   // [.net, .layer, .train]
///
/// Recovery is per statement: at an error the parser reports it, skips to the next `;`
/// or newline at the bracket depth the statement started at, and goes on, so one run
/// reports every broken statement of a script. Later errors inside the same statement
/// would mostly be echoes of the first, so only the first one is reported.
public struct Parser {
  /// How whitespace before `[`, `(`, `+` and `-` is read.
  enum Mode {
    /// A binding's value or a bare expression: a space before `[` or `(` ends the
    /// expression, so `X [1]` is not an index.
    case statement
    /// A statement's arguments, which are juxtaposed: as `.statement`, and a `-` or `+`
    /// with a space before and none after starts a new argument, as in a matrix:
    /// `show a -b` has two arguments, `show a - b` one.
    case arguments
    /// Matrix elements: `[1 -2]` has two elements, `[1 - 2]` one (Octave's rule).
    case matrix
    /// Inside `( )`, call arguments and indices: whitespace means nothing.
    case parenthesized
  }

  let source: SourceText
  /// Where the tokens come from, one at a time: the parser keeps only those it looks
  /// ahead at (a 10 MB script has millions of tokens, and each statement needs a few).
  var scanner: Scanner
  /// The token consumed last (at `head - 1`, when there is one) and those scanned and not
  /// yet consumed, `peek` at `head`: always at least `Parser.lookahead` of them (the
  /// scanner repeats `.eof` at the end).
  var buffer: [Token] = []
  var head = 0
  /// How many tokens have been consumed: the cursor's place in the token stream.
  var current = 0
  /// Where the last token consumed that is not a line break ends.
  var endBeforeLineEnd: Int?
  /// Brackets opened and not yet closed, innermost last, kept as tokens are consumed;
  /// recovery uses it to find a separator at the right level. A closing bracket pops
  /// whatever is innermost, matching or not, as the scanner does.
  var openBrackets: [TokenKind] = []
  var depth: Int { openBrackets.count }
  var mode = Mode.statement
  /// How deeply the rules that call themselves (brackets, signs, powers, blocks) are
  /// nested right now; past `maxNesting` the parser stops with an error instead of
  /// running out of stack on `((((((…` or `[[[[…`.
  var nesting = 0
  /// The same for blocks (`repeat 1 { repeat 1 { …`), counted apart from expressions.
  var blockNesting = 0
  var diagnostics: [Diagnostic] = []
  var errorCount = 0
  /// Indices of `.error` tokens already reported, so recovery does not repeat them.
  var reportedErrorTokens: Set<Int> = []

  /// `foldsNumberMatrices: false` reads a literal token by token, as tests compare.
  init(source: SourceText, foldsNumberMatrices: Bool = true) {
    self.source = source
    scanner = Scanner(source)
    scanner.foldsNumberMatrices = foldsNumberMatrices
    fill()
  }

  /// Parses a whole script (or one line typed at the prompt).
  public static func parse(_ source: SourceText) -> ParseResult {
    var parser = Parser(source: source)
    let statements = parser.program()
    return ParseResult(statements: statements, diagnostics: parser.diagnostics)
  }

  /// The diagnostics of `source`, parsed one statement at a time without keeping the
  /// statements: a script is checked whole before it runs, and holding every statement
  /// of a large one would cost far more than its text.
  public static func diagnose(_ source: SourceText) -> ParseResult {
    var parser = Parser(source: source)
    while parser.nextStatement() != nil {}
    return ParseResult(statements: [], diagnostics: parser.diagnostics)
  }

  /// The statements of `source`, parsed as they are asked for (one at a time, in order).
  /// Statements with errors are left out, as `parse` leaves them out.
  public static func statements(of source: SourceText) -> StatementSequence {
    StatementSequence(parser: Parser(source: source))
  }

  /// Whether `text` leaves a `{`, `[` or `(` open, so the interactive shell should read
  /// another line (with a continuation prompt) before parsing. Text that already has a
  /// scanning error or a mismatched bracket is complete: more lines could not fix it,
  /// and the user should see the error now.
  ///
  ///     Parser.needsMoreInput("repeat 3 {")        // true
  ///     Parser.needsMoreInput("let A = [1 2")      // true
  ///     Parser.needsMoreInput("show \"unterminated") // false
  public static func needsMoreInput(_ text: String) -> Bool {
    var scanner = Scanner(SourceText(name: "<input>", text: text))
    while scanner.next().kind != .eof {}
    return !scanner.openBrackets.isEmpty && !scanner.sawError && !scanner.sawMismatchedBracket
  }

  // MARK: - Limits

  /// The deepest nesting a script may use (`Limits.nesting`, with its reason).
  public static let maxNesting = Limits.nesting
  /// The deepest expression tree (`Limits.expressionDepth`, with its reason).
  public static let maxExpressionDepth = Limits.expressionDepth

  /// Counts one more level of nesting; throws past `maxNesting`. Pair with `leave()`.
  /// The outermost operand enters too, without being nested in anything, so `nesting`
  /// is one more than the number of levels: `((1))` reaches 3 and is 2 levels deep, and
  /// 100 nested parentheses are allowed, 101 are not.
  mutating func enter(_ what: String) throws(Diagnostic) {
    nesting += 1
    guard nesting - 1 <= Self.maxNesting else {
      nesting -= 1
      throw error("\(what) nested too deeply (the limit is \(Self.maxNesting) levels)")
    }
  }

  mutating func leave() { nesting -= 1 }

  /// `enter` for blocks. Pair with `leaveBlock()`.
  mutating func enterBlock() throws(Diagnostic) {
    blockNesting += 1
    guard blockNesting <= Self.maxNesting else {
      blockNesting -= 1
      throw error("blocks are nested too deeply (the limit is \(Self.maxNesting) levels)")
    }
  }

  mutating func leaveBlock() { blockNesting -= 1 }

  /// Throws when `e` is deeper than `maxExpressionDepth`.
  func checkDepth(_ e: Expression) throws(Diagnostic) {
    guard e.depth <= Self.maxExpressionDepth else {
      throw Diagnostic.error(
        "the expression is too long: more than \(Self.maxExpressionDepth) operations deep (split it with let)",
        at: e.span)
    }
  }

  // MARK: - Token cursor

  /// How many tokens the grammar may look at without consuming them (`peek(at: 2)`).
  static let lookahead = 3

  var peek: Token { buffer[head] }

  var peekNext: Token { buffer[head + 1] }

  /// The token consumed last (the first token before any is).
  var previous: Token { buffer[max(0, head - 1)] }

  /// The token `offset` places ahead (the `.eof` token past the end).
  func peek(at offset: Int) -> Token {
    if head + offset < buffer.count { return buffer[head + offset] }
    // Further than the grammar looks: scan a copy of the stream that far.
    var scanner = self.scanner
    var token = buffer[buffer.count - 1]
    for _ in 0...(head + offset - buffer.count) { token = scanner.next() }
    return token
  }

  /// The token `offset` places ahead, scanned into the buffer, for rules that look far
  /// ahead (`numberMatrix`).
  mutating func scanAhead(_ offset: Int) -> Token {
    while head + offset >= buffer.count { buffer.append(scanner.next()) }
    return buffer[head + offset]
  }

  /// Tops the buffer up to `lookahead` tokens, dropping consumed ones now and then.
  mutating func fill() {
    if head > 64 && head > buffer.count - head {
      buffer.removeFirst(head - 1)
      head = 1
    }
    while buffer.count - head < Self.lookahead { buffer.append(scanner.next()) }
  }

  var isAtEnd: Bool { peek.kind == .eof }

  func check(_ kind: TokenKind) -> Bool { peek.kind == kind }

  @discardableResult
  mutating func advance() -> Token {
    let kind = buffer[head].kind
    switch kind {
    case .leftParen, .leftBracket, .leftBrace: openBrackets.append(kind)
    case .rightParen, .rightBracket, .rightBrace: _ = openBrackets.popLast()
    default: break
    }
    guard kind != .eof else { return buffer[head] }
    if !Self.isLineEnd(buffer[head]) { endBeforeLineEnd = buffer[head].span.endOffset }
    current += 1
    head += 1
    fill()
    return buffer[head - 1]
  }

  /// Consumes the current token if it is of `kind`.
  mutating func match(_ kind: TokenKind) -> Token? {
    check(kind) ? advance() : nil
  }

  /// The message is built only when the token is missing: parsing a correct script
  /// does no string work.
  mutating func consume(_ kind: TokenKind, _ message: @autoclosure () -> String) throws(Diagnostic) -> Token {
    if let token = match(kind) { return token }
    throw error(message())
  }

  /// Consumes the bracket that closes `open`. When the two are on different lines the
  /// message names the opening line, as Lua does, since that is where the mistake
  /// usually is: "expected ')' to close '(' at line 3".
  mutating func consumeClosing(
    _ kind: TokenKind, of open: Token, _ context: String
  ) throws(Diagnostic) -> Token {
    if let token = match(kind) { return token }
    throw missingClosing(kind, of: open, context)
  }

  /// The error for a missing closing bracket at the current token.
  mutating func missingClosing(_ kind: TokenKind, of open: Token, _ context: String) -> Diagnostic {
    if peek.span.start.line != open.span.start.line {
      return error(
        "expected '\(kind.rawValue)' to close '\(open.lexeme)' at line \(open.span.start.line)")
    }
    return error("expected '\(kind.rawValue)' \(context)")
  }

  mutating func skipSeparators() {
    while match(.separator) != nil {}
  }

  // MARK: - Errors and recovery

  /// An error at the current token. A scanner error there wins over `message`, being
  /// the real cause. At a line end or the end of input the error points just past the
  /// last token, where the missing thing belongs.
  mutating func error(_ message: String) -> Diagnostic {
    let token = peek
    if token.kind == .error, let scanned = token.errorMessage {
      reportedErrorTokens.insert(current)
      return .error(scanned, at: token.span)
    }
    let atLineEnd = token.kind == .eof || Self.isLineEnd(token)
    if atLineEnd, let end = endBeforeLineEnd {
      // One column after it (a character of several bytes is still one column).
      return .error(message, at: SourceSpan(source: source, startOffset: end, endOffset: end + 1))
    }
    return .error(message, at: token.span)
  }

  static func isLineEnd(_ token: Token) -> Bool {
    (token.kind == .separator || token.kind == .rowSeparator) && token.lexeme != ";"
  }

  /// The most errors one parse reports (see `Limits.parseErrors`).
  public static let maxErrors = Limits.parseErrors

  mutating func report(_ diagnostic: Diagnostic) {
    guard diagnostic.severity == .error else {
      diagnostics.append(diagnostic)
      return
    }
    errorCount += 1
    guard errorCount <= Self.maxErrors else {
      if errorCount == Self.maxErrors + 1 {
        diagnostics.append(
          .error("too many errors; stopping here (the first \(Self.maxErrors) are above)", at: diagnostic.span))
      }
      skipToEnd()  // nothing more is parsed
      return
    }
    diagnostics.append(diagnostic)
  }

  /// Goes to the end of input.
  mutating func skipToEnd() {
    scanner.skipToEnd()
    buffer.removeSubrange(head...)
    fill()
  }

  /// Skips to the next statement separator at bracket depth `target` (the depth of the
  /// block being parsed), or to the `}` that ends that block. Scanner errors skipped on
  /// the way are still reported: they are independent mistakes.
  mutating func synchronize(to target: Int) {
    while !isAtEnd {
      // A `;` directly inside `( )` can only mean the `)` was forgotten: give up on
      // the parentheses there rather than skip the rest of the script looking for it.
      if check(.separator), peek.lexeme == ";" {
        while depth > target, openBrackets.last == .leftParen { openBrackets.removeLast() }
      }
      if depth <= target {
        if check(.separator) { return }
        if check(.rightBrace) && target > 0 { return }
      }
      if peek.kind == .error, !reportedErrorTokens.contains(current),
        let message = peek.errorMessage
      {
        reportedErrorTokens.insert(current)
        report(.error(message, at: peek.span))
      }
      advance()
    }
  }
}

/// The statements of a source, parsed one at a time as they are iterated
/// (`Parser.statements(of:)`).
public struct StatementSequence: Sequence, IteratorProtocol {
  var parser: Parser

  public mutating func next() -> Statement? { parser.nextStatement() }
}
