import Testing
@testable import NNEngine

@Suite struct AutodiffTests {
  @Test func notesGradientExample() throws {
    // f = 3 x₁² x₂ at (2, 3): ∇f = [6 x₁ x₂, 3 x₁²] = [36, 12].
    let x1 = Variable(Matrix(scalar: 2)), x2 = Variable(Matrix(scalar: 3))
    let f = try Variable(Matrix(scalar: 3)) * Variable.power(x1, Variable(Matrix(scalar: 2))) * x2
    #expect(f.value.scalar == 36)
    let g = try Variable.gradients(of: f, wrt: [x1, x2])
    #expect(g.map(\.scalar) == [36, 12])
  }

  @Test func jacobianOfElementwiseActivationIsDiagonal() throws {
    let z = Variable(try Matrix(column: [-1, 0.5, 2]))
    let a = z.activation(.sigmoid)
    let J = try Variable.jacobian(of: a, wrt: z)
    #expect(J.shape == Shape(3, 3))
    for i in 0..<3 {
      for j in 0..<3 {
        let expected = i == j ? Activation.sigmoid.derivative(z.value.storage[i]) : 0
        #expect(abs(J[i, j] - expected) < 1e-15)
      }
    }
    #expect(J == Activation.sigmoid.jacobian(column: z.value))
  }

  @Test func jacobianOfSoftmaxIsDiagMinusOuterProduct() throws {
    let z = Variable(try Matrix(column: [1, 2, 3]))
    let J = try Variable.jacobian(of: z.activation(.softmax), wrt: z)
    let expected = Activation.softmax.jacobian(column: z.value)
    #expect(try (J - expected).storage.allSatisfy { abs($0) < 1e-15 })
  }

  @Test func jacobianOfLinearMapIsTheMatrix() throws {
    let W = Variable(try Matrix(rowsOf: [[1, 2], [3, 4], [5, 6]]))
    let x = Variable(try Matrix(column: [1, -1]))
    let z = try W * x
    #expect(try Variable.jacobian(of: z, wrt: x) == W.value)
  }

  @Test func broadcastGradientIsSummedBack() throws {
    let Z = Variable(try Matrix(rowsOf: [[1, 2], [3, 4]]))
    let b = Variable(try Matrix(column: [1, 1]))
    let s = try (Z + b).sum
    let g = try Variable.gradients(of: s, wrt: [b])[0]
    #expect(g.storage == [2, 2])
  }

  @Test func gradientOfNonScalarIsAnError() throws {
    let x = Variable(try Matrix(column: [1, 2]))
    #expect(throws: EngineError.self) { _ = try Variable.gradients(of: x, wrt: [x]) }
  }

  @Test func concatenationAndIndexingPassGradients() throws {
    let a = Variable(try Matrix(column: [1, 2]))
    let b = Variable(try Matrix(column: [3, 4]))
    let m = try Variable.concatenate([[a, b]])
    #expect(m.value.rowArrays == [[1, 3], [2, 4]])
    let picked = try m.select(rows: [1], cols: [0, 1]).sum   // 2 + 4
    let g = try Variable.gradients(of: picked, wrt: [a, b])
    #expect(g[0].storage == [0, 1])
    #expect(g[1].storage == [0, 1])
    #expect(throws: EngineError.self) { _ = try m.select(rows: [2], cols: [0]) }
  }
}
