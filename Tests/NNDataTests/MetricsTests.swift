import NNEngine
import Testing

@testable import NNData

@Suite struct MetricsTests {
  @Test func meanSquaredErrorAndRSquared() throws {
    let h = try Matrix(rowsOf: [[1.1, 1.9, 3.2]]), y = try Matrix(rowsOf: [[1, 2, 3]])
    #expect(abs(try Metrics.meanSquaredError(h, y) - 0.02) < 1e-15)
    // Σ(h − y)² = 0.06, Σ(y − ȳ)² = 2.
    #expect(abs((try Metrics.rSquared(h, y) ?? .nan) - 0.97) < 1e-15)
    #expect(try Metrics.rSquared(y, y) == 1)
    // Always answering the mean gives 0; worse than that is negative.
    #expect(try Metrics.rSquared(Matrix(rowsOf: [[2, 2, 2]]), y) == 0)
    #expect(try Metrics.rSquared(Matrix(rowsOf: [[3, 2, 1]]), y) == -3)
  }

  @Test func severalOutputsAreAveraged() throws {
    let y = try Matrix(rowsOf: [[1, 2, 3], [0, 0, 2]])
    let h = try Matrix(rowsOf: [[1, 2, 3], [0, 0, 0]])
    // MSE over all six values: 4 / 6; R² of the rows: 1 and 1 − 4/(8/3) = −0.5.
    #expect(try Metrics.meanSquaredError(h, y) == 4.0 / 6)
    #expect(abs((try Metrics.rSquared(h, y) ?? .nan) - 0.25) < 1e-15)
  }

  @Test func constantTargetsHaveNoRSquared() throws {
    let y = try Matrix(rowsOf: [[2, 2]])
    #expect(try Metrics.rSquared(Matrix(rowsOf: [[1, 2]]), y) == nil)
    #expect(dataError { try Metrics.meanSquaredError(Matrix(rowsOf: [[1, 2, 3]]), y) } != nil)
    #expect(dataError { try Metrics.rSquared(Matrix(rowsOf: [[1], [2]]), Matrix(rowsOf: [[1, 2]])) } != nil)
  }

  @Test func confusionMatrixAndAccuracy() {
    let actual = [0, 0, 1, 1, 2, 2]
    let predicted = [0, 1, 1, 1, 2, 0]
    #expect(Metrics.confusionMatrix(predicted: predicted, actual: actual, classCount: 3) == [[1, 1, 0], [0, 2, 0], [1, 0, 1]])
    #expect(Metrics.accuracy(predicted: predicted, actual: actual) == 4.0 / 6)
    // Classes out of range are left out rather than trapping.
    #expect(Metrics.confusionMatrix(predicted: [5, -1], actual: [0, 0], classCount: 2) == [[0, 0], [0, 0]])
    #expect(Metrics.accuracy(predicted: [], actual: []) == 0)
  }
}
