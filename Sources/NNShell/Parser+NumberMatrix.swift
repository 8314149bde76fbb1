import NNEngine

/// A matrix literal whose entries are all plain numbers, kept as one flat array.
///
/// A data matrix pasted into a script (`let X = [0.1 0.2 …; …]`, millions of entries)
/// would otherwise become one syntax node per entry, then one autodiff node and one 1×1
/// matrix per entry, joined by concatenation — 300 bytes and more per entry of ~2 bytes of
/// text. Here each entry costs its 8 bytes, and the value is built in one pass.
///
///     [1 2; 3 -4]   →   NumberMatrix(rows: 2, cols: 2, rowMajor: [1, 2, 3, -4])
public final class NumberMatrix: @unchecked Sendable {
  public let rows: Int
  public let cols: Int
  /// The entries row by row, as written.
  public let rowMajor: [Double]

  public init(rows: Int, cols: Int, rowMajor: [Double]) {
    self.rows = rows
    self.cols = cols
    self.rowMajor = rowMajor
  }

  /// Entry (i, j), 0-based.
  public subscript(i: Int, j: Int) -> Double { rowMajor[i * cols + j] }
}

/// Equal when the shapes and entries are (as `TokenValue`, which holds one, needs).
extension NumberMatrix: Hashable {
  public static func == (a: NumberMatrix, b: NumberMatrix) -> Bool {
    a.rows == b.rows && a.cols == b.cols && a.rowMajor == b.rowMajor
  }

  public func hash(into hasher: inout Hasher) {
    hasher.combine(rows)
    hasher.combine(cols)
  }
}

extension Parser {
  /// After `[`: when everything up to the matching `]` is plain numbers (`2`, `-0.5`,
  /// `1e3`) separated by spaces, commas and row breaks, with rows of one length, consumes
  /// it and returns one `.numbers` node; otherwise consumes nothing and returns nil, and
  /// the general rule (any expressions, concatenation) parses it — including every error.
  ///
  /// An entry is plain only if what follows it cannot extend it: `[1 2']`, `[2 ^ 3]`,
  /// `[1 - 2]` and `[1 x]` take the general rule. `[1 -2]` is two entries, as there.
  mutating func numberMatrix(open: Token) -> Expression? {
    // The entries are one level deeper than the brackets: past the limit, the general
    // rule reports it, as for any other element.
    guard nesting <= Self.maxNesting else { return nil }
    if case .numbers(let literal) = peek.value {
      advance()
      let close = advance()  // a `.numbers` token always ends at its `]`
      return Expression(.numbers(literal), span: open.span.through(close.span))
    }
    // `k` counts tokens ahead of the cursor; they are consumed only if all is plain.
    var k = 0
    var values: [Double] = []
    var cols = -1, inRow = 0
    func token(_ i: Int) -> Token { scanAhead(i) }
    while true {
      // One entry: an optional minus, then a number.
      var sign = 1.0
      if token(k).kind == .minus {
        sign = -1
        k += 1
      }
      guard token(k).kind == .number, let x = token(k).number else { return nil }
      values.append(sign * x)
      inRow += 1
      k += 1
      let next = token(k)
      switch next.kind {
      case .number where next.spaceBefore:
        continue
      case .minus where next.spaceBefore && !token(k + 1).spaceBefore && token(k + 1).kind == .number:
        continue  // `[1 -2]`: a new, negative entry
      case .comma:
        k += 1
      case .rowSeparator, .rightBracket:
        if cols == -1 { cols = inRow } else if inRow != cols { return nil }
        inRow = 0
        while token(k).kind == .rowSeparator { k += 1 }
        guard token(k).kind == .rightBracket else { continue }
        for _ in 0..<k { advance() }
        let close = advance()
        let literal = NumberMatrix(rows: values.count / cols, cols: cols, rowMajor: values)
        return Expression(.numbers(literal), span: open.span.through(close.span))
      default:
        return nil
      }
    }
  }
}

extension Matrix {
  /// The value of a number literal, in one checked allocation.
  init(numbers m: NumberMatrix) throws {
    try Matrix.validate(rows: m.rows, cols: m.cols)
    let storage = try MatrixStorage(checkedCount: m.rows * m.cols) { p in
      m.rowMajor.withUnsafeBufferPointer { v in
        for i in 0..<m.rows { for j in 0..<m.cols { p[i + j * m.rows] = v[i * m.cols + j] } }
      }
    }
    try self.init(rows: m.rows, cols: m.cols, columnMajor: storage)
  }
}
