import NNEngine
import Testing

@testable import NNData

@Suite struct DatasetTableTests {
  func format(_ x: Double) -> String { x == x.rounded() ? String(Int(x)) : String(x) }

  @Test func irisHead() throws {
    var g = RandomGenerator(seed: 0)
    let d = try BuiltinDataset.make(.iris, generator: &g)
    let text = d.table(first: 3, width: 80, format: format)
    #expect(
      text == """
          #  sepal_length  sepal_width  petal_length  petal_width  class
          1           5.1          3.5           1.4          0.2  setosa
          2           4.9            3           1.4          0.2  setosa
          3           4.7          3.2           1.3          0.2  setosa

        """)
  }

  @Test func partsRegressionAndSeveralOutputs() throws {
    var d = try Dataset(name: "r", X: Matrix(rowsOf: [[1, 2, 3]]), Y: Matrix(rowsOf: [[0.5, 1.5, 2.5]]), featureNames: ["x"])
    d.trainIndices = [0, 2]
    d.testIndices = [1]
    #expect(
      d.table(first: 10, format: format) == """
          #  part   x    y
          1  train  1  0.5
          2  test   2  1.5
          3  train  3  2.5

        """)
    let two = try Dataset(name: "t", X: Matrix(rowsOf: [[1]]), Y: Matrix(rowsOf: [[1], [2]]))
    #expect(two.table(first: 1, format: format).hasPrefix("  #  x1  y1  y2\n"))
  }

  @Test func wideDataShowTheFirstFeaturesThatFit() throws {
    var g = RandomGenerator(seed: 0)
    let d = try BuiltinDataset.make(.digits, generator: &g)
    let text = d.table(first: 2, width: 60, format: format)
    let lines = text.split(separator: "\n")
    #expect(lines.count == 3)
    #expect(lines.allSatisfy { $0.count <= 60 })
    #expect(lines[0].hasPrefix("  #  p0  p1  p2"))
    #expect(lines[0].hasSuffix("  …  class"))
    #expect(lines[1].hasSuffix("  …  0"))
    // Even a very narrow table shows one feature.
    #expect(d.table(first: 1, width: 5, format: format).hasPrefix("  #  p0  …  class\n"))
    #expect(d.table(first: 0, format: format).split(separator: "\n").count == 1)  // the header only
  }

  /// A long table formats each cell once and measures each column once: measuring every
  /// column again for every line made `show data 10000` quadratic (minutes), and every
  /// feature was formatted even when only the first few fit.
  @Test func longTablesCostTheirCells() throws {
    let n = 10_000, features = 50
    let X = try Matrix(rows: features, cols: n, columnMajor: (0..<features * n).map { Double($0 % 10) })
    let Y = try Matrix(rows: 1, cols: n, columnMajor: (0..<n).map { Double($0 % 3) })
    let d = try Dataset(name: "long", X: X, Y: Y)
    var formatted = 0
    let text = d.table(first: n, width: 80) { x in
      formatted += 1
      return String(Int(x))
    }
    let lines = text.split(separator: "\n")
    #expect(lines.count == n + 1)
    #expect(lines[0].hasPrefix("      #  x1  x2") && lines[0].hasSuffix("  …  y"))
    #expect(lines.last == "  10000   0   1   2   3   4   5   6   7   8    9    0    1    2    3    4  …  0")
    #expect(formatted <= 2 * n * 20)  // the features that fit (17), the one that did not, and y
  }

  @Test func binaryEncodedClasses() throws {
    let d = try Dataset(
      name: "b", X: Matrix(rowsOf: [[1, 2]]), Y: Matrix(rowsOf: [[0, 1]]), classNames: ["no", "yes"])
    #expect(d.table(first: 2, format: format).hasSuffix("1   1  no\n  2   2  yes\n"))
  }
}
