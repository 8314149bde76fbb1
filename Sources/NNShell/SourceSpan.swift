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
///
/// It is two UTF-8 byte offsets, so every token and syntax node carries 16 bytes of
/// position; lines and columns are worked out by `SourceText` when asked for, which is
/// only for diagnostics, `--trace` and `save session`:
///
///     // "let α = 1": `α` is bytes 4..<6, columns 5..<6
///     span.startOffset, span.endOffset   // 4, 6
///     span.start, span.end               // 1:5, 1:6
public struct SourceSpan: @unchecked Sendable {
  public var source: SourceText
  /// The first byte of the span and the byte after its last.
  public var startOffset: Int
  public var endOffset: Int

  public init(source: SourceText, startOffset: Int, endOffset: Int) {
    self.source = source
    self.startOffset = startOffset
    self.endOffset = endOffset
  }

  /// The span from line and column `start` to `end`.
  public init(source: SourceText, start: SourceLocation, end: SourceLocation) {
    let startOffset = source.byteOffset(of: start)
    let endOffset = end <= start ? startOffset : source.byteOffset(of: end)
    self.init(source: source, startOffset: startOffset, endOffset: max(startOffset, endOffset))
  }

  public var start: SourceLocation { source.location(ofByte: startOffset) }

  public var end: SourceLocation { source.location(ofEnd: endOffset, start: startOffset) }

  /// The smallest span covering both.
  public func through(_ other: SourceSpan) -> SourceSpan {
    SourceSpan(
      source: source, startOffset: min(startOffset, other.startOffset),
      endOffset: max(endOffset, other.endOffset))
  }

  /// The source text the span covers (on its first line).
  public var text: Substring {
    let lineEnd = source.contentEnd(ofLine: source.lineNumber(ofByte: startOffset))
    let a = min(startOffset, lineEnd), b = min(endOffset, lineEnd)
    guard a < b else { return "" }
    return source.text[source.index(ofByte: a)..<source.index(ofByte: b)]
  }
}
