/// A piece of nnsh source — a file, a `-c` argument, or one line typed at the prompt —
/// with its name for diagnostics (`walk.nn`, `<command line>`, `<stdin>`).
public final class SourceText: @unchecked Sendable {
  public let name: String
  public let text: String
  /// The lines of `text` without their terminators, for quoting in diagnostics.
  public let lines: [Substring]
  /// When this text was `source`d or run from a block elsewhere: where that happened.
  public let includedFrom: SourceSpan?

  public init(name: String, text: String, includedFrom: SourceSpan? = nil) {
    self.name = name
    self.text = text
    // "\r\n" is a single Character in Swift, so it must be named as a separator itself.
    self.lines = text.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" }
    self.includedFrom = includedFrom
  }

  /// Line `n` (1-based), or "" when out of range.
  public func line(_ n: Int) -> Substring {
    n >= 1 && n <= lines.count ? lines[n - 1] : ""
  }
}

/// A position in source: 1-based line and column (columns count Unicode characters).
public struct SourceLocation: Hashable, Sendable, Comparable {
  public var line: Int
  public var column: Int
  public init(line: Int, column: Int) {
    self.line = line
    self.column = column
  }
  public static func < (a: SourceLocation, b: SourceLocation) -> Bool {
    (a.line, a.column) < (b.line, b.column)
  }
}

/// A range of source, `start` inclusive to `end` exclusive, in one `SourceText`.
/// Diagnostics underline it with carets.
public struct SourceSpan: @unchecked Sendable {
  public var source: SourceText
  public var start: SourceLocation
  public var end: SourceLocation

  public init(source: SourceText, start: SourceLocation, end: SourceLocation) {
    self.source = source
    self.start = start
    self.end = end
  }

  /// The smallest span covering both.
  public func through(_ other: SourceSpan) -> SourceSpan {
    SourceSpan(source: source, start: min(start, other.start), end: max(end, other.end))
  }

  /// The source text the span covers (on its first line).
  public var text: Substring {
    let l = source.line(start.line)
    let a = l.index(l.startIndex, offsetBy: max(0, start.column - 1), limitedBy: l.endIndex) ?? l.endIndex
    let endCol = end.line == start.line ? end.column : l.count + 1
    let b = l.index(l.startIndex, offsetBy: max(0, endCol - 1), limitedBy: l.endIndex) ?? l.endIndex
    return a <= b ? l[a..<b] : ""
  }
}
