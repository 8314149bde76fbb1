import Testing

@testable import NNShell

/// The parser pulls tokens from the scanner as it needs them (issue 13, item 7): a
/// script is checked and run without holding all its tokens or all its statements.
@Suite struct TokenStreamTests {
  static let scripts = [
    "net; layer dense 2 -> 3 relu\ntrain epochs=100 lr=0.1", "let = \nshow = 5\nlet x = (1 +\n2)",
    "repeat 2 {\n sample; forward\n}\nshow [1 2\n3 4]", "let a = [1 2 # c\n 3 4]\nprint \"oops\nshow a ]",
    "trian epochs=3\nlet f = 3 * x1^2; explain f", "print \"\"\"\n  a\n  b\n  \"\"\"\nlet é = 1\r\nshow é $",
    "x = (1; y = 2\n{ show 1 }\n}", String(repeating: "let = 1\n", count: 60),
  ]

  /// The parser's statements and diagnostics as text naming every value and span.
  func dumped(_ statements: [Statement], _ diagnostics: [Diagnostic]) -> String {
    var out = ""
    dump(statements, to: &out)
    for d in diagnostics { out += d.rendered() + "\n" }
    return out
  }

  @Test func checkingAndStreamingAgreeWithAWholeParse() {
    for text in Self.scripts {
      let source = SourceText(name: "t.nn", text: text)
      let whole = Parser.parse(source)
      let checked = Parser.diagnose(source)
      let streamed = Array(Parser.statements(of: source))
      #expect(checked.statements.isEmpty)
      #expect(dumped([], whole.diagnostics) == dumped([], checked.diagnostics), "\(text)")
      #expect(dumped(whole.statements, []) == dumped(streamed, []), "\(text)")
    }
  }

  /// 20,000 statements go through a buffer of a few tokens.
  @Test func theParserHoldsOnlyItsLookahead() {
    let text = (1...20_000).map { "let a\($0) = 0.1234 * 2 + 1" }.joined(separator: "\n")
    var statements = Parser.statements(of: SourceText(name: "t.nn", text: text))
    var count = 0, largest = 0
    while statements.next() != nil {
      count += 1
      largest = max(largest, statements.parser.buffer.count)
    }
    #expect(count == 20_000)
    #expect(largest <= 2 * 64 + Parser.lookahead)
  }

  /// `peek(at:)` past the buffer scans a copy of the stream and changes nothing.
  @Test func peekingFarAheadScansACopy() {
    let parser = Parser(source: SourceText(name: "t.nn", text: "a b c d e"))
    #expect(parser.peek(at: 4).lexeme == "e")
    #expect(parser.peek(at: 9).kind == .eof)
    #expect(parser.peek.lexeme == "a" && parser.buffer.count == Parser.lookahead)
  }
}
