import Testing
@testable import NNEngine

@Suite struct MatrixTests {
  @Test func literalIsRowMajorInStorageColumnMajor() throws {
    let m = try Matrix(rowsOf: [[1, 2], [3, 4]])
    #expect(m.storage == [1, 3, 2, 4])
    #expect(m[0, 1] == 2)
  }

  @Test func productMatchesHandComputation() throws {
    let a = try Matrix(rowsOf: [[1, 2, 3], [4, 5, 6]])
    let b = try Matrix(rowsOf: [[1], [0], [-1]])
    #expect(try (a * b).rowArrays == [[-2], [-2]])
    #expect(try Matrix.product(a, a, transposeA: true).rowArrays == [[17, 22, 27], [22, 29, 36], [27, 36, 45]])
    #expect(try Matrix.product(a, a, transposeB: true).rowArrays == [[14, 32], [32, 77]])
  }

  @Test func shapeMismatchNamesBothShapes() throws {
    let w = try Matrix(rows: 3, cols: 2)
    let x = try Matrix(rows: 3, cols: 1)
    #expect {
      _ = try w * x
    } throws: { error in
      let message = "\(error)"
      return message.contains("3×2") && message.contains("3×1")
    }
    #expect(throws: EngineError.self) { _ = try Matrix(rows: 2, cols: 3) + Matrix(rows: 3, cols: 2) }
  }

  @Test func columnVectorBroadcastsAcrossBatch() throws {
    let z = try Matrix(rowsOf: [[1, 2], [3, 4]]) + Matrix(column: [10, 20])
    #expect(z.rowArrays == [[11, 12], [23, 24]])
    #expect(z.reduced(to: Shape(2, 1)).rowArrays == [[23], [47]])
  }

  @Test func impossibleShapesThrow() {
    #expect(throws: EngineError.self) { _ = try Matrix(rows: 0, cols: 3) }
    #expect(throws: EngineError.self) { _ = try Matrix(rows: Int.max, cols: 3) }
    #expect(throws: EngineError.self) { _ = try Matrix(rowsOf: [[1, 2], [3]]) }
  }
}
