import Testing
@testable import NNEngine

/// `sin` and `cos` as differentiable operations: d sin = cos, d cos = −sin, checked
/// against central differences and as diagonal Jacobians.
@Suite struct TrigonometryTests {
  static let points: [Double] = [-2, -0.5, 0, 0.7, 3]

  @Test func valuesAreTheCLibrarys() throws {
    let a = Variable(try Matrix(column: Self.points))
    #expect(a.sine.value.storage == Self.points.map { _sin($0) })
    #expect(a.cosine.value.storage == Self.points.map { _cos($0) })
  }

  @Test func gradientsAgreeWithCentralDifferences() throws {
    let eps = 1e-6
    for x in Self.points {
      for (f, op) in [({ (v: Double) in _sin(v) }, { (v: Variable) in v.sine }), ({ _cos($0) }, { $0.cosine })] {
        let leaf = Variable(Matrix(scalar: x))
        let g = try Variable.gradients(of: op(leaf), wrt: [leaf])[0].scalar
        let numeric = (f(x + eps) - f(x - eps)) / (2 * eps)
        #expect(abs(g - numeric) < 1e-9, "at \(x): \(g) vs \(numeric)")
      }
    }
  }

  @Test func jacobianIsDiagonalWithTheDerivative() throws {
    let z = Variable(try Matrix(column: Self.points))
    let Js = try Variable.jacobian(of: z.sine, wrt: z)
    let Jc = try Variable.jacobian(of: z.cosine, wrt: z)
    for i in Self.points.indices {
      for j in Self.points.indices {
        #expect(Js[i, j] == (i == j ? _cos(Self.points[i]) : 0))
        #expect(Jc[i, j] == (i == j ? -_sin(Self.points[i]) : 0))
      }
    }
  }

  @Test func chainsThroughOtherOperations() throws {
    // f = Σ sin(z) ⊙ cos(z) = ½ Σ sin 2z, so ∂f/∂z = cos 2z.
    let z = Variable(try Matrix(column: Self.points))
    let f = try Variable.hadamard(z.sine, z.cosine).sum
    let g = try Variable.gradients(of: f, wrt: [z])[0]
    for (i, x) in Self.points.enumerated() { #expect(abs(g.storage[i] - _cos(2 * x)) < 1e-15) }
  }
}
