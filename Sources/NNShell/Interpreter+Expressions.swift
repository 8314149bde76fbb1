import NNEngine

/// Expressions evaluate to autodiff nodes (`Variable`): the value, and how it was
/// computed from named matrices, so that any value can later be differentiated
/// (`grad F wrt X`, `jacobian A wrt B`).
extension Interpreter {
  /// One node's value; `evaluate` (Interpreter+Memory.swift) adds the budget check.
  func evaluateNode(_ e: Expression) throws -> Variable {
    switch e.kind {
    case .number(let x):
      return Variable(Matrix(scalar: x))
    case .string:
      throw error("a string cannot be used as a number here", at: e.span)
    case .name(let n):
      return try lookup(n, at: e.span)
    case .matrix(let rows):
      let blocks = try rows.map { try $0.map { try evaluate($0) } }
      try checkConcatenation(blocks, rows)
      return try engine(e.span) { try Variable.concatenate(blocks) }
    case .numbers(let m):
      return Variable(try engine(e.span) { try Matrix(numbers: m) })
    case .unary(_, let operand):
      return -(try evaluate(operand))
    case .binary(let op, let l, let r):
      return try binary(op, l, r, span: e.span)
    case .transpose(let operand):
      return try evaluate(operand).transposed
    case .index(let base, let indices):
      return try index(try evaluate(base), indices, baseExpression: base, span: e.span)
    case .call(let name, let args):
      return try call(name, args, span: e.span)
    case .range:
      throw error("a range (a..b) can only be used as an index or a statement argument", at: e.span)
    }
  }

  /// `[A b; c' d]`: the elements of a row need as many rows, and the rows as many
  /// columns; the message names the elements as written.
  func checkConcatenation(_ blocks: [[Variable]], _ rows: [[Expression]]) throws {
    var width: (Int, Expression)? = nil
    for (values, expressions) in zip(blocks, rows) {
      guard let first = values.first, let firstExpression = expressions.first else { continue }
      for (v, e) in zip(values, expressions) where v.shape.rows != first.shape.rows {
        throw error(
          "cannot put \(describe(e)) (\(v.shape)) beside \(describe(firstExpression)) (\(first.shape)) in a matrix: "
            + "elements side by side need as many rows", at: e.span)
      }
      let w = values.reduce(0) { $0 + $1.shape.cols }
      if let (previous, above) = width, previous != w, let last = expressions.last {
        throw error(
          "cannot stack a row \(w) column\(w == 1 ? "" : "s") wide under one \(previous) wide (\(describe(above))): "
            + "rows of a matrix need as many columns", at: firstExpression.span.through(last.span))
      }
      if width == nil { width = (w, firstExpression) }
    }
  }

  /// The value of an expression as a matrix.
  func evaluateMatrix(_ e: Expression) throws -> Matrix {
    try evaluate(e).value
  }

  /// The value of an expression that must be a single number — a finite one unless
  /// `finite` is false. Options and arguments (`alpha=`, `lr=`, `tol=`, `std=`, …) come
  /// through here, so `alpha=0/0` or `lr=1/0` is refused where it is written, before it
  /// can reach a layer, an optimizer or an exported file.
  func evaluateScalar(_ e: Expression, _ what: String, finite: Bool = true) throws -> Double {
    let x: Double
    if case .number(let n) = e.kind {
      x = n  // the common case, without a node
    } else {
      let v = try evaluateMatrix(e)
      guard v.isScalar else { throw error("\(what) must be a number, but this is \(v.shape)", at: e.span) }
      x = v.scalar
    }
    if finite && !x.isFinite {
      throw error("\(what) must be a finite number (got \(NumberFormat.format(x)))", at: e.span)
    }
    return x
  }

  /// The value of an expression that must be a whole number within `range`.
  func evaluateInteger(_ e: Expression, _ what: String, in range: ClosedRange<Int>) throws -> Int {
    let x = try evaluateScalar(e, what, finite: false)  // its own message names the range
    if let message = OptionKind.rangeError(x, what, range) { throw error(message, at: e.span) }
    return Int(x)
  }

  /// A string argument (`"file.nn"`).
  func evaluateString(_ e: Expression, _ what: String) throws -> String {
    if case .string(let s) = e.kind { return s }
    throw error("\(what) must be a string in double quotes", at: e.span)
  }

  /// How an operand is called in a message: its source text when short.
  func describe(_ e: Expression) -> String {
    let text = e.span.text.trimmingCharacters()
    if text.count <= 24 && !text.isEmpty { return text }
    return "the value"
  }

  /// Runs engine code, turning its errors into diagnostics at `span` that name the
  /// operands as the user wrote them.
  func engine<T>(_ span: SourceSpan, left: Expression? = nil, right: Expression? = nil, _ body: () throws -> T) throws -> T {
    do {
      return try body()
    } catch let e as EngineError {
      switch e {
      case .shapeMismatch(let op, let l, let r):
        let ln = left.map(describe) ?? "the left operand"
        let rn = right.map(describe) ?? "the right operand"
        throw error(op.mismatchMessage(left: ln, l, right: rn, r), at: span)
      case .invalidShape(let rows, let cols, _):
        throw error(memoryLimitMessage(rows: rows, cols: cols) ?? e.wording, at: span)
      case .outOfMemory:
        throw error(memoryMessage(e), at: span)
      default:
        throw error(e.wording, at: span)
      }
    }
  }

  func binary(_ op: BinaryOperator, _ l: Expression, _ r: Expression, span: SourceSpan) throws -> Variable {
    let a = try evaluate(l)
    let b = try evaluate(r)
    try checkResultSize(op, a.value, b.value, left: l, right: r, span: span)
    return try engine(span, left: l, right: r) {
      switch op {
      case .add: return try a + b
      case .subtract: return try a - b
      case .multiply: return try a * b
      case .hadamard: return try Variable.hadamard(a, b)
      case .divide: return try Variable.divide(a, b)
      case .scalarDivide:
        guard b.value.isScalar else {
          throw error(
            "'/' divides by a number, but \(describe(r)) is \(b.value.shape); use './' to divide elementwise",
            at: span)
        }
        return try Variable.divide(a, b)
      case .elementPower: return try Variable.power(a, b)
      case .power:
        guard a.value.isScalar, b.value.isScalar else {
          throw error(
            "'^' raises a number to a power, but \(describe(a.value.isScalar ? r : l)) is \((a.value.isScalar ? b : a).value.shape); use '.^' for elementwise powers",
            at: span)
        }
        return try Variable.power(a, b)
      case .equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual:
        // Comparisons give 0/1 matrices (as in Octave); they have no gradient.
        let f: (Double, Double) -> Bool
        switch op {
        case .equal: f = (==)
        case .notEqual: f = (!=)
        case .less: f = (<)
        case .lessEqual: f = (<=)
        case .greater: f = (>)
        default: f = (>=)
        }
        return Variable(try Matrix.zip(a.value, b.value, .compare) { f($0, $1) ? 1 : 0 })
      }
    }
  }

  /// `X[i, j]`, `x[i]`, with 1-based indices, `:` and ranges.
  func index(_ base: Variable, _ indices: [IndexArgument], baseExpression: Expression, span: SourceSpan) throws
    -> Variable
  {
    let shape = base.value.shape
    func positions(_ arg: IndexArgument, count: Int, what: String) throws -> [Int] {
      switch arg {
      case .all:
        return Array(0..<count)
      case .single(let e):
        let i = try evaluateIndex(e, count: count, what: what, of: baseExpression)
        return [i - 1]
      case .range(let a, let b):
        let i = try evaluateIndex(a, count: count, what: what, of: baseExpression)
        let j = try evaluateIndex(b, count: count, what: what, of: baseExpression)
        guard i <= j else {
          throw error("the range \(i)..\(j) is empty (the first index is larger than the last)", at: a.span.through(b.span))
        }
        return Array((i - 1)..<j)
      }
    }
    switch indices.count {
    case 1:
      // One index: an element of a vector, or the column-major position in a matrix.
      if shape.cols == 1 {
        return try engine(span) { try base.select(rows: try positions(indices[0], count: shape.rows, what: "row"), cols: [0]) }
      }
      if shape.rows == 1 {
        return try engine(span) { try base.select(rows: [0], cols: try positions(indices[0], count: shape.cols, what: "column")) }
      }
      let linear = try positions(indices[0], count: shape.count, what: "element")
      let flat = try engine(span) { try base.select(rows: Array(0..<shape.rows), cols: Array(0..<shape.cols)) }
      // Reshape through selection of a column vector view.
      let column = Variable(try engine(span) { try flat.value.reshaped(rows: shape.count, cols: 1) }, "reshape", [flat]) { g in
        [try g.reshaped(rows: shape.rows, cols: shape.cols)]
      }
      return try engine(span) { try column.select(rows: linear, cols: [0]) }
    case 2:
      let rows = try positions(indices[0], count: shape.rows, what: "row")
      let cols = try positions(indices[1], count: shape.cols, what: "column")
      return try engine(span) { try base.select(rows: rows, cols: cols) }
    default:
      throw error("a matrix takes one or two indices, not \(indices.count)", at: span)
    }
  }

  func evaluateIndex(_ e: Expression, count: Int, what: String, of base: Expression) throws -> Int {
    let x = try evaluateScalar(e, "an index", finite: false)  // its own message follows
    guard x.isFinite, x == x.rounded() else {
      throw error("an index must be a whole number (got \(NumberFormat.format(x)))", at: e.span)
    }
    guard x >= 1, x <= Double(count) else {
      throw error(
        "\(what) index \(NumberFormat.format(x)) is out of range: \(describe(base)) has \(count) \(what)\(count == 1 ? "" : "s") (indices start at 1)",
        at: e.span)
    }
    return Int(x)
  }
}

extension Substring {
  func trimmingCharacters() -> String {
    var s = self
    while let f = s.first, f == " " || f == "\t" { s = s.dropFirst() }
    while let l = s.last, l == " " || l == "\t" { s = s.dropLast() }
    return String(s)
  }
}
