import Testing

@testable import NNData

/// Text from files in messages: control characters escaped, length bounded, other
/// Unicode kept.
@Suite struct QuotedTextTests {
  @Test func controlCharactersAreEscaped() {
    #expect(QuotedText.quoted("\u{1B}[2J\u{1B}]0;title\u{7}") == #"\x1b[2J\x1b]0;title\x07"#)
    #expect(QuotedText.quoted("a\tb\nc\rd\u{0}\u{7F}\u{9B}") == #"a\tb\nc\rd\x00\x7f\x9b"#)
    // Bidirectional overrides would reorder the rest of the line.
    #expect(QuotedText.quoted("abc\u{202E}def") == #"abc\u{202e}def"#)
  }

  @Test func ordinaryUnicodeStays() {
    #expect(QuotedText.quoted("∂J/∂W[1] ⊙ héllo") == "∂J/∂W[1] ⊙ héllo")
    #expect(QuotedText.escaped("ok") == "ok")
  }

  @Test func longTextIsCutWithAnEllipsis() {
    let long = String(repeating: "x", count: 1_000_000)
    let q = QuotedText.quoted(long)
    #expect(q.count == QuotedText.defaultLimit)
    #expect(q.hasSuffix("…"))
    // Exactly the limit: not cut.
    let exact = String(repeating: "y", count: QuotedText.defaultLimit)
    #expect(QuotedText.quoted(exact) == exact)
    #expect(QuotedText.quoted(exact + "z").hasSuffix("y…"))
    // An escape is never cut in half.
    let escapes = String(repeating: "\u{1B}", count: 100)
    #expect(QuotedText.quoted(escapes, limit: 10) == #"\x1b\x1b…"#)
  }

  @Test func layoutIsKeptWhenAsked() {
    #expect(QuotedText.escaped("a\tb\nc\u{1B}", keepingLayout: true) == "a\tb\nc\\x1b")
    #expect(QuotedText.escaped("a\tb", keepingLayout: false) == #"a\tb"#)
  }

  /// The CSV messages quote cells and names through it.
  @Test func csvMessagesAreSafe() {
    let e = DataError.notANumber(
      file: "a.csv", line: 2, column: 1, name: "n\u{1B}[2J", text: "\u{1B}]0;t\u{7}" + String(repeating: "9", count: 1_000_000),
      firstRow: false)
    let text = e.description
    #expect(!text.unicodeScalars.contains { $0.value < 0x20 })
    #expect(text.count < 200)
    #expect(text.hasPrefix(#"a.csv:2: column 1 ('n\x1b[2J'): '\x1b]0;t\x0799"#))
  }
}
