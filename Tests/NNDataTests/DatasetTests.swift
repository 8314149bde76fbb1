import NNEngine
import Testing

@testable import NNData

@Suite struct DatasetTests {
  func and() throws -> Dataset {
    try Dataset(
      name: "and", X: Matrix(rowsOf: [[0, 0, 1, 1], [0, 1, 0, 1]]),
      Y: Matrix(rowsOf: [[1, 1, 1, 0], [0, 0, 0, 1]]), classNames: ["0", "1"])
  }

  @Test func sizesAndLabels() throws {
    let d = try and()
    #expect(d.sampleCount == 4)
    #expect(d.featureCount == 2)
    #expect(d.outputCount == 2)
    #expect(d.isClassification)
    #expect(d.labels == [0, 0, 0, 1])
    #expect(d.featureNames == ["x1", "x2"])
    #expect(d.summary == "and: 4 samples, 2 features → 2 classes (0, 1); train 4, test 0")
  }

  @Test func partsAreColumnsOfXAndY() throws {
    var d = try and()
    #expect(try d.trainX == d.X)
    #expect(dataError { try d.testX }?.description.contains("split") == true)
    d.trainIndices = [3, 0]
    d.testIndices = [1]
    #expect(try d.trainX.rowArrays == [[1, 0], [1, 0]])
    #expect(try d.trainY.rowArrays == [[0, 1], [1, 0]])
    #expect(try d.testX.rowArrays == [[0], [1]])
    d.testIndices = [4]
    #expect(dataError { try d.testY } != nil)
  }

  @Test func binaryEncoding() throws {
    let d = try and()
    let b = try d.binaryEncoded()
    #expect(b.Y.rowArrays == [[0, 0, 0, 1]])
    #expect(b.isBinaryEncoded)
    #expect(b.labels == [0, 0, 0, 1])
    #expect(try b.oneHotEncoded().Y == d.Y)
    var g = RandomGenerator(seed: 1)
    let three = try BuiltinDataset.make(.gauss, n: 9, classes: 3, generator: &g)
    #expect(dataError { try three.binaryEncoded() } != nil)
  }

  @Test func invalidConstructionsAreErrors() throws {
    let X = try Matrix(rows: 2, cols: 3)
    #expect(dataError { try Dataset(name: "a", X: X, Y: Matrix(rows: 1, cols: 4)) } != nil)
    #expect(dataError { try Dataset(name: "a", X: X, Y: Matrix(rows: 1, cols: 3), featureNames: ["x"]) } != nil)
    #expect(dataError { try Dataset(name: "a", X: X, Y: Matrix(rows: 3, cols: 3), classNames: ["a", "b"]) } != nil)
    #expect(dataError { try Dataset.oneHot([0, 2], classCount: 2) } != nil)
  }

  @Test func regressionHasNoLabels() throws {
    let d = try Dataset(name: "r", X: Matrix(rows: 1, cols: 2), Y: Matrix(rowsOf: [[0.5, 1.5]]))
    #expect(d.labels == nil)
    #expect(d.classCounts().isEmpty)
    #expect(d.summary.contains("regression"))
  }
}
