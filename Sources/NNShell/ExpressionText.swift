import NNEngine

/// Expressions written back as text, for `explain`: either as typed (`W1 * x + b1`) or
/// with every name replaced by its value (`[1 -1; 0.5 2] [1; 2] + [0; 1]`).
struct ExpressionText {
  var digits: Int
  /// How a name becomes text (its value, or the name itself).
  var name: (String) -> String

  /// `[1 2; 3 4]` for small matrices, `W1 (4×3)` otherwise.
  static func literal(_ m: Matrix, digits: Int, limit: Int = 16, fallback: String? = nil) -> String {
    if m.isScalar { return NumberFormat.format(m.scalar, digits: digits) }
    if m.count > limit { return "\(fallback ?? "")(\(m.shape))" }
    let rows = (0..<m.rows).map { i in (0..<m.cols).map { NumberFormat.format(m[i, $0], digits: digits) }.joined(separator: " ") }
    return "[" + rows.joined(separator: "; ") + "]"
  }

  func text(_ e: Expression) -> String {
    render(e, parentPrecedence: 0)
  }

  /// Binding strength, loosest first, as the parser reads them.
  static func precedence(_ op: BinaryOperator) -> Int {
    switch op {
    case .equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual: return 1
    case .add, .subtract: return 2
    case .multiply, .hadamard, .divide, .scalarDivide: return 3
    case .power, .elementPower: return 4
    }
  }

  private func render(_ e: Expression, parentPrecedence: Int) -> String {
    switch e.kind {
    case .number(let x): return NumberFormat.format(x, digits: 17)
    case .string(let s): return "\"\(s)\""
    case .name(let n): return name(n)
    case .matrix(let rows):
      return "[" + rows.map { $0.map { render($0, parentPrecedence: 0) }.joined(separator: " ") }.joined(separator: "; ") + "]"
    case .numbers(let m):
      let rows = (0..<m.rows).map { i in (0..<m.cols).map { NumberFormat.format(m[i, $0], digits: 17) }.joined(separator: " ") }
      return "[" + rows.joined(separator: "; ") + "]"
    case .unary(_, let operand): return "-" + render(operand, parentPrecedence: 5)
    case .binary(let op, let l, let r):
      let p = Self.precedence(op)
      let text = render(l, parentPrecedence: p) + " \(op.rawValue) " + render(r, parentPrecedence: p + 1)
      return p < parentPrecedence ? "(" + text + ")" : text
    case .transpose(let operand): return render(operand, parentPrecedence: 6) + "'"
    case .index(let base, let args):
      let parts = args.map { a -> String in
        switch a {
        case .all: return ":"
        case .single(let x): return render(x, parentPrecedence: 0)
        case .range(let a, let b): return render(a, parentPrecedence: 0) + ".." + render(b, parentPrecedence: 0)
        }
      }
      return render(base, parentPrecedence: 6) + "[" + parts.joined(separator: ", ") + "]"
    case .call(let f, let args): return f + "(" + args.map { render($0, parentPrecedence: 0) }.joined(separator: ", ") + ")"
    case .range(let a, let b): return render(a, parentPrecedence: 0) + ".." + render(b, parentPrecedence: 0)
    }
  }
}
