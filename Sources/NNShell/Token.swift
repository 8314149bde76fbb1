/// The kinds of token the scanner produces.
///
/// Separators get two kinds because the same characters mean different things by
/// context: `;` and a newline end a statement at the top level and inside `{ … }`, but
/// separate matrix rows inside `[ … ]`. The scanner knows the bracket nesting, so it
/// decides once and the parser never has to look back at raw characters.
///
///     repeat 2 { sample; forward }   →  … leftBrace name separator name rightBrace
///     [1 2; 3 4]                     →  leftBracket number number rowSeparator …
public enum TokenKind: String, Hashable, Sendable {
  // Literals and names.
  case number, string, name
  /// A matrix literal's plain-number entries, scanned at once between its `[` and `]`
  /// (`Scanner+NumberRun.swift`); `Token.value` holds them.
  case numbers

  // Arithmetic: `+ - * / ^ .* ./ .^` and postfix `'`.
  case plus = "+"
  case minus = "-"
  case star = "*"
  case slash = "/"
  case caret = "^"
  case dotStar = ".*"
  case dotSlash = "./"
  case dotCaret = ".^"
  case transpose = "'"

  // Comparisons and binding.
  case equalEqual = "=="
  case bangEqual = "!="
  case less = "<"
  case lessEqual = "<="
  case greater = ">"
  case greaterEqual = ">="
  case equal = "="

  // Punctuation.
  case arrow = "->"
  case dotDot = ".."
  case colon = ":"
  case comma = ","
  case leftParen = "("
  case rightParen = ")"
  case leftBracket = "["
  case rightBracket = "]"
  case leftBrace = "{"
  case rightBrace = "}"

  /// `;` or a newline that ends a statement (outside brackets, or directly inside `{ }`).
  case separator
  /// `;` or a newline directly inside `[ ]`: the end of a matrix row.
  case rowSeparator

  /// Something the scanner could not read; `Token.value` holds the message. Keeping
  /// errors in the stream (as clox does) lets the parser report them in order and
  /// recover at the next statement like any other syntax error.
  case error
  /// The end of the source; always the last token.
  case eof
}

/// The decoded payload of a token, when its lexeme is not the whole story.
public enum TokenValue: Hashable, Sendable {
  case none
  /// The value of a `.number` token: `2.5E+3` → 2500.
  case number(Double)
  /// The entries of a `.numbers` token.
  case numbers(NumberMatrix)
  /// The contents of a `.string` token with escapes resolved: `"a\"b"` → `a"b`.
  case string(String)
  /// The message of an `.error` token.
  case error(String)
}

/// One token of nnsh source: its kind, the exact text it was scanned from, its decoded
/// value, where it is, and whether whitespace came before it.
///
/// `spaceBefore` exists because nnsh, like Octave's matrix syntax, gives whitespace
/// meaning: arguments are juxtaposed, so `X[1]` indexes while `show X [1]` passes two
/// arguments, and `[1 -2]` has two elements while `[1 - 2]` has one.
///
///     show a1 [1 2]
///     name "show" · name "a1" (spaceBefore) · leftBracket (spaceBefore) · number 1 · …
public struct Token: @unchecked Sendable {
  public var kind: TokenKind
  /// The source text of the token, exactly as written (`"\n"` for a newline separator).
  public var lexeme: String
  public var value: TokenValue
  public var span: SourceSpan
  /// Whether a space, tab, comment or ignored newline separates this token from the one
  /// before it (true for the first token of the source).
  public var spaceBefore: Bool

  public init(
    kind: TokenKind, lexeme: String, value: TokenValue = .none, span: SourceSpan,
    spaceBefore: Bool
  ) {
    self.kind = kind
    self.lexeme = lexeme
    self.value = value
    self.span = span
    self.spaceBefore = spaceBefore
  }

  /// The value of a `.number` token, else nil.
  public var number: Double? {
    if case .number(let x) = value { return x }
    return nil
  }

  /// The decoded contents of a `.string` token, else nil.
  public var string: String? {
    if case .string(let s) = value { return s }
    return nil
  }

  /// The message of an `.error` token, else nil.
  public var errorMessage: String? {
    if case .error(let m) = value { return m }
    return nil
  }

  /// How the token reads in a message: `'+'`, `'W1'`, `end of line`, `end of input`.
  public var quoted: String {
    switch kind {
    case .separator, .rowSeparator: return lexeme == ";" ? "';'" : "end of line"
    case .eof: return "end of input"
    case .numbers: return "numbers"
    case .string: return lexeme
    default: return "'\(lexeme)'"
    }
  }
}
