import Testing

@testable import NNShell

/// `Testing` has a `SourceLocation` too.
private typealias Location = NNShell.SourceLocation

private func scan(_ text: String) -> [Token] {
  var scanner = Scanner(SourceText(name: "t.nn", text: text))
  return scanner.scanTokens()
}

private func kinds(_ text: String) -> [TokenKind] { scan(text).map(\.kind) }

@Suite("Scanner")
struct ScannerTests {
  @Test func namesOperatorsAndPunctuation() {
    #expect(
      kinds("show W1[1, :] 1..32")
        == [
          .name, .name, .leftBracket, .number, .comma, .colon, .rightBracket, .number, .dotDot,
          .number, .eof,
        ])
    #expect(
      kinds("+ - * / ^ .* ./ .^ ' == != < <= > >= = -> .. : , ( ) [ ] { }")
        == [
          .plus, .minus, .star, .slash, .caret, .dotStar, .dotSlash, .dotCaret, .transpose,
          .equalEqual, .bangEqual, .less, .lessEqual, .greater, .greaterEqual, .equal, .arrow,
          .dotDot, .colon, .comma, .leftParen, .rightParen, .leftBracket, .rightBracket,
          .leftBrace, .rightBrace, .eof,
        ])
    #expect(scan("_a1 relu leaky_relu").map(\.lexeme) == ["_a1", "relu", "leaky_relu", ""])
  }

  @Test func numbers() {
    let tokens = scan("3 0.5 .5 1e-9 2.5E+3 7. 1e3")
    #expect(tokens.dropLast().allSatisfy { $0.kind == .number })
    #expect(tokens.compactMap(\.number) == [3, 0.5, 0.5, 1e-9, 2500, 7, 1000])
  }

  @Test func rangeIsNotADecimalPoint() {
    let tokens = scan("1..32")
    #expect(tokens.map(\.kind) == [.number, .dotDot, .number, .eof])
    #expect(tokens.compactMap(\.number) == [1, 32])
  }

  @Test func elementwiseOperatorsAfterNumbers() {
    #expect(kinds("2.*x") == [.number, .dotStar, .name, .eof])
    #expect(kinds("2./x") == [.number, .dotSlash, .name, .eof])
    #expect(kinds("x.^.5") == [.name, .dotCaret, .number, .eof])
    #expect(kinds("x.^2") == [.name, .dotCaret, .number, .eof])
  }

  @Test func malformedNumberIsAnError() {
    let tokens = scan("2x")
    #expect(tokens.first?.kind == .error)
    #expect(tokens.first?.errorMessage == "malformed number '2x'")
  }

  @Test func stringsAndEscapes() {
    let tokens = scan(#""a \"b\" \\ c\n\t" "file.csv""#)
    #expect(tokens.map(\.kind) == [.string, .string, .eof])
    #expect(tokens[0].string == "a \"b\" \\ c\n\t")
    #expect(tokens[1].string == "file.csv")
    #expect(tokens[1].lexeme == "\"file.csv\"")
  }

  @Test func unterminatedStringIsAnErrorThatEndsAtTheLine() {
    let tokens = scan("print \"oops\nshow x")
    #expect(tokens.map(\.kind) == [.name, .error, .separator, .name, .name, .eof])
    #expect(tokens[1].errorMessage == "unterminated string")
    #expect(tokens[1].span.start == Location(line: 1, column: 7))
    #expect(tokens[1].span.end == Location(line: 1, column: 12))
  }

  @Test func unknownEscapeIsAnErrorAtTheEscape() {
    let tokens = scan(#"print "a\qb""#)
    #expect(tokens[1].kind == .error)
    #expect(tokens[1].span.start == Location(line: 1, column: 9))
    #expect(tokens[1].span.end == Location(line: 1, column: 11))
  }

  @Test func commentsRunToTheEndOfTheLine() {
    #expect(
      kinds("show x # a [ comment ( \"\nshow y") == [.name, .name, .separator, .name, .name, .eof])
    #expect(scan("a #c\nb")[2].spaceBefore)
  }

  @Test func transposeIsAlwaysAnOperator() {
    #expect(kinds("a' * b'") == [.name, .transpose, .star, .name, .transpose, .eof])
  }

  @Test func separatorsDependOnTheInnermostBracket() {
    #expect(kinds("a; b\nc") == [.name, .separator, .name, .separator, .name, .eof])
    #expect(
      kinds("[1 2; 3 4\n5 6]")
        == [
          .leftBracket, .number, .number, .rowSeparator, .number, .number, .rowSeparator,
          .number, .number, .rightBracket, .eof,
        ])
    #expect(kinds("f(1,\n 2)") == [.name, .leftParen, .number, .comma, .number, .rightParen, .eof])
    #expect(
      kinds("repeat 2 {\nsample; step\n}")
        == [
          .name, .number, .leftBrace, .separator, .name, .separator, .name, .separator,
          .rightBrace, .eof,
        ])
    // A matrix inside a block inside parentheses: each level decides for itself.
    #expect(
      kinds("{ [1\n2]\n}")
        == [
          .leftBrace, .leftBracket, .number, .rowSeparator, .number, .rightBracket, .separator,
          .rightBrace, .eof,
        ])
  }

  @Test func linesAndColumnsAreOneBasedCharacters() {
    let tokens = scan("let α = 1\n  show α")
    #expect(tokens[1].span.start == Location(line: 1, column: 5))
    #expect(tokens[3].span.start == Location(line: 1, column: 9))
    #expect(tokens[5].span.start == Location(line: 2, column: 3))
    #expect(tokens[6].span.start == Location(line: 2, column: 8))
    #expect(tokens[6].span.end == Location(line: 2, column: 9))
  }

  @Test func crlfLineEndings() {
    let source = SourceText(name: "t.nn", text: "a\r\nshow b\r\n")
    var scanner = Scanner(source)
    let tokens = scanner.scanTokens()
    #expect(tokens.map(\.kind) == [.name, .separator, .name, .name, .separator, .eof])
    #expect(tokens[3].span.start == Location(line: 2, column: 6))
    #expect(source.line(2) == "show b")
  }

  @Test func spaceBefore() {
    let tokens = scan("X[1] show [1] (2) f(3)")
    #expect(
      tokens.map(\.spaceBefore) == [
        true, false, false, false, true, true, false, false, true, false, false, true, false, false,
        false, false,
      ])
  }

  @Test func unknownCharacterIsAnErrorWithASpan() {
    let tokens = scan("show a $ b")
    #expect(tokens[2].kind == .error)
    #expect(tokens[2].errorMessage == "unexpected character '$'")
    #expect(tokens[2].span.start == Location(line: 1, column: 8))
    #expect(tokens[2].span.end == Location(line: 1, column: 9))
    #expect(tokens[3].kind == .name)
  }

  @Test func bracketBookkeeping() {
    var scanner = Scanner(SourceText(name: "t", text: "repeat 2 { show ["))
    _ = scanner.scanTokens()
    #expect(scanner.openBrackets.map(\.kind) == [.leftBrace, .leftBracket])
    var mismatched = Scanner(SourceText(name: "t", text: "(a]"))
    _ = mismatched.scanTokens()
    #expect(mismatched.sawMismatchedBracket)
    #expect(mismatched.openBrackets.isEmpty)
  }
}
