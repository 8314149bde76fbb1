import Testing

@testable import NNShell

/// The scanner's one-token reading of plain-number matrix literals (issue 13, item 7):
/// it must give exactly what the token-per-number path gives, and cost O(text).
@Suite struct NumberRunTests {
  /// The statements and diagnostics of `text`, parsed with or without the folding, as
  /// text that names every value, span and message.
  func parsed(_ text: String, folding: Bool) -> String {
    var parser = Parser(source: SourceText(name: "t.nn", text: text), foldsNumberMatrices: folding)
    let statements = parser.program()
    var out = ""
    dump(statements, to: &out)
    for d in parser.diagnostics {
      out += "\(d.severity) \(d.message) @\(d.span.map { "\($0.start.line):\($0.start.column)-\($0.end.line):\($0.end.column)" } ?? "-")\n"
    }
    return out
  }

  static let literals = [
    "[1 2; 3 4]", "[1 -2]", "[1 - 2]", "[1-2]", "[1 -2']", "[1, 2, 3]", "[1 ,2]", "[1,,2]", "[1,]", "[1 2;]",
    "[;1 2]", "[\n1 2\n3 4\n]", "[1 2; 3]", "[1 2\n\n;3 4]", "[1e309 2]", "[1 1e-400]", "[1e-310 0e-999]",
    "[2x 3]", "[1..3]", "[1. 2.5 .5 -.5]", "[1.e5 2E+3 3e-2 4e+0]", "[2.*3]", "[2 ./3]", "[2^3 4]", "[1 2]'",
    "let A = [1 2]; show A[1]", "[- 1 2]", "[1, - 2]", "[1, -2;3 ,4]", "[1 2 # c\n 3 4]", "[1\t2;\t3 4]",
    "[1 2\r\n3 4]", "[1 2 ∂]", "print \"∂J\"; let B = [1 2;\n 3 4]", "[1 2", "[]", "[;]", "[[1 2]; [3 4]]",
    "let x = [1 2]", "let A = [1 2; 3 4]\nshow A [1 2]", "show A[1, 2]", "print (A [1 2])",
    "print f([1 2], [3; 4])", "[1 2 3; 4 5 6]^2", "[0.1 0.2 0.30000000000000004 1e-323 -0 4.9e-324]",
    "[1 ->]", "[1 -> 2]", "[1 -x]", "[1 -]", "[1e5.5]", "[1 2]\n[3 4 5]\n", "repeat 2 { show [1 2\n3 4] }",
    "[1 .5 -.25]", "[1.x]", "[1 2]x", "[007 1_0]", "[1e 2]", "[.e5]", "[1 2)", "([1 2]]", "[1 2 [3]]",
    "[ 1 2 ]", "[1,\n2]", "[1; -2]", "[1 2;3 4;]", "[9007199254740993 2.2250738585072011e-308]",
  ]

  @Test func foldedLiteralsParseExactlyAsBefore() {
    let deep = (Parser.maxNesting...Parser.maxNesting + 1).flatMap { n in
      [n, n - 1].map {
      "let a = " + String(repeating: "[", count: n) + "1 2" + String(repeating: "]", count: n) + "; let b = " + String(repeating: "-", count: $0) + "[1 2; 3 4]"
      }
    }
    for text in Self.literals + deep {
      #expect(parsed(text, folding: true) == parsed(text, folding: false), "\(text)")
    }
  }

  @Test func randomLiteralsParseExactlyAsBefore() {
    var rng = SystemRandomNumberGenerator()
    let spellings = ["0", "1", "-1", "2.5", "-0.125", ".5", "-.5", "1e3", "1E-3", "2.5e+2", "1.", "-0", "123456789.987654321",
      "3.14159265358979", "1e22", "1e23", "9007199254740993", "0.1e-21", "12.5e-20", "0e-999", "4.9e-324", "1.7976931348623157e308"]
    let gaps = [" ", "  ", "\t", ", ", ",", " ,"]
    let breaks = [";", "\n", "; ", " ;\n", "\n\n"]
    for _ in 0..<200 {
      let rows = Int.random(in: 1...4, using: &rng), cols = Int.random(in: 1...4, using: &rng)
      var text = "let M = ["
      for i in 0..<rows {
        // Now and then a row one entry short, which must stay a shape error.
        let n = cols - (Int.random(in: 0..<10, using: &rng) == 0 ? 1 : 0)
        text += (0..<max(1, n)).map { _ in spellings.randomElement(using: &rng) ?? "1" }
          .joined(separator: gaps.randomElement(using: &rng) ?? " ")
        if i < rows - 1 { text += breaks.randomElement(using: &rng) ?? ";" }
      }
      text += "]"
      #expect(parsed(text, folding: true) == parsed(text, folding: false), "\(text)")
    }
  }

  @Test func aPlainLiteralIsOneToken() {
    var scanner = Scanner(SourceText(name: "t.nn", text: "let A = [1 2;\n 3 -4]'"))
    scanner.foldsNumberMatrices = true
    let tokens = scanner.scanTokens()
    #expect(tokens.map(\.kind) == [.name, .name, .equal, .leftBracket, .numbers, .rightBracket, .transpose, .eof])
    guard case .numbers(let m) = tokens[4].value else {
      Issue.record("no numbers")
      return
    }
    #expect(m.rows == 2 && m.cols == 2 && m.rowMajor == [1, 2, 3, -4])
    #expect(tokens[5].span.start.line == 2 && tokens[5].span.start.column == 6)
    // An index stays tokens: `A[1 2]` is not a literal.
    scanner = Scanner(SourceText(name: "t.nn", text: "A[1, 2]"))
    scanner.foldsNumberMatrices = true
    #expect(!scanner.scanTokens().contains { $0.kind == .numbers })
  }

  /// A million entries: a parse that cost O(n²) or a token per entry would not end in
  /// the time limit even in a debug build.
  @Test(.timeLimit(.minutes(1))) func aMillionEntriesParse() {
    let row = (0..<1000).map { "\($0 % 7).25" }.joined(separator: " ")
    let text = "let A = [" + Array(repeating: row, count: 1000).joined(separator: "\n") + "]"
    let result = Parser.parse(SourceText(name: "big.nn", text: text))
    #expect(result.diagnostics.isEmpty)
    guard case .expression(let value)? = result.statements.first?.arguments.last,
      case .numbers(let m) = value.kind
    else {
      Issue.record("not one number matrix")
      return
    }
    #expect(m.rows == 1000 && m.cols == 1000)
    #expect(m[999, 999] == 5.25 && m[0, 1] == 1.25)
  }
}
