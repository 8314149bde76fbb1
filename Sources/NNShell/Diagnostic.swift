import NNData

/// An error, warning or note about nnsh source, with the span it is about.
///
/// Every error the shell reports — from the scanner, the parser or the interpreter —
/// is one of these, so they all print the same way, as compilers print them:
///
///     walk.nn:12:9: error: cannot multiply W1 (3×2) by x (3×1): W1 has 2 columns but x has 3 rows
///        12 | let z = W1 * x + b1
///           |         ^^^^^^
///
/// It is an `Error`, so interpreter code can simply `throw` one.
///
/// Nothing from the user or a file reaches the terminal raw: control characters in the
/// message and in the quoted source line are printed as escapes (`\x1b`, see
/// `QuotedText`), so a script or a CSV cell cannot clear the screen or retitle the window.
/// A message is at most `maxMessageScalars` long (the parts that quote user text are
/// bounded where they are made; this bound is the last guard).
public struct Diagnostic: Error, @unchecked Sendable {
  public enum Severity: String, Sendable {
    case error, warning, note
  }

  public var severity: Severity
  public var message: String
  /// What the message is about; nil for errors with no place in source (a missing file
  /// named on the command line, say).
  public var span: SourceSpan?
  /// Further diagnostics printed after this one, usually `.note`s ("W1 was set here").
  public var notes: [Diagnostic]

  public init(
    _ severity: Severity = .error, _ message: String, at span: SourceSpan? = nil,
    notes: [Diagnostic] = []
  ) {
    self.severity = severity
    self.message = message
    self.span = span
    self.notes = notes
  }

  /// `Diagnostic.error("expected ')' after arguments", at: span)`
  public static func error(_ message: String, at span: SourceSpan? = nil) -> Diagnostic {
    Diagnostic(.error, message, at: span)
  }

  public static func warning(_ message: String, at span: SourceSpan? = nil) -> Diagnostic {
    Diagnostic(.warning, message, at: span)
  }

  public static func note(_ message: String, at span: SourceSpan? = nil) -> Diagnostic {
    Diagnostic(.note, message, at: span)
  }

  /// The diagnostic as the shell prints it, without a trailing newline: the
  /// `FILE:LINE:COL: severity: message` line, the source line quoted with a gutter, a
  /// caret line under the span, then `note: called from FILE:LINE:COL` for each link of
  /// the chain of `source`d files or blocks that led here, then the attached notes.
  ///
  /// The gutter is three spaces, the line number, and ` | `; the caret line has as many
  /// spaces, a bar, and one `^` per character of the span on its first line (at least one).
  public func rendered() -> String {
    let message = Self.printable(message)
    guard let span else { return "nnsh: \(severity.rawValue): \(message)" }
    var lines = [
      "\(Self.position(span)): \(severity.rawValue): \(message)"
    ]
    lines.append(contentsOf: Self.quote(span))
    var link = span.source.includedFrom
    var depth = 0
    while let from = link, depth < 256 {  // the bound only guards against a hand-built cycle
      lines.append("note: called from \(Self.position(from))")
      link = from.source.includedFrom
      depth += 1
    }
    for note in notes {
      lines.append(note.rendered())
    }
    return lines.joined(separator: "\n")
  }

  /// `walk.nn:12:9`
  static func position(_ span: SourceSpan) -> String {
    "\(QuotedText.quoted(span.source.name, limit: 256)):\(span.start.line):\(span.start.column)"
  }

  /// The longest message printed, in Unicode scalars; longer ones end in `…` (see `Limits.messageScalars`).
  static let maxMessageScalars = Limits.messageScalars

  /// `message` with control characters escaped (newlines and tabs, which lay out a
  /// message, are kept) and cut at `maxMessageScalars`.
  static func printable(_ message: String) -> String {
    let text = QuotedText.escaped(message, keepingLayout: true)
    guard text.unicodeScalars.count > maxMessageScalars else { return text }
    return String(String.UnicodeScalarView(text.unicodeScalars.prefix(maxMessageScalars - 1))) + "…"
  }

  /// The longest part of a source line that is quoted: a longer line is shown as an
  /// excerpt around the span, with `…` where it was cut.
  static let maxQuotedColumns = 160

  /// The quoted source line and the caret line under it.
  static func quote(_ span: SourceSpan) -> [String] {
    let number = String(span.start.line)
    let line = span.source.line(span.start.line)
    let length = line.count
    // Only the excerpt becomes an array: a line may be a 10 MB matrix literal.
    var text = length > maxQuotedColumns ? [] : Array(line)
    let gutter = "   " + String(repeating: " ", count: number.count) + " | "
    var column = span.start.column  // 1-based, in `text`
    var lastColumn = span.end.line == span.start.line ? span.end.column : length + 1
    if length > maxQuotedColumns {
      let first = max(0, min(column - 1 - 40, length - maxQuotedColumns))
      let end = min(length, first + maxQuotedColumns)
      let cutFront = first > 0, cutBack = end < length
      text = (cutFront ? ["…"] : []) + Array(line.dropFirst(first).prefix(end - first)) + (cutBack ? ["…"] : [])
      let shift = first - (cutFront ? 1 : 0)
      column -= shift
      lastColumn = min(lastColumn - shift, text.count + (cutBack ? 0 : 1))
    }
    // What each character looks like: control characters as escapes (`\x1b`, four
    // columns), so the carets are placed by those widths.
    let shown = text.map { c in c == "\t" ? "\t" : QuotedText.escaped(String(c), keepingLayout: false) }
    // Copy tabs from the source line so the carets stay under the text on a terminal.
    var pad = ""
    for (i, piece) in shown.enumerated() where i < column - 1 {
      pad += piece == "\t" ? "\t" : String(repeating: " ", count: piece.count)
    }
    pad += String(repeating: " ", count: max(0, column - 1 - text.count))
    var width = 0
    for i in max(0, column - 1)..<max(column - 1, lastColumn - 1) {
      width += i < shown.count ? shown[i].count : 1
    }
    let carets = String(repeating: "^", count: max(1, width))
    return [
      "   \(number) | \(shown.joined())",
      gutter + pad + carets,
    ]
  }
}

extension Diagnostic: CustomStringConvertible {
  public var description: String { rendered() }
}
