import Testing

@testable import NNShell

/// `Testing` has a `SourceLocation` too.
private typealias Location = NNShell.SourceLocation

// MARK: - Helpers

/// Expressions as S-expressions, so a test states a whole tree in one line.
private func sexp(_ e: Expression) -> String {
  switch e.kind {
  case .number(let x): return x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) : String(x)
  case .string(let s): return "\"\(s)\""
  case .name(let n): return n
  case .matrix(let rows):
    return "[" + rows.map { $0.map(sexp).joined(separator: " ") }.joined(separator: "; ") + "]"
  case .numbers(let m):
    // As the general rule would show them: a negative entry is a negated number.
    func entry(_ x: Double) -> String {
      let n = Expression(.number(Swift.abs(x)), span: e.span)
      return x.sign == .minus ? "(\(UnaryOperator.negate.rawValue) \(sexp(n)))" : sexp(n)
    }
    return "[" + (0..<m.rows).map { i in (0..<m.cols).map { entry(m[i, $0]) }.joined(separator: " ") }.joined(separator: "; ") + "]"
  case .unary(let op, let x): return "(\(op.rawValue) \(sexp(x)))"
  case .binary(let op, let a, let b): return "(\(op.rawValue) \(sexp(a)) \(sexp(b)))"
  case .transpose(let x): return "(' \(sexp(x)))"
  case .index(let base, let args):
    let shown = args.map { arg -> String in
      switch arg {
      case .all: return ":"
      case .single(let x): return sexp(x)
      case .range(let a, let b): return "(.. \(sexp(a)) \(sexp(b)))"
      }
    }
    return "(index \(sexp(base)) \(shown.joined(separator: " ")))"
  case .call(let f, let args): return "(\(f)" + args.map { " " + sexp($0) }.joined() + ")"
  case .range(let a, let b): return "(.. \(sexp(a)) \(sexp(b)))"
  }
}

private func argumentText(_ a: Argument) -> String {
  switch a {
  case .arrow: return "->"
  case .expression(let e): return sexp(e)
  }
}

private func parse(_ text: String, name: String = "t.nn") -> ParseResult {
  Parser.parse(SourceText(name: name, text: text))
}

/// The single statement of `text`, which must parse without diagnostics.
private func statement(_ text: String, sourceLocation: Testing.SourceLocation = #_sourceLocation)
  -> Statement?
{
  let result = parse(text)
  #expect(result.diagnostics.map(\.message) == [], sourceLocation: sourceLocation)
  #expect(result.statements.count == 1, sourceLocation: sourceLocation)
  return result.statements.first
}

/// The arguments of the single statement of `text`, as S-expressions.
private func arguments(_ text: String, sourceLocation: Testing.SourceLocation = #_sourceLocation)
  -> [String]
{
  statement(text, sourceLocation: sourceLocation)?.arguments.map(argumentText) ?? []
}

/// The expression of an expression statement.
private func expr(_ text: String, sourceLocation: Testing.SourceLocation = #_sourceLocation)
  -> String
{
  guard let s = statement(text, sourceLocation: sourceLocation) else { return "<none>" }
  #expect(s.kind == .expression, sourceLocation: sourceLocation)
  return s.arguments.first.map(argumentText) ?? "<none>"
}

private func messages(_ text: String) -> [String] {
  parse(text).diagnostics.map(\.message)
}

private func position(_ d: Diagnostic) -> String {
  guard let span = d.span else { return "-" }
  return "\(span.start.line):\(span.start.column)-\(span.end.line):\(span.end.column)"
}

// MARK: - Tests

@Suite("Parser: expressions")
struct ParserExpressionTests {
  @Test func unaryMinusBindsTighterThanPower() {
    #expect(expr("-2^2") == "(^ (- 2) 2)")
    #expect(expr("2^-1") == "(^ 2 (- 1))")
    #expect(expr("-x'") == "(- (' x))")
  }

  @Test func precedence() {
    #expect(expr("a + b * c'") == "(+ a (* b (' c)))")
    #expect(expr("A' * B[1, :]") == "(* (' A) (index B 1 :))")
    #expect(expr("a - b - c") == "(- (- a b) c)")
    #expect(expr("2^3^2") == "(^ 2 (^ 3 2))")
    #expect(expr("x .^ 2 .* y ./ z / 2") == "(/ (./ (.* (.^ x 2) y) z) 2)")
    #expect(expr("(a + b) * c") == "(* (+ a b) c)")
    #expect(expr("a + b == c * d") == "(== (+ a b) (* c d))")
    #expect(expr("a' '") == "(' (' a))")
  }

  @Test func comparisonsDoNotChain() {
    #expect(messages("a < b < c") == ["comparisons cannot be chained; use parentheses"])
    #expect(expr("(a < b) == c") == "(== (< a b) c)")
  }

  @Test func callsAndIndexing() {
    #expect(expr("relu(z1)") == "(relu z1)")
    #expect(expr("leaky_relu(W1 * x + b1, 0.1)") == "(leaky_relu (+ (* W1 x) b1) 0.1)")
    #expect(expr("rand()") == "(rand)")
    #expect(expr("X[:, 3]") == "(index X : 3)")
    #expect(expr("W1[2, 1]") == "(index W1 2 1)")
    #expect(expr("x[2]") == "(index x 2)")
    #expect(expr("X[:, 1..10]") == "(index X : (.. 1 10))")
    #expect(expr("X[2:3, :]") == "(index X (.. 2 3) :)")
    #expect(expr("relu(z1)[1]'") == "(' (index (relu z1) 1))")
    // Inside parentheses whitespace means nothing.
    #expect(expr("(X [1])") == "(index X 1)")
    #expect(expr("max(relu (z), 0)") == "(max (relu z) 0)")
  }

  @Test func callsMayWrapLines() {
    #expect(expr("zeros(3,\n      2)") == "(zeros 3 2)")
  }

  @Test func literals() {
    #expect(expr("\"hi\"") == "\"hi\"")
    #expect(expr("1e-9") == "1e-09")
    #expect(expr(".5") == "0.5")
  }
}

@Suite("Parser: matrices")
struct ParserMatrixTests {
  @Test func rowsAndColumns() {
    #expect(expr("[1 2; 3 4]") == "[1 2; 3 4]")
    #expect(expr("[1; 2]") == "[1; 2]")
    #expect(expr("[1, 2, 3]") == "[1 2 3]")
  }

  @Test func minusFollowsOctave() {
    #expect(expr("[1, -2]") == "[1 (- 2)]")
    #expect(expr("[1 -2]") == "[1 (- 2)]")
    #expect(expr("[1 - 2]") == "[(- 1 2)]")
    #expect(expr("[1-2]") == "[(- 1 2)]")
    #expect(expr("[a -b]") == "[a (- b)]")
    #expect(expr("[1 +2]") == "[1 2]")
    #expect(expr("[-1 -2; -3 -4]") == "[(- 1) (- 2); (- 3) (- 4)]")
    // Statement arguments are juxtaposed like elements; a single expression is not.
    #expect(arguments("show a -b") == ["a", "(- b)"])
    #expect(arguments("show a - b") == ["(- a b)"])
    #expect(arguments("let v = a -b") == ["v", "(- a b)"])
    #expect(expr("a -b") == "(- a b)")
  }

  @Test func multiLine() {
    #expect(expr("[\n  1 2\n  3 4\n]") == "[1 2; 3 4]")
    #expect(expr("[1 2;\n 3 4;]") == "[1 2; 3 4]")
    #expect(expr("[1 2 # first row\n\n 3 4]") == "[1 2; 3 4]")
  }

  @Test func elementsAreExpressions() {
    #expect(expr("[W1 * x, b1']") == "[(* W1 x) (' b1)]")
    #expect(expr("[A b; c' 1]") == "[A b; (' c) 1]")
    #expect(expr("[[1 2] [3 4]]") == "[[1 2] [3 4]]")
    #expect(expr("[x[1] x [2]]") == "[(index x 1) x [2]]")
    #expect(expr("[f(1, -2) (3 -4)]") == "[(f 1 (- 2)) (- 3 4)]")
  }

  @Test func emptyMatrixIsAnError() {
    let result = parse("show []")
    #expect(result.diagnostics.map(\.message) == ["empty matrix"])
    #expect(result.diagnostics.map(position) == ["1:6-1:8"])
    #expect(result.statements.isEmpty)
  }

  @Test func raggedNumericRowsAreErrors() {
    let result = parse("let A = [1 2; 3 4 5]")
    #expect(result.diagnostics.map(\.message) == ["matrix row 2 has 3 elements but row 1 has 2"])
    #expect(result.diagnostics.map(position) == ["1:15-1:20"])
    #expect(result.statements.isEmpty)
    // Concatenation of matrices is for the interpreter to check.
    #expect(messages("let B = [A; 3 4 5]") == [])
  }

  @Test func unclosedMatrix() {
    #expect(messages("show [1 2)") == ["expected ']' after matrix row"])
    #expect(messages("show [1 2\n3 4") == ["expected ']' to close '[' at line 1"])
    #expect(messages("show [1, ]") == ["expected an expression after ','"])
  }
}

@Suite("Parser: statements")
struct ParserStatementTests {
  @Test func bindings() {
    let l = statement("let v = W1 * x")
    #expect(l?.kind == .let)
    #expect(l?.arguments.map(argumentText) == ["v", "(* W1 x)"])
    #expect(l.map { $0.keywordSpan.text } == "let")
    let s = statement("set W1 = W1 - 0.1 * dW1")
    #expect(s?.kind == .set)
    #expect(s?.arguments.map(argumentText) == ["W1", "(- W1 (* 0.1 dW1))"])
    let implicit = statement("J = 3")
    #expect(implicit?.kind == .let)
    #expect(implicit?.arguments.map(argumentText) == ["J", "3"])
  }

  /// A statement name is not a variable name, with `let`, `set` or neither.
  @Test func statementNamesCannotBeBound() {
    #expect(messages("let = 5") == ["let needs a name: let NAME = EXPR"])
    #expect(messages("set = 5") == ["set needs a name: set W1 = EXPR"])
    #expect(messages("show = 5") == ["'show' is a statement name and cannot be a variable; choose another name"])
    #expect(messages("data = 3") == ["'data' is a statement name and cannot be a variable; choose another name"])
    #expect(messages("let show = 5") == ["'show' is a statement name and cannot be a variable; choose another name"])
    #expect(messages("let let = 5") == ["'let' is a statement name and cannot be a variable; choose another name"])
    #expect(messages("repeat 2 { train = 1 }") == ["'train' is a statement name and cannot be a variable; choose another name"])
    // Other words still bind, and keywords still start statements.
    #expect(statement("J = 3")?.kind == .let)
    #expect(statement("let shows = 5")?.kind == .let)
    #expect(statement("show x")?.kind == .show)
  }

  @Test func bindingErrors() {
    #expect(messages("let 3 = x") == ["expected a name after 'let'"])
    #expect(messages("let x == 3") == ["expected '=' after 'x'"])
    #expect(messages("let x =") == ["expected an expression after '='"])
    #expect(messages("let x = 1 2") == ["expected a new line or ';' after expression"])
  }

  @Test func keywordStatements() {
    let layer = statement("layer dense 2 -> 3 relu")
    #expect(layer?.kind == .layer)
    #expect(layer?.arguments.map(argumentText) == ["dense", "2", "->", "3", "relu"])
    #expect(statement("summary")?.kind == .summary)
    #expect(statement("init he")?.kind == .initialize)
    #expect(arguments("load \"file.csv\" target=species") == ["\"file.csv\""])
    #expect(arguments("print \"loss\" J") == ["\"loss\"", "J"])
  }

  @Test func juxtapositionSeparatesArguments() {
    #expect(arguments("show a1 dW2") == ["a1", "dW2"])
    #expect(arguments("grad f wrt x1 x2") == ["f", "wrt", "x1", "x2"])
    #expect(arguments("show a - b") == ["(- a b)"])
    #expect(arguments("show X[:, 3]") == ["(index X : 3)"])
    #expect(arguments("show x [1 2]") == ["x", "[1 2]"])
    #expect(arguments("predict [5.1; 3.5]") == ["[5.1; 3.5]"])
    #expect(arguments("show relu(z1)") == ["(relu z1)"])
    #expect(arguments("show relu (z1)") == ["relu", "z1"])
    #expect(arguments("assert J < J0") == ["(< J J0)"])
    #expect(arguments("jacobian a2 wrt z2") == ["a2", "wrt", "z2"])
  }

  @Test func ranges() {
    #expect(arguments("forward batch 1..32") == ["batch", "(.. 1 32)"])
    #expect(arguments("forward batch 1..n+1") == ["batch", "(.. 1 (+ n 1))"])
    #expect(messages("forward batch 1..") == ["expected an expression after '..'"])
  }

  @Test func options() {
    let train = statement("train epochs=100 batch=32 lr=0.1")
    #expect(train?.options.map(\.key) == ["epochs", "batch", "lr"])
    #expect(train?.options.map { sexp($0.value) } == ["100", "32", "0.1"])
    #expect(train?.options.first.map { $0.keySpan.text } == "epochs")
    let forward = statement("forward x=[1;2] y=[0]")
    #expect(forward?.options.map { sexp($0.value) } == ["[1; 2]", "[0]"])
    let assert = statement("assert dW1 == num tol=1e-9")
    #expect(assert?.arguments.map(argumentText) == ["(== dW1 num)"])
    #expect(assert?.options.map(\.key) == ["tol"])
    let data = statement("data spiral n=300 noise=0.1")
    #expect(data?.arguments.map(argumentText) == ["spiral"])
    #expect(data?.options.map(\.key) == ["n", "noise"])
  }

  @Test func badOptionsAreReportedAndTheRestIsStillChecked() {
    let result = parse("train epoch=3 batchh=2 lr=")
    #expect(
      result.diagnostics.map(\.message) == [
        "statement 'train' has no option 'epoch'; did you mean 'epochs'?",
        "statement 'train' has no option 'batchh'; did you mean 'batch'?",
        "expected an expression after '='",
      ])
    #expect(result.diagnostics.first.map(position) == "1:7-1:12")
    #expect(result.statements.isEmpty)
    #expect(messages("seed 1 foo=2") == ["statement 'seed' has no option 'foo'"])
    #expect(messages("train epochs=1 epochs=2") == ["option 'epochs' is given twice"])
    #expect(
      messages("assert x = 3") == ["statement 'assert' has no option 'x'; did you mean '=='?"])
  }

  @Test func blocks() {
    let r = statement("repeat 1000 { sample; forward; backward; step }")
    #expect(r?.kind == .repeat)
    #expect(r?.arguments.map(argumentText) == ["1000"])
    #expect(r?.block?.map(\.kind) == [.sample, .forward, .backward, .step])
    let multi = statement("time {\n  repeat 2 {\n    step lr=0.1\n  }\n  show J\n}")
    #expect(multi?.block?.map(\.kind) == [.repeat, .show])
    #expect(multi?.block?.first?.block?.first?.options.map(\.key) == ["lr"])
    #expect(statement("repeat 2 {}")?.block?.isEmpty == true)
    #expect(multi.map { $0.span.end } == Location(line: 6, column: 2))
  }

  @Test func blockErrors() {
    let unclosed = parse("net\nrepeat 3 {\n  sample\n  forward\n")
    #expect(unclosed.diagnostics.map(\.message) == ["expected '}' to close '{' at line 2"])
    #expect(unclosed.diagnostics.map(position) == ["4:10-4:11"])
    #expect(unclosed.statements.map(\.kind) == [.net])
    #expect(
      messages("repeat 3\n{ sample }") == [
        "unexpected '{': a block must start on the same line as its statement"
      ])
    #expect(messages("show x }") == ["unexpected '}' without a matching '{'"])
  }

  @Test func errorsInsideABlockDropTheWholeStatementButNotTheBlocksRest() {
    let result = parse("repeat 2 { show (a; trian epochs=1; show ]; sample }\nsummary")
    #expect(
      result.diagnostics.map(\.message) == [
        "expected ')' after expression",
        "unknown statement 'trian'; did you mean 'train'?",
        "unexpected ']' in 'show' statement",
      ])
    #expect(result.statements.map(\.kind) == [.summary])
  }

  @Test func expressionStatements() {
    let s = statement("W1' * x")
    #expect(s?.kind == .expression)
    #expect(s?.arguments.map(argumentText) == ["(* (' W1) x)"])
    #expect(s.map { $0.keywordSpan.text } == "W1' * x")
    #expect(statement("trian")?.kind == .expression)
    #expect(messages("a + b c") == ["expected a new line or ';' after expression"])
  }

  @Test func unknownStatementsSuggestAKeyword() {
    #expect(messages("trian epochs=3") == ["unknown statement 'trian'; did you mean 'train'?"])
    #expect(messages("forwrd x=[1;2]") == ["unknown statement 'forwrd'; did you mean 'forward'?"])
    #expect(
      messages("predcit [5.1; 3.5]") == ["unknown statement 'predcit'; did you mean 'predict'?"])
    #expect(messages("xyzzy 3") == ["unknown statement 'xyzzy'"])
    #expect(messages("tim { step }") == ["unknown statement 'tim'; did you mean 'time'?"])
    let result = parse("\n  trian epochs=3")
    #expect(result.diagnostics.map(position) == ["2:3-2:8"])
  }

  @Test func separatorsAndComments() {
    let result = parse(
      "# setup\nnet; layer dense 2 -> 3 relu  # hidden\n\n;;layer dense 1\nloss mse\n")
    #expect(result.diagnostics.isEmpty)
    #expect(result.statements.map(\.kind) == [.net, .layer, .layer, .loss])
  }

  @Test func statementSpans() {
    guard let s = statement("  train epochs=3 lr=0.1  # go") else { return }
    #expect(s.span.text == "train epochs=3 lr=0.1")
    #expect(s.keywordSpan.text == "train")
  }

  @Test func aKeywordFollowedByAnOperatorIsAValue() {
    #expect(expr("data * 2") == "(* data 2)")
    #expect(expr("loss - 1") == "(- loss 1)")
    #expect(expr("data[1, 2]") == "(index data 1 2)")
    #expect(expr("loss'") == "(' loss)")
    #expect(arguments("seed -1") == ["(- 1)"])
    #expect(arguments("show -x y") == ["(- x)", "y"])
    #expect(messages("loss + 1") == [])
    #expect(messages("show +1") == ["unexpected '+' in 'show' statement"])
  }

  @Test func hintsForMisplacedSpacesAndCommas() {
    #expect(
      messages("relu (z1)") == ["unexpected space between 'relu' and '(': write relu(…) to call it"]
    )
    #expect(
      messages("let v = X [1, 2]") == [
        "unexpected space between 'X' and '[': write X[…] to index it"
      ])
    #expect(
      messages("show a, b") == [
        "unexpected ',' in 'show' statement (arguments are separated by spaces)"
      ])
    #expect(
      messages("W1[:, 1] = 3") == ["cannot assign to 'W1[:, 1]': only a name can be bound with '='"]
    )
  }

  @Test func keywordsAreWordsAfterTheStart() {
    #expect(arguments("help data") == ["data"])
    #expect(arguments("show loss") == ["loss"])
    #expect(arguments("draw net") == ["net"])
  }
}

@Suite("Parser: recovery")
struct ParserRecoveryTests {
  @Test func severalErrorsFromOneScript() {
    let script = """
      net
      layer dense 2 -> 3 relu
      trian epochs=3
      let x = 1 +
      show a $ b
      train epoch=3
      print "unterminated
      let y = [1 2; 3]
      summary
      """
    let result = parse(script, name: "walk.nn")
    #expect(
      result.diagnostics.map { "\(position($0)) \($0.message)" } == [
        "3:1-3:6 unknown statement 'trian'; did you mean 'train'?",
        "4:12-4:13 expected an expression after '+'",
        "5:8-5:9 unexpected character '$'",
        "6:7-6:12 statement 'train' has no option 'epoch'; did you mean 'epochs'?",
        "7:7-7:20 unterminated string",
        "8:15-8:16 matrix row 2 has 1 element but row 1 has 2",
      ])
    #expect(result.statements.map(\.kind) == [.net, .layer, .summary])
    #expect(result.hasErrors)
  }

  @Test func errorsAtTheEndOfALinePointJustPastTheLastToken() {
    let result = parse("let x = 1 +   # comment\nshow x")
    #expect(result.diagnostics.map(position) == ["1:12-1:13"])
    #expect(result.statements.map(\.kind) == [.show])
  }

  @Test func unclosedParenthesisSwallowsTheRestButReportsOnce() {
    let result = parse("show (a\nshow b\nshow c")
    #expect(result.diagnostics.count == 1)
  }

  @Test func aSemicolonInsideParenthesesEndsTheStatement() {
    let result = parse("show (a; show b\nshow c")
    #expect(result.diagnostics.map(\.message) == ["expected ')' after expression"])
    #expect(result.statements.map { $0.arguments.map(argumentText) } == [["b"], ["c"]])
    #expect(!Parser.needsMoreInput("show (a;"))
  }

  @Test func scannerErrorsSkippedDuringRecoveryAreStillReported() {
    #expect(
      messages("show a ) $") == ["unexpected ')' in 'show' statement", "unexpected character '$'"])
  }

  @Test func emptyInput() {
    let result = parse("")
    #expect(result.statements.isEmpty)
    #expect(result.diagnostics.isEmpty)
    #expect(parse("\n\n  # nothing\n").statements.isEmpty)
  }
}

@Suite("Parser: needsMoreInput")
struct NeedsMoreInputTests {
  @Test func openBracketsNeedMore() {
    #expect(Parser.needsMoreInput("repeat 3 {"))
    #expect(Parser.needsMoreInput("repeat 3 {\n  sample"))
    #expect(Parser.needsMoreInput("let A = [1 2"))
    #expect(Parser.needsMoreInput("show zeros(3,"))
  }

  @Test func completeOrBrokenInputDoesNot() {
    #expect(!Parser.needsMoreInput("repeat 3 { sample }"))
    #expect(!Parser.needsMoreInput("show x"))
    #expect(!Parser.needsMoreInput(""))
    #expect(!Parser.needsMoreInput("print \"unterminated {"))
    #expect(!Parser.needsMoreInput("print \"{\""))
    #expect(!Parser.needsMoreInput("show x # {"))
    #expect(!Parser.needsMoreInput("show (a]"))
    #expect(!Parser.needsMoreInput("{ show $"))
  }
}
