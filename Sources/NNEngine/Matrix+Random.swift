extension Matrix {
  /// A `rows × cols` matrix of draws, written straight into fresh storage (no zero fill
  /// first): `normal` standard normals, else uniforms in [0, 1). Throws on an impossible
  /// shape or when the memory budget refuses it, before anything is drawn.
  ///
  ///     var g = RandomGenerator(seed: 1)
  ///     let X = try Matrix(rows: 784, cols: 60000, drawing: .normal, from: &g)
  public init(rows: Int, cols: Int, drawing kind: Draw, from g: inout RandomGenerator) throws {
    try Matrix.validate(rows: rows, cols: cols)
    let storage = try MatrixStorage(checkedCount: rows * cols) { b in
      switch kind {
      case .normal: g.fillNormal(b)
      case .uniform: g.fillUniform(b)
      }
    }
    self.init(uncheckedRows: rows, cols: cols, storage: storage)
  }

  /// What `init(rows:cols:drawing:from:)` draws.
  public enum Draw: Sendable { case normal, uniform }
}
