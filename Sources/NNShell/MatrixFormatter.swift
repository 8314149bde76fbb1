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
///
/// Only what is shown is formatted: at most `maxRows + 1` rows and as many columns as
/// fit the width, so a 1×10⁶ row costs as much as a 1×40 one.
public struct MatrixFormatter {
  public var digits: Int = 4
  public var width: Int = 80
  public var maxRows: Int = 12

  public init(digits: Int = 4, width: Int = 80) {
    self.digits = digits
    self.width = width
  }

  /// The same format for `width` columns (a renderer lays values out to its own width).
  func laidOut(width: Int) -> MatrixFormatter {
    var f = self
    f.width = width
    return f
  }

  /// `name (r×c)` and the rows, or `name = x` for a scalar; ends with a newline.
  public func format(_ m: Matrix, name: String) -> String {
    if m.isScalar { return "\(name) = \(NumberFormat.format(m.scalar, digits: digits))\n" }
    return "\(name) (\(m.shape))\n" + body(m)
  }

  /// Only the rows, indented by two spaces.
  public func body(_ m: Matrix) -> String {
    let rowIndices = Self.visible(m.rows, limit: maxRows)
    let colIndices = Self.visible(m.cols, limit: shownColumns(m, rowIndices))
    return Self.aligned(table(m, rowIndices, colIndices))
  }

  /// The cells as lines: each column right-aligned to its widest cell, one space before
  /// each and one more at the start.
  static func aligned(_ cells: [[String]]) -> String {
    let widths = (0..<(cells.first?.count ?? 0)).map { c in cells.map { $0[c].count }.max() ?? 0 }
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

  /// How many columns to show: all when the line fits `width`, else the most that fit
  /// with `…` in their middle (at least 2, one from each end).
  ///
  /// A line is 1 + Σ (1 + wⱼ) over the shown columns, where wⱼ is column j's widest cell
  /// over the shown rows, plus 2 for the `…` column; wⱼ does not depend on which other
  /// columns show, and showing `limit + 1` columns adds one column to those of `limit`,
  /// so the width grows with `limit` and the columns can be added one at a time from 2
  /// up, each formatted once (O(rows × shown columns), not O(rows × all columns)). The
  /// whole matrix fits only if the running sum over its first columns stays within the
  /// width, which stops after at most width / 2 columns.
  func shownColumns(_ m: Matrix, _ rows: [Int]) -> Int {
    let n = m.cols
    if n <= 2 { return n }
    func columnWidth(_ j: Int) -> Int {
      rows.reduce(0) { w, i in max(w, i < 0 ? 1 : NumberFormat.format(m[i, j], digits: digits).count) }
    }
    var total = 1, all = 0
    while all < n, total <= width {
      total += 1 + columnWidth(all)
      all += 1
    }
    if all == n, total <= width { return n }
    // With `…`: the first two columns are 0 and n-1; then the head and the tail grow in
    // turn, as `visible` lays them out.
    var limit = 2
    total = 1 + (1 + columnWidth(0)) + (1 + columnWidth(n - 1)) + 2
    while limit + 1 < n {
      let head = (limit + 1) / 2, tail = limit / 2
      let added = (limit + 2) / 2 > head ? head : n - tail - 1
      let wider = total + 1 + columnWidth(added)
      guard wider <= width else { break }
      total = wider
      limit += 1
    }
    return limit
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
}
