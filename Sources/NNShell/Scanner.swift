/// Turns nnsh source into tokens, in the manner of Crafting Interpreters' scanner: one
/// pass, one character of lookahead (two for numbers), errors kept in the token stream.
/// It is a stream: `next()` scans one more token, so the parser holds only the few it
/// looks ahead at, never all of a script's tokens.
///
///     let s = SourceText(name: "<stdin>", text: "show W1[1, :] 1..32")
///     var scanner = Scanner(s)
///     scanner.scanTokens()
///     // name show · name W1 · [ · number 1 · , · : · ] · number 1 · .. · number 32 · eof
///
/// Line breaks and `;` depend on the innermost open bracket, so the scanner keeps a
/// bracket stack:
/// - at the top level and directly inside `{ … }` they end a statement (`.separator`);
/// - directly inside `[ … ]` they end a matrix row (`.rowSeparator`);
/// - directly inside `( … )` a line break is only whitespace, so long calls can wrap.
///
/// Positions are UTF-8 byte offsets (`Scanner+Characters.swift` reads the bytes a whole
/// character at a time); `SourceText` turns them into lines and columns on demand.
public struct Scanner {
  public let source: SourceText
  let bytes: [UInt8]
  /// The number of bytes.
  let count: Int
  /// Tokens scanned and not yet returned by `next()`: at most two, a `[` and the
  /// `.numbers` after it (two slots rather than an array: this is the hot path).
  private var ready: Token?
  private var readyNext: Token?
  /// The `.eof` token, once reached; `next()` returns it from then on.
  private var endToken: Token?
  /// The kind of the last token scanned, which decides whether a `[` may index.
  private var lastKind: TokenKind?
  /// The first byte of the token being scanned.
  private var start = 0
  var current = 0
  var spaceBefore = true
  /// Opening brackets not yet closed, innermost last.
  public private(set) var openBrackets: [Token] = []
  /// Whether some closing bracket did not match the innermost opening one (`(]`).
  public private(set) var sawMismatchedBracket = false
  /// Whether any `.error` token was produced.
  public private(set) var sawError = false
  /// Whether a matrix literal of plain numbers becomes one `.numbers` token between its
  /// brackets (`Scanner+NumberRun.swift`), as the parser asks; otherwise every number is
  /// a token.
  public var foldsNumberMatrices = false

  public init(_ source: SourceText) {
    self.source = source
    bytes = Array(source.text.utf8)
    count = bytes.count
  }

  /// The next token; `.eof` at the end, and again on every later call.
  public mutating func next() -> Token {
    while ready == nil {
      if let endToken { return endToken }
      start = current
      if current < count {
        scanToken()
      } else {
        add(.eof)
        endToken = ready
      }
    }
    defer { ready = readyNext.take() }
    return ready.take().unsafelyUnwrapped
  }

  /// Stops scanning: the next token is `.eof`, at the end of the source.
  public mutating func skipToEnd() {
    ready = nil
    readyNext = nil
    current = count
  }

  /// Scans the whole source. The result always ends with one `.eof` token.
  public mutating func scanTokens() -> [Token] {
    var tokens: [Token] = []
    repeat { tokens.append(next()) } while tokens.last?.kind != .eof
    return tokens
  }

  // MARK: - One token

  private mutating func scanToken() {
    let u = unit(current)
    guard u != Self.notASCII else { return otherCharacter() }
    current += u == 0x0A && bytes[current] == 0x0D ? 2 : 1
    switch u {
    case 0x0A: newline()
    case UInt8(ascii: "#"): comment()
    case UInt8(ascii: "("): open(.leftParen)
    case UInt8(ascii: "["):
      let follows = lastKind
      open(.leftBracket)
      if foldsNumberMatrices, !Self.endsOperand(follows) { numberRun() }
    case UInt8(ascii: "{"): open(.leftBrace)
    case UInt8(ascii: ")"): close(.rightParen)
    case UInt8(ascii: "]"): close(.rightBracket)
    case UInt8(ascii: "}"): close(.rightBrace)
    case UInt8(ascii: ";"): semicolon()
    case UInt8(ascii: ","): add(.comma)
    case UInt8(ascii: ":"): add(.colon)
    case UInt8(ascii: "+"): add(.plus)
    case UInt8(ascii: "-"): add(match(">") ? .arrow : .minus)
    case UInt8(ascii: "*"): add(.star)
    case UInt8(ascii: "/"): add(.slash)
    case UInt8(ascii: "^"): add(.caret)
    case UInt8(ascii: "'"): add(.transpose)
    case UInt8(ascii: "="): add(match("=") ? .equalEqual : .equal)
    case UInt8(ascii: "<"): add(match("=") ? .lessEqual : .less)
    case UInt8(ascii: ">"): add(match("=") ? .greaterEqual : .greater)
    case UInt8(ascii: "!"):
      if match("=") {
        add(.bangEqual)
      } else {
        addError("unexpected character '!' (use '!=' for 'not equal')")
      }
    case UInt8(ascii: "."):
      if Self.isDigitUnit(unit(current)) {
        number()
      } else if match("*") {
        add(.dotStar)
      } else if match("/") {
        add(.dotSlash)
      } else if match("^") {
        add(.dotCaret)
      } else if match(".") {
        add(.dotDot)
      } else {
        addError("unexpected character '.'")
      }
    case UInt8(ascii: "\""):
      if unit(current) == UInt8(ascii: "\""), unit(current + 1) == UInt8(ascii: "\"") {
        current += 2
        longString()
      } else {
        string()
      }
    default:
      if Self.isDigitUnit(u) {
        number()
      } else if Self.isNameStartUnit(u) {
        name()
      } else if Self.isBlankUnit(u) {
        spaceBefore = true
      } else {
        addError("unexpected character '\(Character(Unicode.Scalar(u)))'")
      }
    }
  }

  /// A character that is not one ASCII byte: a letter starts a name; the rest is white
  /// space or a mistake.
  private mutating func otherCharacter() {
    let c = character(at: current)
    current += c.utf8.count
    if c.isLetter {
      name()
    } else if c.isWhitespace {
      spaceBefore = true
    } else {
      addError("unexpected character '\(c)'")
    }
  }

  /// `#` to the end of the line.
  private mutating func comment() {
    while current < count, bytes[current] != 0x0A { current += 1 }
    if current < count, current > start + 1, bytes[current - 1] == 0x0D { current -= 1 }  // `\r\n`
    spaceBefore = true
  }

  private mutating func newline() {
    switch openBrackets.last?.kind {
    case .leftParen?:
      break  // a call or parenthesised expression may wrap freely
    case .leftBracket?:
      add(.rowSeparator)
    default:
      add(.separator)
    }
    spaceBefore = true
  }

  private mutating func semicolon() {
    if openBrackets.last?.kind == .leftBracket {
      add(.rowSeparator)
      return
    }
    add(.separator)
    // `;` is never valid inside `( )`: the `)` was forgotten. Closing the parentheses
    // here keeps the line breaks after it meaningful, and the parser recovers likewise.
    while openBrackets.last?.kind == .leftParen { openBrackets.removeLast() }
  }

  private mutating func open(_ kind: TokenKind) {
    add(kind)
    if let t = readyNext ?? ready { openBrackets.append(t) }
  }

  private mutating func close(_ kind: TokenKind) {
    add(kind)
    // Pop even on a mismatch, so the nesting stays in step with the parser's count of
    // brackets; the parser reports the mismatch itself.
    if let top = openBrackets.popLast(), Self.closer(of: top.kind) != kind {
      sawMismatchedBracket = true
    }
  }

  static func closer(of kind: TokenKind) -> TokenKind? {
    switch kind {
    case .leftParen: return .rightParen
    case .leftBracket: return .rightBracket
    case .leftBrace: return .rightBrace
    default: return nil
    }
  }

  /// `3`, `0.5`, `.5`, `1e-9`, `2.5E+3`. In `1..32` the dot is not taken, and in
  /// `2.*x` neither, so elementwise operators after a literal read as Octave reads them.
  private mutating func number() {
    current = numberEnd(at: start) ?? current
    // `2x` is almost always a forgotten `*`; Lua calls it a malformed number too.
    if isNameStart(at: current) {
      while isNameCharacter(at: current) { current += width(at: current) }
      addError("malformed number '\(lexeme)'")
      return
    }
    if let value = exactValue(start, current) {
      add(.number, .number(value))
      return
    }
    guard let value = Double(lexeme) else {
      addError("malformed number '\(lexeme)'")
      return
    }
    if let problem = NumberLiteral.rangeProblem(lexeme, value: value) {
      addError(problem)
      return
    }
    add(.number, .number(value))
  }

  /// A double-quoted string on one line, with the escapes `\"` `\\` `\n` `\t`.
  private mutating func string() {
    var value = ""
    var badEscape: (offset: Int, character: Character)?
    while true {
      guard current < count, unit(current) != 0x0A else {
        addError("unterminated string")
        return
      }
      let escapeOffset = current
      let c = take()
      if c == "\"" { break }
      guard c == "\\" else {
        value.append(c)
        continue
      }
      guard current < count, unit(current) != 0x0A else {
        addError("unterminated string")
        return
      }
      let e = take()
      switch e {
      case "\"": value.append("\"")
      case "\\": value.append("\\")
      case "n": value.append("\n")
      case "t": value.append("\t")
      default:
        if badEscape == nil { badEscape = (escapeOffset, e) }
      }
    }
    if let bad = badEscape {
      addError(
        "unknown escape '\\\(bad.character)' in string (known: \\\" \\\\ \\n \\t)",
        span: SourceSpan(source: source, startOffset: bad.offset, endOffset: bad.offset + 1 + bad.character.utf8.count))
      return
    }
    add(.string, .string(value))
  }

  /// The character at `current`, stepping past it.
  private mutating func take() -> Character {
    let u = unit(current)
    if u == Self.notASCII {
      let c = character(at: current)
      current += c.utf8.count
      return c
    }
    if u == 0x0A, bytes[current] == 0x0D {
      current += 2
      return "\r\n"
    }
    current += 1
    return Character(Unicode.Scalar(u))
  }

  /// A triple-quoted string that may span lines, for narration:
  ///
  ///     print """
  ///       The forward pass, vectorised:
  ///       z[1] = W[1] x + b[1]
  ///       """
  ///
  /// A line break right after the opening quotes and the one before the closing quotes
  /// are dropped, and the indentation the lines share is removed. No escapes.
  private mutating func longString() {
    var raw = ""
    while true {
      guard current < count else {
        addError("unterminated string (opened with \"\"\" at line \(source.lineNumber(ofByte: start)))")
        return
      }
      let quote = UInt8(ascii: "\"")
      if unit(current) == quote, unit(current + 1) == quote, unit(current + 2) == quote {
        current += 3
        break
      }
      let c = take()
      raw.append(c == "\r\n" ? "\n" : c)
    }
    var lines = raw.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    if lines.first?.allSatisfy({ $0 == " " || $0 == "\t" }) == true && lines.count > 1 { lines.removeFirst() }
    if lines.last?.allSatisfy({ $0 == " " || $0 == "\t" }) == true && lines.count > 1 { lines.removeLast() }
    let indent = lines.filter { !$0.allSatisfy { $0 == " " || $0 == "\t" } }
      .map { $0.prefix { $0 == " " || $0 == "\t" }.count }.min() ?? 0
    let value = lines.map { $0.count >= indent ? String($0.dropFirst(indent)) : "" }.joined(separator: "\n")
    add(.string, .string(value))
  }

  private mutating func name() {
    while true {
      let u = unit(current)
      if Self.isNameStartUnit(u) || Self.isDigitUnit(u) {
        current += 1
      } else if u == Self.notASCII, isNameStart(at: current) {
        current += width(at: current)
      } else {
        return add(.name)
      }
    }
  }

  // MARK: - Helpers

  private var lexeme: String { text(start, current) }

  private mutating func match(_ expected: Unicode.Scalar) -> Bool {
    guard unit(current) == UInt8(ascii: expected) else { return false }
    current += 1
    return true
  }

  private mutating func add(_ kind: TokenKind, _ value: TokenValue = .none) {
    let span = SourceSpan(source: source, startOffset: start, endOffset: current)
    put(Token(kind: kind, lexeme: lexeme, value: value, span: span, spaceBefore: spaceBefore))
    lastKind = kind
    spaceBefore = false
  }

  private mutating func addError(_ message: String, span: SourceSpan? = nil) {
    sawError = true
    let span = span ?? SourceSpan(source: source, startOffset: start, endOffset: current)
    put(Token(kind: .error, lexeme: lexeme, value: .error(message), span: span, spaceBefore: spaceBefore))
    lastKind = .error
    spaceBefore = false
  }

  private mutating func put(_ token: Token) {
    if ready == nil { ready = token } else { readyNext = token }
  }

  /// Appends the `.numbers` token of a run (`Scanner+NumberRun.swift`), which ends at `end`.
  mutating func addNumbers(_ matrix: NumberMatrix, span: SourceSpan, spaceBefore before: Bool, end: Int) {
    put(Token(kind: .numbers, lexeme: "", value: .numbers(matrix), span: span, spaceBefore: before))
    lastKind = .numbers
    current = end
    let u = unit(current - 1)
    spaceBefore = u == 0x20 || u == 0x09 || u == 0x0A
  }
}
