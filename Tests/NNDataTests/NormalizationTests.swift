import NNEngine
import Testing

@testable import NNData

@Suite struct NormalizationTests {
  /// Feature 1: 1, 2, 3, 100 (the last one is the test sample); feature 2 constant 5.
  func data() throws -> Dataset {
    var d = try Dataset(
      name: "n", X: Matrix(rowsOf: [[1, 2, 3, 100], [5, 5, 5, 5]]), Y: Matrix(rowsOf: [[0, 1, 2, 3]]))
    d.trainIndices = [0, 1, 2]
    d.testIndices = [3]
    return d
  }

  @Test func standardUsesTrainingStatisticsOnly() throws {
    var d = try data()
    let stats = try d.normalize(.standard)
    #expect(stats.center == [2, 5])
    #expect(Swift.abs(stats.spread[0] - (2.0 / 3).squareRoot()) < 1e-15)
    #expect(stats.spread[1] == 0)
    #expect(stats.scale[1] == 1)
    let train = try d.trainX
    let mean = train.row(0).reduce(0, +) / 3
    let variance = train.row(0).map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 3
    #expect(Swift.abs(mean) < 1e-15)
    #expect(Swift.abs(variance - 1) < 1e-12)
    #expect(d.X.row(1) == [0, 0, 0, 0])  // a constant feature becomes 0, not NaN
    #expect(Swift.abs(d.X[0, 3] - 98 / (2.0 / 3).squareRoot()) < 1e-12)  // the test sample, same statistics
    #expect(d.normalizations == [stats])
  }

  @Test func minmaxMapsTrainingRangeToUnitInterval() throws {
    var d = try data()
    let stats = try d.normalize(.minmax)
    #expect(stats.center == [1, 5])
    #expect(stats.spread == [2, 0])
    #expect(d.X.row(0) == [0, 0.5, 1, 49.5])
    #expect(d.X.row(1) == [0, 0, 0, 0])
  }

  @Test func newInputsAreNormalisedTheSameWay() throws {
    var d = try data()
    let raw = try Matrix(column: [3, 5])
    try d.normalize(.minmax)
    try d.normalize(.standard)
    let x = try d.normalizeInput(raw)
    #expect(Swift.abs(x[0, 0] - d.X[0, 2]) < 1e-15)
    #expect(x[1, 0] == 0)
    #expect(dataError { try d.normalizeInput(Matrix(column: [1, 2, 3])) } != nil)
    let back = try d.normalizations[0].invert(d.normalizations[1].invert(x))
    #expect(Swift.abs(back[0, 0] - 3) < 1e-12)
  }

  @Test func emptyTrainingPartIsAnError() throws {
    var d = try data()
    d.trainIndices = []
    #expect(dataError { try d.normalize(.standard) } != nil)
  }
}
