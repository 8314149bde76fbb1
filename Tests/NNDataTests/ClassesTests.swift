import Testing
@testable import NNData
@testable import NNEngine

/// Classes and accuracy are computed in one place (`Metrics`), with one threshold rule:
/// a single output is class 1 when it is greater than 0.5 (Keras's `binary_accuracy`,
/// torchmetrics' `BinaryAccuracy`), so 0.5 itself is class 0.
@Suite struct ClassesTests {
  @Test func aSingleRowIsThresholdedStrictly() throws {
    #expect(Metrics.classes(try Matrix(rowsOf: [[0.2, 0.5, 0.5000001, 1]])) == [0, 0, 1, 1])
    #expect(Metrics.classes(try Matrix(rowsOf: [[-0.1, 0, 0.1]]), threshold: 0) == [0, 0, 1])
  }

  @Test func severalRowsTakeTheArgmax() throws {
    #expect(Metrics.classes(try Matrix(rowsOf: [[0.1, 0.7], [0.9, 0.3]])) == [1, 0])
  }

  @Test func aDatasetsLabelsFollowTheSameRule() throws {
    let d = try Dataset(
      name: "t", X: try Matrix(rowsOf: [[1, 2, 3]]), Y: try Matrix(rowsOf: [[0, 0.5, 1]]), featureNames: ["x"], classNames: ["a", "b"])
    #expect(d.labels == [0, 0, 1])
  }

  @Test func accuracyCountsMatches() {
    #expect(Metrics.correctCount(predicted: [0, 1, 1], actual: [0, 0, 1]) == 2)
    #expect(Metrics.accuracy(predicted: [0, 1, 1], actual: [0, 0, 1]) == 2.0 / 3)
  }
}
