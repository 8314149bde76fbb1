import Testing

@testable import NNShell

/// `Testing` has a `SourceLocation` too.
private typealias Location = NNShell.SourceLocation

@Suite("Diagnostic")
struct DiagnosticTests {
  /// The example of the design brief, character for character.
  @Test func rendersTheDesignExampleExactly() {
    let lines = Array(repeating: "# filler", count: 11) + ["let z = W1 * x + b1"]
    let source = SourceText(name: "walk.nn", text: lines.joined(separator: "\n") + "\n")
    let span = SourceSpan(
      source: source, start: Location(line: 12, column: 9), end: Location(line: 12, column: 15))
    let diagnostic = Diagnostic.error(
      "cannot multiply W1 (3×2) by x (3×1): W1 has 2 columns but x has 3 rows", at: span)
    #expect(
      diagnostic.rendered() == """
        walk.nn:12:9: error: cannot multiply W1 (3×2) by x (3×1): W1 has 2 columns but x has 3 rows
           12 | let z = W1 * x + b1
              |         ^^^^^^
        """)
  }

  @Test func gutterWidthFollowsTheLineNumber() {
    let source = SourceText(name: "a.nn", text: "show q")
    let span = SourceSpan(
      source: source, start: Location(line: 1, column: 6), end: Location(line: 1, column: 7))
    #expect(
      Diagnostic.error("unknown name 'q'", at: span).rendered() == """
        a.nn:1:6: error: unknown name 'q'
           1 | show q
             |      ^
        """)
  }

  @Test func atLeastOneCaretAndSpansOverLinesStopAtTheLineEnd() {
    let source = SourceText(name: "a.nn", text: "repeat 2 {\n  sample")
    let empty = SourceSpan(
      source: source, start: Location(line: 1, column: 3), end: Location(line: 1, column: 3))
    #expect(Diagnostic.error("e", at: empty).rendered().hasSuffix("|   ^"))
    let multiLine = SourceSpan(
      source: source, start: Location(line: 1, column: 8), end: Location(line: 2, column: 9))
    #expect(Diagnostic.error("e", at: multiLine).rendered().hasSuffix("|        ^^^"))
  }

  @Test func tabsAreKeptSoCaretsLineUp() {
    let source = SourceText(name: "a.nn", text: "\tshow q")
    let span = SourceSpan(
      source: source, start: Location(line: 1, column: 7), end: Location(line: 1, column: 8))
    #expect(
      Diagnostic.error("e", at: span).rendered().hasSuffix("   1 | \tshow q\n     | \t     ^"))
  }

  /// Raw control bytes in the source line (and the message) are shown as escapes, and
  /// the carets are placed by the width of those escapes.
  @Test func controlCharactersAreEscapedAndCaretsFollowThem() {
    let source = SourceText(name: "a.nn", text: "let s = \"\u{1B}[2J\u{7}\" + q")
    let span = SourceSpan(
      source: source, start: Location(line: 1, column: 19), end: Location(line: 1, column: 20))
    let text = Diagnostic.error("no name 'q\u{1B}]0;t\u{7}'", at: span).rendered()
    #expect(!text.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" })
    #expect(text == #"""
      a.nn:1:19: error: no name 'q\x1b]0;t\x07'
         1 | let s = "\x1b[2J\x07" + q
           |                         ^
      """#)
    let escapeSpan = SourceSpan(
      source: source, start: Location(line: 1, column: 10), end: Location(line: 1, column: 11))
    #expect(Diagnostic.error("e", at: escapeSpan).rendered().hasSuffix("|          ^^^^"))
  }

  @Test func aHugeMessageIsCut() {
    let text = Diagnostic.error(String(repeating: "a", count: 100_000)).rendered()
    #expect(text.unicodeScalars.count < 4100)
    #expect(text.hasSuffix("…"))
  }

  @Test func withoutASpan() {
    #expect(Diagnostic.error("no such file: m.nn").rendered() == "nnsh: error: no such file: m.nn")
    #expect(Diagnostic.warning("slow").rendered() == "nnsh: warning: slow")
  }

  @Test func includeChainIsFollowedToTheTop() {
    let main = SourceText(name: "main.nn", text: "\n\nsource \"lib.nn\"")
    let mainSpan = SourceSpan(
      source: main, start: Location(line: 3, column: 1), end: Location(line: 3, column: 16))
    let lib = SourceText(name: "lib.nn", text: "source \"deep.nn\"", includedFrom: mainSpan)
    let libSpan = SourceSpan(
      source: lib, start: Location(line: 1, column: 1), end: Location(line: 1, column: 17))
    let deep = SourceText(name: "deep.nn", text: "show q", includedFrom: libSpan)
    let span = SourceSpan(
      source: deep, start: Location(line: 1, column: 6), end: Location(line: 1, column: 7))
    #expect(
      Diagnostic.error("unknown name 'q'", at: span).rendered() == """
        deep.nn:1:6: error: unknown name 'q'
           1 | show q
             |      ^
        note: called from lib.nn:1:1
        note: called from main.nn:3:1
        """)
  }

  @Test func notesFollowTheMessage() {
    let source = SourceText(name: "a.nn", text: "set W1 = 1\nset W1 = [1 2]")
    let first = SourceSpan(
      source: source, start: Location(line: 1, column: 5), end: Location(line: 1, column: 7))
    let second = SourceSpan(
      source: source, start: Location(line: 2, column: 10), end: Location(line: 2, column: 15))
    let diagnostic = Diagnostic(
      .error, "shape mismatch", at: second, notes: [.note("W1 was set here", at: first)])
    #expect(
      diagnostic.rendered() == """
        a.nn:2:10: error: shape mismatch
           2 | set W1 = [1 2]
             |          ^^^^^
        a.nn:1:5: note: W1 was set here
           1 | set W1 = 1
             |     ^^
        """)
  }

  @Test func parserDiagnosticsRenderWithTheirSource() {
    let result = Parser.parse(SourceText(name: "walk.nn", text: "net\ntrain epoch=3"))
    #expect(
      result.diagnostics.map { $0.rendered() } == [
        """
        walk.nn:2:7: error: statement 'train' has no option 'epoch'; did you mean 'epochs'?
           2 | train epoch=3
             |       ^^^^^
        """
      ])
  }
}
