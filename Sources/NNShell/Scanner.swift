/// Turns nnsh source into tokens, in the manner of Crafting Interpreters' scanner: one
/// pass, one character of lookahead (two for numbers), errors kept in the token stream.
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
/// Lines and columns are 1-based, columns counting `Character`s, as `SourceLocation` does.
public struct Scanner {
  public let source: SourceText
  /// The text as bytes when it is ASCII without `\r` (one byte = one `Character` = one
  /// column, 1 byte each instead of 16); else empty, and `characters` holds it.
  private let bytes: [UInt8]
  private let characters: [Character]
  private let asciiOnly: Bool
  /// The number of `Character`s.
  let count: Int
  var tokens: [Token] = []
  /// Index of the first character of the token being scanned.
  private var start = 0
  private var startLocation = SourceLocation(line: 1, column: 1)
  var current = 0
  var line = 1
  var lineStart = 0
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
    let utf8 = source.text.utf8
    let ascii = !utf8.contains { $0 >= 0x80 || $0 == 0x0D }
    asciiOnly = ascii
    bytes = ascii ? Array(utf8) : []
    let characters = ascii ? [] : Array(source.text)
    self.characters = characters
    count = ascii ? utf8.count : characters.count
  }

  /// Scans the whole source. The result always ends with one `.eof` token.
  public mutating func scanTokens() -> [Token] {
    tokens = []
    while !isAtEnd {
      start = current
      startLocation = location
      scanToken()
    }
    start = current
    startLocation = location
    add(.eof)
    return tokens
  }

  // MARK: - One token

  private mutating func scanToken() {
    let c = advance()
    switch c {
    case "\n", "\r\n": newline()
    case "#":
      while let p = peek, !Self.isNewline(p) { current += 1 }
      spaceBefore = true
    case "(": open(.leftParen)
    case "[":
      let follows = tokens.last?.kind
      open(.leftBracket)
      if foldsNumberMatrices, !Self.endsOperand(follows) { numberRun() }
    case "{": open(.leftBrace)
    case ")": close(.rightParen)
    case "]": close(.rightBracket)
    case "}": close(.rightBrace)
    case ";": semicolon()
    case ",": add(.comma)
    case ":": add(.colon)
    case "+": add(.plus)
    case "-": add(match(">") ? .arrow : .minus)
    case "*": add(.star)
    case "/": add(.slash)
    case "^": add(.caret)
    case "'": add(.transpose)
    case "=": add(match("=") ? .equalEqual : .equal)
    case "<": add(match("=") ? .lessEqual : .less)
    case ">": add(match("=") ? .greaterEqual : .greater)
    case "!":
      if match("=") {
        add(.bangEqual)
      } else {
        addError("unexpected character '!' (use '!=' for 'not equal')")
      }
    case ".":
      if let p = peek, Self.isDigit(p) {
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
    case "\"":
      if peek == "\"", current + 1 < count, char(current + 1) == "\"" {
        current += 2
        longString()
      } else {
        string()
      }
    default:
      if Self.isDigit(c) {
        number()
      } else if Self.isNameStart(c) {
        name()
      } else if c.isWhitespace {
        spaceBefore = true
      } else {
        addError("unexpected character '\(c)'")
      }
    }
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
    line += 1
    lineStart = current
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
    if let t = tokens.last { openBrackets.append(t) }
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
    let first = char(start)
    if first == "." {
      skipDigits()
    } else {
      skipDigits()
      if peek == ".", takesDot(after: current) {
        current += 1
        skipDigits()
      }
    }
    if isExponent(at: current) {
      current += 1
      if peek == "+" || peek == "-" { current += 1 }
      skipDigits()
    }
    // `2x` is almost always a forgotten `*`; Lua calls it a malformed number too.
    if let p = peek, Self.isNameStart(p) {
      while let p = peek, Self.isNameCharacter(p) { current += 1 }
      addError("malformed number '\(lexeme)'")
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

  /// Whether the `.` at `dot` belongs to the number before it.
  private func takesDot(after dot: Int) -> Bool {
    guard dot + 1 < count else { return true }
    let next = char(dot + 1)
    if Self.isDigit(next) || isExponent(at: dot + 1) { return true }
    if ".*/^".contains(next) { return false }  // `1..3`, `2.*x`, `2./x`, `2.^x`
    return !Self.isNameStart(next)
  }

  /// Whether an exponent (`e5`, `E+3`, `e-9`) starts at `i`.
  private func isExponent(at i: Int) -> Bool {
    guard i < count, char(i) == "e" || char(i) == "E" else { return false }
    var j = i + 1
    if j < count, char(j) == "+" || char(j) == "-" { j += 1 }
    return j < count && Self.isDigit(char(j))
  }

  private mutating func skipDigits() {
    while let p = peek, Self.isDigit(p) { current += 1 }
  }

  /// A double-quoted string on one line, with the escapes `\"` `\\` `\n` `\t`.
  private mutating func string() {
    var value = ""
    var badEscape: (location: SourceLocation, character: Character)?
    while true {
      guard let c = peek, !Self.isNewline(c) else {
        addError("unterminated string")
        return
      }
      let escapeLocation = location
      current += 1
      if c == "\"" { break }
      guard c == "\\" else {
        value.append(c)
        continue
      }
      guard let e = peek, !Self.isNewline(e) else {
        addError("unterminated string")
        return
      }
      current += 1
      switch e {
      case "\"": value.append("\"")
      case "\\": value.append("\\")
      case "n": value.append("\n")
      case "t": value.append("\t")
      default:
        if badEscape == nil { badEscape = (escapeLocation, e) }
      }
    }
    if let bad = badEscape {
      let end = SourceLocation(line: bad.location.line, column: bad.location.column + 2)
      addError(
        "unknown escape '\\\(bad.character)' in string (known: \\\" \\\\ \\n \\t)",
        span: SourceSpan(source: source, start: bad.location, end: end))
      return
    }
    add(.string, .string(value))
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
      guard let c = peek else {
        addError("unterminated string (opened with \"\"\" at line \(startLocation.line))")
        return
      }
      if c == "\"", current + 2 < count, char(current + 1) == "\"",
        char(current + 2) == "\""
      {
        current += 3
        break
      }
      current += 1
      if Self.isNewline(c) {
        raw.append("\n")
        line += 1
        lineStart = current
      } else {
        raw.append(c)
      }
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
    while let p = peek, Self.isNameCharacter(p) { current += 1 }
    add(.name)
  }

  // MARK: - Helpers

  private var isAtEnd: Bool { current >= count }

  private var peek: Character? { current < count ? char(current) : nil }

  /// The `Character` at `i` (< count).
  func char(_ i: Int) -> Character {
    asciiOnly ? Character(Unicode.Scalar(bytes[i])) : characters[i]
  }

  /// The ASCII code of the `Character` at `i`: 0 past the end, 0xFF when not ASCII
  /// (`"\r\n"` reads as `\n`, being one newline).
  func unit(_ i: Int) -> UInt8 {
    guard i < count else { return 0 }
    return asciiOnly ? bytes[i] : (characters[i].asciiValue ?? 0xFF)
  }

  /// The text of `Character`s `a..<b`.
  func text(_ a: Int, _ b: Int) -> String {
    asciiOnly ? String(decoding: bytes[a..<b], as: UTF8.self) : String(characters[a..<b])
  }

  private var location: SourceLocation {
    SourceLocation(line: line, column: current - lineStart + 1)
  }

  private var lexeme: String { text(start, current) }

  private mutating func advance() -> Character {
    defer { current += 1 }
    return char(current)
  }

  private mutating func match(_ expected: Character) -> Bool {
    guard peek == expected else { return false }
    current += 1
    return true
  }

  private mutating func add(_ kind: TokenKind, _ value: TokenValue = .none) {
    let span = SourceSpan(source: source, start: startLocation, end: location)
    tokens.append(
      Token(kind: kind, lexeme: lexeme, value: value, span: span, spaceBefore: spaceBefore))
    spaceBefore = false
  }

  private mutating func addError(_ message: String, span: SourceSpan? = nil) {
    sawError = true
    let span = span ?? SourceSpan(source: source, start: startLocation, end: location)
    tokens.append(
      Token(
        kind: .error, lexeme: lexeme, value: .error(message), span: span, spaceBefore: spaceBefore))
    spaceBefore = false
  }

  static func isNewline(_ c: Character) -> Bool { c == "\n" || c == "\r\n" }
  static func isDigit(_ c: Character) -> Bool { c >= "0" && c <= "9" && c.isASCII }
  static func isNameStart(_ c: Character) -> Bool { c == "_" || c.isLetter }
  static func isNameCharacter(_ c: Character) -> Bool { isNameStart(c) || isDigit(c) }
}
