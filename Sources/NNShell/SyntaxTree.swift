/// The syntax tree of the nnsh language.
///
/// Every statement has one shape: a keyword, positional arguments (expressions, with
/// bare words such as `dense` or `relu` as `.name` expressions), `key=value` options,
/// and an optional `{ … }` block:
///
///     layer dense 2 -> 3 relu          kind .layer, arguments [dense, 2, ->, 3, relu]
///     train epochs=100 batch=32        kind .train, options [epochs=100, batch=32]
///     repeat 1000 { sample; forward }  kind .repeat, arguments [1000], block [...]
///     let v = W1 * x                   kind .let, arguments [v, W1 * x]
///     W1' * x                          kind .expression, arguments [W1' * x]
///
/// One shape keeps the parser to one rule for statements; the statement's grammar
/// (`StatementGrammar`) then checks the arguments and names them by role (`parsed`), and
/// leaves what needs the session's state (names, shapes, computed values) to the
/// interpreter.
public struct Statement: @unchecked Sendable {
  public var kind: StatementKind
  /// The keyword (or, for `.expression`, the whole expression).
  public var keywordSpan: SourceSpan
  public var arguments: [Argument]
  public var options: [Option]
  public var block: [Statement]?
  /// The whole statement, for diagnostics and `--trace`.
  public var span: SourceSpan
  /// The arguments as the statement's grammar matched them (`StatementGrammar`), by role.
  public var parsed = StatementArguments()

  public init(
    kind: StatementKind, keywordSpan: SourceSpan, arguments: [Argument] = [],
    options: [Option] = [], block: [Statement]? = nil, span: SourceSpan
  ) {
    self.kind = kind
    self.keywordSpan = keywordSpan
    self.arguments = arguments
    self.options = options
    self.block = block
    self.span = span
  }
}

/// A positional argument of a statement.
public enum Argument: @unchecked Sendable {
  case expression(Expression)
  /// The `->` of `layer dense 2 -> 3`.
  case arrow(SourceSpan)

  public var span: SourceSpan {
    switch self {
    case .expression(let e): return e.span
    case .arrow(let s): return s
    }
  }
  /// The expression, or nil for `->`.
  public var expression: Expression? {
    if case .expression(let e) = self { return e }
    return nil
  }
  /// The bare word this argument is (`dense`, `relu`, `wrt`), or nil.
  public var word: String? {
    if case .expression(let e) = self, case .name(let n) = e.kind { return n }
    return nil
  }
}

/// A `key=value` option. The key is checked against the statement's table at parse time.
public struct Option: @unchecked Sendable {
  public var key: String
  public var keySpan: SourceSpan
  public var value: Expression
  public init(key: String, keySpan: SourceSpan, value: Expression) {
    self.key = key
    self.keySpan = keySpan
    self.value = value
  }
}

/// An expression with the span it was parsed from.
public final class Expression: @unchecked Sendable {
  public let kind: ExpressionKind
  public let span: SourceSpan
  /// The height of the tree below and including this node (1 for a number or a name).
  /// The parser refuses expressions deeper than `Parser.maxExpressionDepth`, so that
  /// evaluating (and freeing) a tree can never exhaust the stack.
  public let depth: Int
  public init(_ kind: ExpressionKind, span: SourceSpan) {
    self.kind = kind
    self.span = span
    self.depth = 1 + kind.childDepth
  }
}

extension ExpressionKind {
  /// The depth of the deepest direct child (0 for a leaf).
  var childDepth: Int {
    func index(_ a: IndexArgument) -> Int {
      switch a {
      case .all: return 0
      case .single(let e): return e.depth
      case .range(let l, let h): return Swift.max(l.depth, h.depth)
      }
    }
    switch self {
    case .number, .string, .name, .numbers: return 0
    case .matrix(let rows): return rows.lazy.flatMap { $0 }.map(\.depth).max() ?? 0
    case .unary(_, let e), .transpose(let e): return e.depth
    case .binary(_, let l, let r), .range(let l, let r): return Swift.max(l.depth, r.depth)
    case .index(let base, let arguments): return arguments.map(index).reduce(base.depth, Swift.max)
    case .call(_, let arguments): return arguments.map(\.depth).max() ?? 0
    }
  }
}

public enum ExpressionKind: @unchecked Sendable {
  case number(Double)
  case string(String)
  case name(String)
  /// `[1 2; 3 4]`: rows of elements; each element may be any expression, and matrices
  /// concatenate (`[A b]` joins side by side, `[A; c']` stacks).
  case matrix([[Expression]])
  /// A matrix literal of plain numbers only (`[1 2; 3 -4]`), stored flat.
  case numbers(NumberMatrix)
  case unary(UnaryOperator, Expression)
  case binary(BinaryOperator, Expression, Expression)
  /// Postfix `'`.
  case transpose(Expression)
  /// `X[:, 3]`, `W1[2, 1]`, `x[2]`, `X[:, 1..10]` — 1-based.
  case index(Expression, [IndexArgument])
  /// `relu(z1)`, `zeros(3, 2)`, `leaky_relu(z, 0.1)`.
  case call(String, [Expression])
  /// `1..32` (only as a statement argument or an index).
  case range(Expression, Expression)
}

public enum IndexArgument: @unchecked Sendable {
  /// `:`
  case all
  case single(Expression)
  /// `a..b` or `a:b`, inclusive.
  case range(Expression, Expression)
}

public enum UnaryOperator: String, Sendable {
  case negate = "-"
}

/// Binary operators, from loosest to tightest:
/// comparisons `== != < <= > >=`, then `+ -`, then `* .* ./ /`, then `^ .^`
/// (right-associative), then unary `-`, then postfix `'` and indexing.
public enum BinaryOperator: String, Sendable {
  case equal = "==", notEqual = "!=", less = "<", lessEqual = "<=", greater = ">",
    greaterEqual = ">="
  case add = "+", subtract = "-"
  case multiply = "*", hadamard = ".*", divide = "./", scalarDivide = "/"
  case power = "^", elementPower = ".^"
}
