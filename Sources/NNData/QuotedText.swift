/// Text from a file or from the user, made safe to put inside a message for a terminal.
///
/// A CSV cell, a column name or a tensor name is whatever bytes the file holds. Printed as
/// they are, `ESC [ 2 J` clears the screen, `ESC ] 0 ; … BEL` retitles the window, and a
/// 1 MB cell makes a 1 MB error message. So every message that quotes such text goes
/// through `quoted`:
///
/// - control characters (U+0000–U+001F, DEL, U+0080–U+009F) are written as escapes: `\t`, `\n`, `\r`,
///   and `\xHH` for the others (`\x1b` for ESC, `\x07` for BEL); so are the bidirectional
///   overrides and isolates (U+202A–U+202E, U+2066–U+2069), written `\u{202e}`, which
///   would reorder the rest of the line;
/// - the result is at most `limit` characters (60 by default): longer text is cut and ends
///   with `…`;
/// - any other Unicode text (`é`, `∂J`, `⊙`) stays as it is.
///
///     QuotedText.quoted("\u{1B}[2Jabc")          // "\x1b[2Jabc"
///     QuotedText.quoted(String(repeating: "a", count: 1000)).count   // 60, ending in "…"
///
/// `escaped` is the same without the length bound, for a whole message or source line
/// (`keepingLayout` keeps tabs and newlines, which lay out a message).
public enum QuotedText {
  /// The longest quoted text, in characters (Unicode scalars), `…` included.
  public static let defaultLimit = 60

  /// `text` with its control characters escaped, cut to `limit` characters with `…`.
  public static func quoted(_ text: some StringProtocol, limit: Int = defaultLimit) -> String {
    let room = max(1, limit)
    var out = String.UnicodeScalarView()
    var count = 0
    // What is kept if the text turns out too long: as much as leaves room for the `…`.
    var cut: String.UnicodeScalarView? = nil
    for scalar in text.unicodeScalars {
      let piece = escape(scalar, keepingLayout: false) ?? String(scalar)
      let length = piece.unicodeScalars.count
      if cut == nil && count + length > room - 1 { cut = out }
      if count + length > room { return String(cut ?? out) + "…" }
      out.append(contentsOf: piece.unicodeScalars)
      count += length
    }
    return String(out)
  }

  /// `text` with control characters escaped, and no length bound. With `keepingLayout`,
  /// tabs and newlines are kept (a message may span lines; a source line keeps its tabs so
  /// carets stay aligned).
  public static func escaped(_ text: some StringProtocol, keepingLayout: Bool = false) -> String {
    guard text.unicodeScalars.contains(where: { needsEscape($0, keepingLayout: keepingLayout) }) else { return String(text) }
    var out = String.UnicodeScalarView()
    for scalar in text.unicodeScalars {
      if let piece = escape(scalar, keepingLayout: keepingLayout) {
        out.append(contentsOf: piece.unicodeScalars)
      } else {
        out.append(scalar)
      }
    }
    return String(out)
  }

  /// True when `scalar` is written as an escape.
  public static func needsEscape(_ scalar: Unicode.Scalar, keepingLayout: Bool = false) -> Bool {
    escape(scalar, keepingLayout: keepingLayout) != nil
  }

  /// The escape for `scalar`, or nil when it is printed as it is.
  static func escape(_ scalar: Unicode.Scalar, keepingLayout: Bool) -> String? {
    let v = scalar.value
    switch v {
    case 0x09: return keepingLayout ? nil : "\\t"
    case 0x0A: return keepingLayout ? nil : "\\n"
    case 0x0D: return "\\r"
    case 0x00..<0x20, 0x7F, 0x80..<0xA0: return "\\x" + hex(v, digits: 2)
    case 0x202A...0x202E, 0x2066...0x2069: return "\\u{" + hex(v, digits: 4) + "}"
    default: return nil
    }
  }

  private static func hex(_ v: UInt32, digits: Int) -> String {
    let s = String(v, radix: 16)
    return String(repeating: "0", count: max(0, digits - s.count)) + s
  }
}
