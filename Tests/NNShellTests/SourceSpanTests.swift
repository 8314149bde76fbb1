import Testing

@testable import NNShell

/// `Testing` has a `SourceLocation` too.
private typealias Location = NNShell.SourceLocation

private func scan(_ text: String) -> [Token] {
  var scanner = Scanner(SourceText(name: "t.nn", text: text))
  return scanner.scanTokens()
}

/// Spans are byte offsets; lines and columns (in characters) are worked out on demand.
@Suite("Source spans")
struct SourceSpanTests {
  @Test func multiByteCharactersAreOneColumn() {
    let tokens = scan("let α = 1\n  show α")
    // `α` is two bytes: 4..<6 on line 1, 18..<20 on line 2 (line 2 starts at byte 11).
    #expect((tokens[1].span.startOffset, tokens[1].span.endOffset) == (4, 6))
    #expect(tokens[1].span.start == Location(line: 1, column: 5))
    #expect(tokens[1].span.end == Location(line: 1, column: 6))
    #expect(tokens[2].span.start == Location(line: 1, column: 7))
    #expect((tokens[6].span.startOffset, tokens[6].span.endOffset) == (18, 20))
    #expect(tokens[6].span.start == Location(line: 2, column: 8))
    #expect(tokens[6].span.end == Location(line: 2, column: 9))
  }

  @Test func graphemeClustersAreOneColumn() {
    // `é` as e + U+0301, a flag of two regional indicators, a family joined by ZWJ.
    let tokens = scan("cafe\u{301} \"🇦🇧\" \"👨‍👩‍👧\" q")
    #expect(tokens.map(\.kind) == [.name, .string, .string, .name, .eof])
    #expect(tokens[0].lexeme == "cafe\u{301}")
    #expect(tokens[1].span.start == Location(line: 1, column: 6))
    #expect(tokens[2].span.start == Location(line: 1, column: 10))
    #expect(tokens[3].span.start == Location(line: 1, column: 14))
  }

  /// (`ScannerTests.crlfLineEndings` has the tokens; here, where the line break is.)
  @Test func crlfIsOneCharacterAndEndsALine() {
    let source = SourceText(name: "t.nn", text: "a\r\nshow b\r\n")
    let breakSpan = SourceSpan(source: source, startOffset: 1, endOffset: 3)
    #expect(breakSpan.text == "")
    // A line break starts after the line's text and ends one column later.
    #expect(breakSpan.start == Location(line: 1, column: 2))
    #expect(breakSpan.end == Location(line: 1, column: 3))
    #expect(source.location(ofByte: 11) == Location(line: 3, column: 1))
    #expect(source.line(1) == "a" && source.line(3) == "")
  }

  @Test func onlyLineFeedsBreakLines() {
    // A lone `\r` is a character of its line; `\r\r\n` keeps the first `\r`.
    let source = SourceText(name: "t.nn", text: "a\rb\r\r\nc")
    #expect(source.lineCount == 2)
    #expect(source.line(1) == "a\rb\r")
    #expect(source.location(ofByte: 6) == Location(line: 2, column: 1))
    #expect(source.line(0) == "" && source.line(3) == "")
  }

  @Test func aTabIsOneColumn() {
    let tokens = scan("\tshow\tq")
    #expect(tokens[1].span.start == Location(line: 1, column: 7))
    #expect(tokens[1].span.end == Location(line: 1, column: 8))
  }

  @Test func positionsPastTheEndCountOnePerByte() {
    let source = SourceText(name: "t.nn", text: "ab")
    #expect(source.location(ofByte: 2) == Location(line: 1, column: 3))
    #expect(source.location(ofEnd: 3, start: 2) == Location(line: 1, column: 4))
    #expect(SourceSpan(source: source, startOffset: 1, endOffset: 1).end == Location(line: 1, column: 2))
  }

  @Test func locationsAndOffsetsRoundTrip() {
    for text in ["let α = 1\n  show α", "a\r\nshow b\r\n", "x = \"🇦🇧\" + é\n\tq", "[1 2\r\n3 4]"] {
      let source = SourceText(name: "t.nn", text: text)
      var scanner = Scanner(source)
      for token in scanner.scanTokens() {
        let again = SourceSpan(source: source, start: token.span.start, end: token.span.end)
        #expect(
          (again.startOffset, again.endOffset) == (token.span.startOffset, token.span.endOffset),
          "\(text.debugDescription) \(token.kind)")
      }
    }
  }

  @Test func throughAndText() {
    let source = SourceText(name: "t.nn", text: "show α\r\n  b")
    let alpha = SourceSpan(source: source, startOffset: 5, endOffset: 7)
    let b = SourceSpan(source: source, startOffset: 11, endOffset: 12)
    #expect(alpha.text == "α")
    let both = alpha.through(b)
    #expect((both.startOffset, both.endOffset) == (5, 12))
    #expect(both.end == Location(line: 2, column: 4))
    #expect(both.text == "α")  // the first line only, without its line break
    #expect(b.through(alpha).startOffset == 5)
  }

  /// The bytes the scanner classifies without asking `Character` agree with it.
  @Test func asciiClassesAgreeWithCharacterProperties() {
    for u in UInt8(0)..<0x80 {
      let c = Character(Unicode.Scalar(u))
      #expect(Scanner.isBlankUnit(u) == c.isWhitespace, "\(u)")
      #expect(Scanner.isNameStartUnit(u) == (c == "_" || c.isLetter), "\(u)")
      #expect(Scanner.isDigitUnit(u) == (c.isASCII && c >= "0" && c <= "9"), "\(u)")
    }
  }

  /// A combining mark joins the ASCII character before it into one character, which is
  /// then neither a digit, a quote nor a comment sign.
  @Test func combiningMarksAfterASCII() {
    #expect(scan("1\u{301}").map(\.kind) == [.error, .eof])
    #expect(scan("1\u{301}")[0].lexeme == "1\u{301}")
    let quoted = scan("\"a\"\u{301}b\"")
    #expect(quoted.map(\.kind) == [.string, .eof])
    let value = "a\"\u{301}b"
    #expect(quoted[0].string == value)
    let markedHash = scan("#\u{301} x").map(\.kind)
    #expect(markedHash == [.error, .name, .eof])
    let comment = scan("# ∂J/∂W\r\nx").map(\.kind)
    #expect(comment == [.separator, .name, .eof])
  }

  /// An error at a line end points one column past the last token, whatever its bytes.
  @Test func errorsAtLineEndsAfterMultiByteAndCRLF() {
    for (text, column) in [("let é =\r\nx", 8), ("let x = α +\r\n", 12), ("show [1 2", 10)] {
      let result = Parser.parse(SourceText(name: "t.nn", text: text))
      let span = result.diagnostics.first?.span
      #expect(span?.start == Location(line: 1, column: column), "\(text.debugDescription)")
      #expect(span?.end == Location(line: 1, column: column + 1), "\(text.debugDescription)")
    }
  }

  /// An unterminated `"""` runs to the end of input, past its last line break: the error
  /// after it is at the start of the empty last line, and its own carets stop at the
  /// end of its first line.
  @Test func anUnterminatedLongStringEndsAtTheEndOfInput() {
    let result = Parser.parse(SourceText(name: "t.nn", text: "repeat 2 {print \"\"\"x\n"))
    #expect(result.diagnostics.map(\.span?.start) == [Location(line: 1, column: 17), Location(line: 2, column: 1)])
    #expect(result.diagnostics.first?.span?.end == Location(line: 2, column: 1))
    let carets = result.diagnostics.first?.rendered().split(separator: "\n").last
    #expect(carets?.hasSuffix(" ^^^^") == true)
  }
}
