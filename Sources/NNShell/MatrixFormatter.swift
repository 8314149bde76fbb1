import NNEngine

/// How a value prints: a heading with its name and shape, then the rows with columns
/// aligned on the right, numbers with `digits` significant digits. A scalar prints on one
/// line (`J = 0.1234`). Matrices taller than `maxRows` or wider than the console lose
/// their middle rows or columns to `…`.
///
///     W[1] (3×2)
///       0.4967  -0.1383
///       0.6477    1.523
///      -0.2342  -0.2341
public struct MatrixFormatter {
  public var digits: Int = 4
  public var width: Int = 80
  public var maxRows: Int = 12

  public init(digits: Int = 4, width: Int = 80) {
    self.digits = digits
    self.width = width
  }

  /// `name (r×c)` and the rows, or `name = x` for a scalar; ends with a newline.
  public func format(_ m: Matrix, name: String) -> String {
    if m.isScalar { return "\(name) = \(NumberFormat.format(m.scalar, digits: digits))\n" }
    return "\(name) (\(m.shape))\n" + body(m)
  }

  /// Only the rows, indented by two spaces.
  public func body(_ m: Matrix) -> String {
    let rowIndices = Self.visible(m.rows, limit: maxRows)
    // Decide how many columns fit: try all, then elide from the middle.
    var colIndices = Self.visible(m.cols, limit: m.cols)
    var cells = table(m, rowIndices, colIndices)
    var limit = m.cols
    while limit > 2 && lineWidth(cells) > width {
      limit -= 1
      colIndices = Self.visible(m.cols, limit: limit)
      cells = table(m, rowIndices, colIndices)
    }
    let widths = (0..<colIndices.count).map { c in cells.map { $0[c].count }.max() ?? 0 }
    var out = ""
    for row in cells {
      var line = " "
      for (c, cell) in row.enumerated() {
        line += " " + String(repeating: " ", count: widths[c] - cell.count) + cell
      }
      out += line + "\n"
    }
    return out
  }

  /// Indices to show, with -1 standing for the elision mark.
  static func visible(_ n: Int, limit: Int) -> [Int] {
    if n <= limit { return Array(0..<n) }
    let head = (limit + 1) / 2, tail = limit / 2
    return Array(0..<head) + [-1] + Array((n - tail)..<n)
  }

  func table(_ m: Matrix, _ rows: [Int], _ cols: [Int]) -> [[String]] {
    rows.map { i in
      cols.map { j in
        if i < 0 || j < 0 { return "…" }
        return NumberFormat.format(m[i, j], digits: digits)
      }
    }
  }

  func lineWidth(_ cells: [[String]]) -> Int {
    guard let first = cells.first else { return 0 }
    var total = 1
    for c in 0..<first.count { total += 1 + (cells.map { $0[c].count }.max() ?? 0) }
    return total
  }
}
