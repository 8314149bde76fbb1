/// A piece of nnsh source — a file, a `-c` argument, or one line typed at the prompt —
/// with its name for diagnostics (`walk.nn`, `<command line>`, `<stdin>`).
///
/// Positions in it are UTF-8 byte offsets (`SourceSpan`); lines and columns are worked
/// out from them only when a diagnostic or `--trace` asks, from an index of where each
/// line starts (8 bytes a line, built in one pass over the bytes):
///
///     let s = SourceText(name: "a.nn", text: "let α = 1\nshow α")
///     s.location(ofByte: 16)   // line 2, column 6: `α` is two bytes but one column
///     s.line(2)                // "show α"
public final class SourceText: @unchecked Sendable {
  public let name: String
  public let text: String
  /// When this text was `source`d or run from a block elsewhere: where that happened.
  public let includedFrom: SourceSpan?
  /// The byte offset where each line starts: line n starts at `lineStarts[n - 1]`. A line
  /// ends at a `\n` byte, the only byte a line break (`"\n"` or `"\r\n"`) ends with.
  let lineStarts: [Int]
  /// The length of `text` in bytes.
  let byteCount: Int
  /// Whether every byte is ASCII other than `\r`, so that one byte is one column.
  let isPlainASCII: Bool

  public init(name: String, text: String, includedFrom: SourceSpan? = nil) {
    var text = text
    text.makeContiguousUTF8()  // O(1) byte offsets into it (a no-op for native strings)
    self.name = name
    self.text = text
    self.includedFrom = includedFrom
    var starts = [0]
    var plain = true
    text.utf8.withContiguousStorageIfAvailable { bytes in
      for (i, b) in bytes.enumerated() {
        if b == 0x0A { starts.append(i + 1) } else if b >= 0x80 || b == 0x0D { plain = false }
      }
    }
    lineStarts = starts
    byteCount = text.utf8.count
    isPlainASCII = plain
  }

  /// The number of lines (a text ending in a line break has an empty last line).
  public var lineCount: Int { lineStarts.count }

  /// Line `n` (1-based) without its line break, or "" when out of range.
  public func line(_ n: Int) -> Substring {
    guard n >= 1 && n <= lineStarts.count else { return "" }
    return text[index(ofByte: lineStarts[n - 1])..<index(ofByte: contentEnd(ofLine: n))]
  }

  /// The line that byte `offset` is on (the last line for offsets past the end).
  public func lineNumber(ofByte offset: Int) -> Int {
    // The last line start at or before `offset`, by bisection.
    var low = 0, high = lineStarts.count
    while high - low > 1 {
      let mid = (low + high) / 2
      if lineStarts[mid] <= offset { low = mid } else { high = mid }
    }
    return low + 1
  }

  /// The line and column of the character that starts at byte `offset`. Past the end
  /// of the text each byte is one more column, as a caret after the last token needs.
  public func location(ofByte offset: Int) -> SourceLocation {
    let line = lineNumber(ofByte: offset)
    return SourceLocation(line: line, column: column(upTo: offset, onLine: line))
  }

  /// The location just past a span that ends before byte `end` (exclusive): the column
  /// after its last character, on that character's line. So a token that ends a line
  /// ends on it, and a line break (`\n`) ends one column past where it starts. A span
  /// of text that runs on through a line break (an unterminated `"""` string) ends at
  /// the start of the next line.
  public func location(ofEnd end: Int, start: Int) -> SourceLocation {
    guard end > start else { return location(ofByte: start) }
    if end <= byteCount, utf8Byte(end - 1) == 0x0A {
      let lineBreak = end - 2 >= start && utf8Byte(end - 2) == 0x0D ? 2 : 1
      if end - start > lineBreak { return location(ofByte: end) }
    }
    let line = lineNumber(ofByte: end - 1)
    return SourceLocation(line: line, column: column(upTo: end, onLine: line))
  }

  /// The byte offset of `location` (as a start: the first byte of its character); a
  /// column past the line's end runs on through the line break and past the text's end.
  public func byteOffset(of location: SourceLocation) -> Int {
    guard location.line >= 1 else { return 0 }
    guard location.line <= lineStarts.count else { return byteCount + max(0, location.column - 1) }
    var offset = lineStarts[location.line - 1]
    var steps = max(0, location.column - 1)
    if isPlainASCII {
      let moved = min(steps, byteCount - offset)
      return offset + moved + (steps - moved)
    }
    var i = index(ofByte: offset)
    while steps > 0, i < text.endIndex {
      let next = text.index(after: i)
      offset += text.utf8.distance(from: i, to: next)
      i = next
      steps -= 1
    }
    return offset + steps
  }

  /// 1 + the number of characters on `line` that start before byte `offset`, plus the
  /// bytes of `offset` past the end of the text.
  func column(upTo offset: Int, onLine line: Int) -> Int {
    let lineStart = lineStarts[line - 1]
    let end = min(offset, byteCount)
    let beyond = max(0, offset - byteCount)
    guard end > lineStart else { return 1 + beyond }
    if isPlainASCII { return 1 + end - lineStart + beyond }
    var characters = 0
    var byte = lineStart
    for c in text[index(ofByte: lineStart)...] {
      guard byte < end else { break }
      characters += 1
      byte += c.utf8.count
    }
    return 1 + characters + beyond
  }

  /// Where line `n`'s text ends: before its `\n`, or its `\r\n`, or at the end of text.
  func contentEnd(ofLine n: Int) -> Int {
    guard n < lineStarts.count else { return byteCount }
    let newline = lineStarts[n] - 1
    return newline > lineStarts[n - 1] && utf8Byte(newline - 1) == 0x0D ? newline - 1 : newline
  }

  /// The index of byte `offset` (clamped to the text), rounded down to a scalar.
  func index(ofByte offset: Int) -> String.Index {
    var offset = min(max(0, offset), byteCount)
    while offset > 0, offset < byteCount, utf8Byte(offset) & 0xC0 == 0x80 { offset -= 1 }
    return text.utf8.index(text.utf8.startIndex, offsetBy: offset)
  }

  func utf8Byte(_ offset: Int) -> UInt8 {
    text.utf8[text.utf8.index(text.utf8.startIndex, offsetBy: offset)]
  }
}
