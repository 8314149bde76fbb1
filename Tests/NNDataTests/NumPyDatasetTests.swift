import NNEngine
import Testing

@testable import NNData

@Suite struct NumPyDatasetTests {
  func pair(_ y: String, classes: ClassMode = .auto) throws -> Dataset {
    try NumPyFile.dataset(xPath: Fixtures.path("pair_X.npy"), yPath: Fixtures.path(y), classes: classes)
  }

  @Test func integerTargetsAreClasses() throws {
    let d = try pair("pair_y_int.npy")
    #expect(d.X.shape == Shape(2, 5))  // rows are samples in NumPy, columns in nnsh
    #expect(d.X.column(0) == [5.1, 3.5])
    #expect(d.X.column(4) == [7.7, 2.6])
    #expect(d.classNames == ["0", "2", "10"])
    #expect(d.labels == [1, 0, 1, 2, 0])
    #expect(d.featureNames == ["x1", "x2"])
    #expect(d.name == "pair_X.npy")
  }

  @Test func floatingTargetsAreValues() throws {
    let d = try pair("pair_y_float.npy")
    #expect(d.classNames == nil)
    #expect(d.Y.shape == Shape(1, 5))
    #expect(d.Y.storage == [0.5, 1.5, 2.5, 3.5, 4.5])
    let labels = try pair("pair_y_float.npy", classes: .labels)
    #expect(labels.classNames == ["0.5", "1.5", "2.5", "3.5", "4.5"])
    let values = try pair("pair_y_int.npy", classes: .values)
    #expect(values.classNames == nil)
    #expect(values.Y.storage == [2, 0, 2, 10, 0])
  }

  @Test func oneHotTargetsAreKeptAsIs() throws {
    let d = try pair("pair_y_onehot.npy")
    #expect(d.Y.shape == Shape(3, 5))
    #expect(d.classNames == ["0", "1", "2"])
    #expect(d.labels == [0, 1, 2, 1, 0])
    #expect(try pair("pair_y_onehot.npy", classes: .values).classNames == nil)
  }

  @Test func mismatchesAndBadValuesAreRefused() throws {
    #expect(
      dataError { try pair("pair_y_short.npy") }
        == .sampleCountMismatch(
          xName: Fixtures.path("pair_X.npy"), xCount: 5, yName: Fixtures.path("pair_y_short.npy"), yCount: 3))
    let x = try NumPyArray(shape: [2, 2], values: [1, .nan, 3, 4])
    let y = try NumPyArray(shape: [2], values: [0, 1], isInteger: true)
    guard case .nonFiniteValue(_, let row, let column, _)? = dataError({ try NumPyFile.dataset(x: x, y: y, xName: "X", yName: "y") }) else {
      Issue.record("NaN not refused")
      return
    }
    #expect(row == 1 && column == 2)
    let one = try NumPyArray(shape: [2], values: [3, 3], isInteger: true)
    let good = try NumPyArray(shape: [2, 2], values: [1, 2, 3, 4])
    #expect(dataError { try NumPyFile.dataset(x: good, y: one, xName: "X", yName: "y") } != nil)
    let scalar = try NumPyArray(shape: [], values: [1])
    #expect(dataError { try NumPyFile.dataset(x: scalar, y: y, xName: "X", yName: "y") } != nil)
  }

  @Test func imagesAreFlattened() throws {
    let cube = try NumPyFile.read(path: Fixtures.path("cube.npy"))  // (2, 3, 4)
    let y = try NumPyArray(shape: [2], values: [0, 1], isInteger: true)
    let d = try NumPyFile.dataset(x: cube, y: y, xName: "cube.npy", yName: "y")
    #expect(d.X.shape == Shape(12, 2))
    #expect(d.X.column(1) == (12..<24).map(Double.init))
  }

  @Test func datasetFromSessionMatrices() throws {
    let X = try Matrix(rowsOf: [[0, 0, 1, 1], [0, 1, 0, 1]])
    let xor = try Dataset.fromMatrices(X: X, Y: Matrix(rowsOf: [[0, 1, 1, 0]]))
    #expect(xor.classNames == nil)  // a 0/1 row stays a value target
    let labelled = try Dataset.fromMatrices(X: X, Y: Matrix(rowsOf: [[0, 1, 1, 0]]), classes: .labels)
    #expect(labelled.classNames == ["0", "1"])
    #expect(labelled.Y.shape == Shape(2, 4))
    let oneHot = try Dataset.fromMatrices(X: X, Y: Matrix(rowsOf: [[1, 0, 0, 1], [0, 1, 1, 0]]))
    #expect(oneHot.classNames == ["0", "1"])
    #expect(oneHot.labels == [0, 1, 1, 0])
    #expect(dataError { try Dataset.fromMatrices(X: X, Y: Matrix(rowsOf: [[0, 1, 1]])) } != nil)
  }
}
