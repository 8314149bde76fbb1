import Testing

@testable import NNEngine
@testable import NNShell

/// How values print: the elided form of wide and tall matrices costs what is shown, and
/// is the same text the first (quadratic) formatter printed.
@Suite("Matrix formatter")
struct MatrixFormatterTests {
  /// The formatter as it was before issue 13: re-format the whole table for every
  /// column dropped. Kept here as the reference for the layout, on small matrices only.
  static func reference(_ m: Matrix, digits: Int, width: Int, maxRows: Int = 12) -> String {
    func table(_ rows: [Int], _ cols: [Int]) -> [[String]] {
      rows.map { i in cols.map { j in i < 0 || j < 0 ? "…" : NumberFormat.format(m[i, j], digits: digits) } }
    }
    func lineWidth(_ cells: [[String]]) -> Int {
      guard let first = cells.first else { return 0 }
      var total = 1
      for c in 0..<first.count { total += 1 + (cells.map { $0[c].count }.max() ?? 0) }
      return total
    }
    let rowIndices = MatrixFormatter.visible(m.rows, limit: maxRows)
    var colIndices = MatrixFormatter.visible(m.cols, limit: m.cols)
    var cells = table(rowIndices, colIndices)
    var limit = m.cols
    while limit > 2 && lineWidth(cells) > width {
      limit -= 1
      colIndices = MatrixFormatter.visible(m.cols, limit: limit)
      cells = table(rowIndices, colIndices)
    }
    return MatrixFormatter.aligned(cells)
  }

  /// Values of very different widths (1, 0.1234, -1.235e+05, NaN, -Inf), so columns differ.
  static func matrix(rows: Int, cols: Int, _ g: inout RandomGenerator) throws -> Matrix {
    let storage = (0..<rows * cols).map { _ -> Double in
      switch g.index(below: 8) {
      case 0: return Double(g.index(below: 10))
      case 1: return -g.uniform() * 1e5
      case 2: return g.uniform() * 1e-7
      case 3: return g.index(below: 20) == 0 ? .nan : -.infinity
      default: return g.normal()
      }
    }
    return try Matrix(rows: rows, cols: cols, columnMajor: storage)
  }

  @Test func sameTextAsTheQuadraticFormatterForEveryWidth() throws {
    var g = RandomGenerator(seed: 13)
    for _ in 0..<120 {
      let m = try Self.matrix(rows: 1 + g.index(below: 16), cols: 1 + g.index(below: 40), &g)
      let digits = 1 + g.index(below: 9)
      let width = 10 + g.index(below: 150)
      let f = MatrixFormatter(digits: digits, width: width)
      #expect(f.body(m) == Self.reference(m, digits: digits, width: width), "\(m.shape) digits=\(digits) width=\(width)")
    }
  }

  /// A row, a column and a square of a million elements or more: quadratic formatting
  /// took minutes on the row (1×10⁶ columns, each dropped one at a time); now each prints
  /// the rows and columns it shows.
  @Test func hugeMatricesPrintTheirElidedForm() throws {
    let f = MatrixFormatter(digits: 4, width: 80)
    var row = try Matrix(rows: 1, cols: 1_000_000, repeating: 0.125)
    for j in 0..<3 { row.storage[j] = Double(j) + 0.125 }
    row.storage[999_999] = 5.125
    let rowText = f.format(row, name: "b")
    let rowLines = rowText.split(separator: "\n", omittingEmptySubsequences: false)
    #expect(rowLines.count == 3)  // heading, one row, the final newline
    #expect(rowLines[0] == "b (1×1000000)")
    #expect(rowLines[1].count <= 80 && rowLines[1].contains("…"))
    #expect(rowLines[1].hasPrefix("  0.125 1.125 2.125 0.125"))
    #expect(rowLines[1].hasSuffix(" 5.125"))

    var column = try Matrix(rows: 1_000_000, cols: 1, repeating: 1e6)
    for i in 0..<6 { column.storage[i] = Double(i) }
    let columnLines = f.format(column, name: "c").split(separator: "\n").map(String.init)
    #expect(columnLines.count == 1 + 13)  // heading, 6 rows, …, 6 rows
    #expect(columnLines[7].drop(while: { $0 == " " }) == "…")
    #expect(columnLines[1] == "      0")
    #expect(columnLines.last == "  1e+06")

    var square = try Matrix(rows: 2000, cols: 2000, repeating: -0.5)
    square.storage[0] = 123456
    let squareLines = f.format(square, name: "d").split(separator: "\n").map(String.init)
    #expect(squareLines.count == 1 + 13)
    #expect(squareLines.dropFirst().allSatisfy { $0.count <= 80 && $0.contains("…") })
    #expect(Set(squareLines.dropFirst().map(\.count)).count == 1)  // every row as wide
  }
}
