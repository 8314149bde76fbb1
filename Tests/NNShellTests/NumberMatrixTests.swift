import Testing
@testable import NNEngine
@testable import NNShell

/// Matrix literals of plain numbers parse to one flat node (no node per entry) and give
/// the same values as the general rule; anything else still takes the general rule.
@Suite struct NumberMatrixTests {
  func expression(_ text: String) -> Expression? {
    let parsed = Parser.parse(SourceText(name: "t.nn", text: "let m = " + text))
    guard !parsed.hasErrors, case .expression(let e)? = parsed.statements.first?.arguments.last else { return nil }
    return e
  }

  @Test func plainNumbersAreOneFlatNode() throws {
    let e = try #require(expression("[1 -2, 3e2; 4 5 -0.5\n\n7 8 9;]"))
    guard case .numbers(let m) = e.kind else {
      Issue.record("not a .numbers node: \(e.kind)")
      return
    }
    #expect((m.rows, m.cols) == (3, 3))
    #expect(m.rowMajor == [1, -2, 300, 4, 5, -0.5, 7, 8, 9])
    #expect((e.span.start.line, e.span.start.column, e.span.end.line) == (1, 9, 3))
  }

  @Test func theValueIsTheSameAsTheGeneralRuleGives() {
    let console = CapturingConsole()
    let shell = Interpreter(console: console)
    // `(2)` forces the general rule on an otherwise equal literal.
    let outcome = shell.run(SourceText(name: "t.nn", text: "let a = [1 -2 3; 4 5 -6]\nlet b = [(1) -2 3; 4 5 -6]"))
    #expect(outcome == .completed)
    #expect(shell.variables["a"]?.value == shell.variables["b"]?.value)
    #expect(shell.variables["a"]?.value.shape == Shape(2, 3))
  }

  @Test func anythingElseTakesTheGeneralRule() throws {
    for text in ["[1 2']", "[2 ^ 3]", "[1 - 2]", "[1 x]", "[1 -x]", "[1 2; 3]", "[[1 2] 3]", "[1 +2]"] {
      let parsed = Parser.parse(SourceText(name: "t.nn", text: "let x = 1\nlet m = " + text))
      guard case .expression(let e)? = parsed.statements.last?.arguments.last else { continue }
      if case .numbers = e.kind { Issue.record("\(text) became a flat literal") }
    }
    // A ragged literal is still reported by the parser, naming the row.
    let ragged = Parser.parse(SourceText(name: "t.nn", text: "let m = [1 2; 3]"))
    #expect(ragged.diagnostics.first?.message == "matrix row 2 has 1 element but row 1 has 2")
  }

  /// A literal of 200 000 entries is one node: parsing it allocates no node per entry
  /// (a tree of them would also be refused by the depth and nesting checks' cost).
  @Test func aLargeLiteralIsOneNode() throws {
    let row = (0..<1000).map { String($0 % 10) }.joined(separator: " ")
    let text = "[" + Array(repeating: row, count: 200).joined(separator: ";\n") + "]"
    let e = try #require(expression(text))
    guard case .numbers(let m) = e.kind else {
      Issue.record("not a .numbers node")
      return
    }
    #expect((m.rows, m.cols) == (200, 1000))
    #expect(e.depth == 1)
  }
}
