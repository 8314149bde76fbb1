/// The expression rules, loosest first:
///
///     argument       := expression (".." expression)?
///     expression     := comparison
///     comparison     := additive (("==" | "!=" | "<" | "<=" | ">" | ">=") additive)?
///     additive       := multiplicative (("+" | "-") multiplicative)*
///     multiplicative := power (("*" | "/" | ".*" | "./") power)*
///     power          := unary (("^" | ".^") power)?
///     unary          := ("-" | "+") unary | postfix
///     postfix        := primary ("'" | index)*
///     index          := "[" indexArgument ("," indexArgument)? "]"
///     indexArgument  := ":" | expression ((".." | ":") expression)?
///     primary        := NUMBER | STRING | NAME | NAME "(" (expression ("," expression)*)? ")"
///                     | "(" expression ")" | matrix
///     matrix         := "[" row (ROWSEP row)* "]"      row := expression (","? expression)*
///
/// Unary minus binds tighter than `^`, so `-2^2` is `(-2)^2 = 4` — what a reader of the
/// notes expects when typing a negative number, and what the project decided, even
/// though Octave and Python say -4. `2^-1` is 0.5 as usual.
extension Parser {
  /// argument := expression (".." expression)?
  ///
  /// Ranges (`forward batch 1..32`) are only statement arguments, option values and
  /// indices, so they sit outside the expression grammar.
  mutating func argument() throws(Diagnostic) -> Expression {
    let low = try expression()
    guard let dots = match(.dotDot) else { return low }
    try requireOperand(after: dots)
    let high = try expression()
    return Expression(.range(low, high), span: low.span.through(high.span))
  }

  mutating func expression() throws(Diagnostic) -> Expression {
    try comparison()
  }

  /// comparison := additive (COMPARISON additive)? — non-associative: `a < b < c` is
  /// rejected, because with matrices it would not mean what it seems to.
  mutating func comparison() throws(Diagnostic) -> Expression {
    let left = try additive()
    guard let op = Self.comparisonOperator(peek.kind) else { return left }
    let opToken = advance()
    try requireOperand(after: opToken)
    let right = try additive()
    if Self.comparisonOperator(peek.kind) != nil {
      throw error("comparisons cannot be chained; use parentheses")
    }
    return Expression(.binary(op, left, right), span: left.span.through(right.span))
  }

  /// additive := multiplicative (("+" | "-") multiplicative)*
  mutating func additive() throws(Diagnostic) -> Expression {
    var left = try multiplicative()
    while !startsNewElement, let op = Self.additiveOperator(peek.kind) {
      let opToken = advance()
      try requireOperand(after: opToken)
      let right = try multiplicative()
      left = Expression(.binary(op, left, right), span: left.span.through(right.span))
      try checkDepth(left)
    }
    return left
  }

  /// multiplicative := power (("*" | "/" | ".*" | "./") power)*
  mutating func multiplicative() throws(Diagnostic) -> Expression {
    var left = try power()
    while let op = Self.multiplicativeOperator(peek.kind) {
      let opToken = advance()
      try requireOperand(after: opToken)
      let right = try power()
      left = Expression(.binary(op, left, right), span: left.span.through(right.span))
      try checkDepth(left)
    }
    return left
  }

  /// power := unary (("^" | ".^") power)? — right-associative: `2^3^2` is `2^9`.
  mutating func power() throws(Diagnostic) -> Expression {
    let base = try unary()
    let op: BinaryOperator
    switch peek.kind {
    case .caret: op = .power
    case .dotCaret: op = .elementPower
    default: return base
    }
    let opToken = advance()
    try requireOperand(after: opToken)
    try enter("powers are")
    defer { leave() }
    let exponent = try power()
    return Expression(.binary(op, base, exponent), span: base.span.through(exponent.span))
  }

  /// unary := ("-" | "+") unary | postfix — a unary `+` is accepted (Octave's `[1 +2]`
  /// has the element `+2`) and leaves its operand as it is.
  mutating func unary() throws(Diagnostic) -> Expression {
    try enter("brackets and signs are")
    defer { leave() }
    guard check(.minus) || check(.plus) else { return try postfix() }
    let op = advance()
    try requireOperand(after: op)
    let operand = try unary()
    let span = op.span.through(operand.span)
    if op.kind == .plus { return Expression(operand.kind, span: span) }
    return Expression(.unary(.negate, operand), span: span)
  }

  /// postfix := primary ("'" | index)*
  ///
  /// Outside parentheses, a `[` indexes only when nothing separates it from what it
  /// follows: `X[1]` indexes, `show X [1]` passes two arguments.
  mutating func postfix() throws(Diagnostic) -> Expression {
    var expression = try primary()
    while true {
      if let quote = match(.transpose) {
        expression = Expression(.transpose(expression), span: expression.span.through(quote.span))
      } else if check(.leftBracket), !peek.spaceBefore || mode == .parenthesized {
        expression = try index(expression)
      } else {
        return expression
      }
      try checkDepth(expression)
    }
  }

  /// primary := NUMBER | STRING | NAME | call | "(" expression ")" | matrix
  mutating func primary() throws(Diagnostic) -> Expression {
    let token = peek
    switch token.kind {
    case .number:
      advance()
      return Expression(.number(token.number ?? .nan), span: token.span)
    case .string:
      advance()
      return Expression(.string(token.string ?? ""), span: token.span)
    case .name:
      advance()
      if check(.leftParen), !peek.spaceBefore || mode == .parenthesized {
        return try call(token)
      }
      return Expression(.name(token.lexeme), span: token.span)
    case .leftParen:
      return try parenthesized()
    case .leftBracket:
      return try matrix()
    default:
      throw error("expected an expression, found \(token.quoted)")
    }
  }

  /// "(" expression ")" — inside, whitespace is insignificant and lines may wrap.
  mutating func parenthesized() throws(Diagnostic) -> Expression {
    let saved = mode
    mode = .parenthesized
    defer { mode = saved }
    let open = advance()
    try requireOperand(after: open)
    let inner = try expression()
    let close = try consumeClosing(.rightParen, of: open, "after expression")
    return Expression(inner.kind, span: open.span.through(close.span))
  }

  /// call := NAME "(" (expression ("," expression)*)? ")"
  mutating func call(_ name: Token) throws(Diagnostic) -> Expression {
    let saved = mode
    mode = .parenthesized
    defer { mode = saved }
    let open = advance()
    var arguments: [Expression] = []
    if !check(.rightParen) {
      var separator = open
      while true {
        try requireOperand(after: separator)
        arguments.append(try expression())
        guard let comma = match(.comma) else { break }
        separator = comma
      }
    }
    let close = try consumeClosing(.rightParen, of: open, "after the arguments of '\(name.lexeme)'")
    return Expression(.call(name.lexeme, arguments), span: name.span.through(close.span))
  }

  /// index := "[" indexArgument ("," indexArgument)? "]" — 1-based, as in the notes.
  mutating func index(_ base: Expression) throws(Diagnostic) -> Expression {
    let saved = mode
    mode = .parenthesized
    defer { mode = saved }
    let open = advance()
    var arguments = [try indexArgument(after: open)]
    while let comma = match(.comma) {
      arguments.append(try indexArgument(after: comma))
    }
    let close = try consumeClosing(.rightBracket, of: open, "after index")
    let span = base.span.through(close.span)
    guard arguments.count <= 2 else {
      throw Diagnostic.error(
        "expected one or two indices, found \(arguments.count)", at: open.span.through(close.span))
    }
    return Expression(.index(base, arguments), span: span)
  }

  /// indexArgument := ":" | expression ((".." | ":") expression)?
  mutating func indexArgument(after separator: Token) throws(Diagnostic) -> IndexArgument {
    if check(.colon), peekNext.kind == .comma || peekNext.kind == .rightBracket {
      advance()
      return .all
    }
    guard canStartExpression(peek) else {
      throw error("expected an index after '\(separator.lexeme)'")
    }
    let low = try expression()
    guard let op = match(.dotDot) ?? match(.colon) else { return .single(low) }
    try requireOperand(after: op)
    return .range(low, try expression())
  }

  /// matrix := "[" row (ROWSEP row)* "]"
  ///
  /// Elements are separated by commas or by juxtaposition, rows by `;` or line breaks
  /// (blank lines and a trailing `;` are allowed). Ragged rows are reported here only
  /// when every element is a plain number; concatenating matrices (`[A b]`) is checked
  /// by the interpreter, which knows their shapes.
  ///
  ///     [1 2; 3 4]    [1, -2]    [1 -2] (two elements)    [1 - 2] (one)
  mutating func matrix() throws(Diagnostic) -> Expression {
    let saved = mode
    mode = .matrix
    defer { mode = saved }
    let open = advance()
    while match(.rowSeparator) != nil {}
    if let close = match(.rightBracket) {
      throw Diagnostic.error("empty matrix", at: open.span.through(close.span))
    }
    // The elements stand one level deeper, whether they parse as one flat node or not.
    try enter("brackets and signs are")
    leave()
    if let literal = numberMatrix(open: open) { return literal }  // plain numbers: one flat node
    var rows: [[Expression]] = []
    var row: [Expression] = []
    while true {
      row.append(try expression())
      if let comma = match(.comma) {
        try requireOperand(after: comma)
        continue
      }
      if canStartExpression(peek) { continue }  // the next element, after a space
      rows.append(row)
      row = []
      var endedRow = false
      while match(.rowSeparator) != nil { endedRow = true }
      if let close = match(.rightBracket) {
        checkRowLengths(rows)
        return Expression(.matrix(rows), span: open.span.through(close.span))
      }
      guard endedRow, canStartExpression(peek) else {
        throw missingClosing(.rightBracket, of: open, "after matrix row")
      }
    }
  }

  /// Reports the first row whose length differs from the first row's, when all elements
  /// are numbers (`3`, `-2.5`) and so are certainly 1×1.
  mutating func checkRowLengths(_ rows: [[Expression]]) {
    func isNumber(_ e: Expression) -> Bool {
      switch e.kind {
      case .number: return true
      case .unary(.negate, let inner): return isNumber(inner)
      default: return false
      }
    }
    guard let first = rows.first, rows.allSatisfy({ $0.allSatisfy(isNumber) }) else { return }
    for (i, row) in rows.enumerated() where row.count != first.count {
      guard let a = row.first, let b = row.last else { continue }
      report(
        .error(
          "matrix row \(i + 1) has \(Self.elements(row.count)) but row 1 has \(first.count)",
          at: a.span.through(b.span)))
      return
    }
  }

  static func elements(_ n: Int) -> String { n == 1 ? "1 element" : "\(n) elements" }

  // MARK: - Helpers

  /// Throws "expected an expression after '+'" unless an operand can start here.
  mutating func requireOperand(after op: Token) throws(Diagnostic) {
    guard canStartExpression(peek) else {
      throw error("expected an expression after '\(op.lexeme)'")
    }
  }

  func canStartExpression(_ token: Token) -> Bool {
    switch token.kind {
    case .number, .string, .name, .leftParen, .leftBracket, .minus, .plus: return true
    default: return false
    }
  }

  /// In a matrix or a statement's arguments, a `+` or `-` with a space before it and
  /// none after starts a new element (`[1 -2]`), as in Octave; `[1 - 2]` and `[1-2]`
  /// subtract.
  var startsNewElement: Bool {
    (mode == .matrix || mode == .arguments) && (check(.minus) || check(.plus))
      && peek.spaceBefore && !peekNext.spaceBefore
  }

  static func comparisonOperator(_ kind: TokenKind) -> BinaryOperator? {
    switch kind {
    case .equalEqual: return .equal
    case .bangEqual: return .notEqual
    case .less: return .less
    case .lessEqual: return .lessEqual
    case .greater: return .greater
    case .greaterEqual: return .greaterEqual
    default: return nil
    }
  }

  static func additiveOperator(_ kind: TokenKind) -> BinaryOperator? {
    switch kind {
    case .plus: return .add
    case .minus: return .subtract
    default: return nil
    }
  }

  static func multiplicativeOperator(_ kind: TokenKind) -> BinaryOperator? {
    switch kind {
    case .star: return .multiply
    case .slash: return .scalarDivide
    case .dotStar: return .hadamard
    case .dotSlash: return .divide
    default: return nil
    }
  }
}
