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

  @Test func binaryEncodedClasses() throws {
    let d = try Dataset(
      name: "b", X: Matrix(rowsOf: [[1, 2]]), Y: Matrix(rowsOf: [[0, 1]]), classNames: ["no", "yes"])
    #expect(d.table(first: 2, format: format).hasSuffix("1   1  no\n  2   2  yes\n"))
  }
}
