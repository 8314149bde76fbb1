/// The differentiable operations. Each builds the value and, for the chain rule, the
/// vector–Jacobian product `Ḡ ↦ ∂J/∂input` (with `Ḡ = ∂J/∂output`):
///
///     C = A + B    Ā = Ḡ,  B̄ = Ḡ        (summed back over broadcast dimensions)
///     C = A B      Ā = Ḡ Bᵀ,  B̄ = Aᵀ Ḡ
///     C = A ⊙ B    Ā = Ḡ ⊙ B,  B̄ = Ḡ ⊙ A
///     C = Aᵀ       Ā = Ḡᵀ
///     C = g(A)     Ā = Ḡ ⊙ g′(A)        (elementwise g: a diagonal Jacobian)
extension Variable {
  public static func + (a: Variable, b: Variable) throws -> Variable {
    let v = try a.value + b.value
    return Variable(v, "add", [a, b]) { g in [g.reduced(to: a.shape), g.reduced(to: b.shape)] }
  }

  public static func - (a: Variable, b: Variable) throws -> Variable {
    let v = try a.value - b.value
    return Variable(v, "subtract", [a, b]) { g in [g.reduced(to: a.shape), (-g).reduced(to: b.shape)] }
  }

  public static prefix func - (a: Variable) -> Variable {
    Variable(-a.value, "negate", [a]) { g in [-g] }
  }

  /// Matrix product; a 1×1 operand scales the other (as `*` does on matrices).
  public static func * (a: Variable, b: Variable) throws -> Variable {
    if a.value.isScalar || b.value.isScalar {
      let v = try a.value * b.value
      return Variable(v, "scale", [a, b]) { g in
        let ga = a.value.isScalar ? Matrix(scalar: try Matrix.hadamard(g, b.value).sum) : try Matrix.hadamard(g, b.value).reduced(to: a.shape)
        let gb = b.value.isScalar ? Matrix(scalar: try Matrix.hadamard(g, a.value).sum) : try Matrix.hadamard(g, a.value).reduced(to: b.shape)
        return [ga, gb]
      }
    }
    let v = try Matrix.product(a.value, b.value)
    return Variable(v, "matmul", [a, b]) { g in
      [
        try Matrix.product(g, b.value, transposeB: true),
        try Matrix.product(a.value, g, transposeA: true),
      ]
    }
  }

  /// `A ⊙ B` (`.*`).
  public static func hadamard(_ a: Variable, _ b: Variable) throws -> Variable {
    let v = try Matrix.hadamard(a.value, b.value)
    return Variable(v, "hadamard", [a, b]) { g in
      [
        try Matrix.hadamard(g, b.value).reduced(to: a.shape),
        try Matrix.hadamard(g, a.value).reduced(to: b.shape),
      ]
    }
  }

  /// `A ./ B`:  Ā = Ḡ ./ B,  B̄ = −Ḡ ⊙ A ./ B².
  public static func divide(_ a: Variable, _ b: Variable) throws -> Variable {
    let v = try Matrix.divide(a.value, b.value)
    return Variable(v, "divide", [a, b]) { g in
      let ga = try Matrix.divide(g, b.value).reduced(to: a.shape)
      let gb = try Matrix.zip(g, try Matrix.divide(v, b.value), .hadamard) { -$0 * $1 }.reduced(to: b.shape)
      return [ga, gb]
    }
  }

  /// `A .^ P` elementwise:  Ā = Ḡ ⊙ P A^(P−1),  P̄ = Ḡ ⊙ A^P log A (where A > 0).
  public static func power(_ a: Variable, _ p: Variable) throws -> Variable {
    let v = try Matrix.power(a.value, p.value)
    return Variable(v, "power", [a, p]) { g in
      let dA = try Matrix.zip(a.value, p.value, .power) { x, q in q == 0 ? 0 : q * _pow(x, q - 1) }
      let dP = try Matrix.zip(v, a.value, .power) { y, x in x > 0 ? y * _log(x) : 0 }
      return [
        try Matrix.hadamard(g, dA).reduced(to: a.shape),
        try Matrix.hadamard(g, dP).reduced(to: p.shape),
      ]
    }
  }

  /// `Aᵀ`.
  public var transposed: Variable {
    Variable(value.transposed, "transpose", [self]) { g in [g.transposed] }
  }

  /// An elementwise function with its derivative: `Ā = Ḡ ⊙ f′(A)`.
  public func elementwise(
    _ name: String, _ f: (Double) -> Double, derivative: @escaping (Double) -> Double
  ) -> Variable {
    let input = self
    return Variable(value.map(f), name, [self]) { g in
      [try Matrix.hadamard(g, input.value.map(derivative))]
    }
  }

  /// `sin(A)` elementwise:  Ā = Ḡ ⊙ cos(A).
  ///
  ///     Variable(Matrix(scalar: 0)).sine   // 0, with ∂/∂A = cos 0 = 1
  public var sine: Variable { elementwise("sin", { _sin($0) }, derivative: { _cos($0) }) }

  /// `cos(A)` elementwise:  Ā = −Ḡ ⊙ sin(A).
  ///
  ///     Variable(Matrix(scalar: 0)).cosine   // 1, with ∂/∂A = −sin 0 = 0
  public var cosine: Variable { elementwise("cos", { _cos($0) }, derivative: { -_sin($0) }) }

  /// `g(A)` for an activation; softmax is per column with `Ā = s ⊙ (Ḡ − (sᵀḠ) 1)`.
  public func activation(_ act: Activation) -> Variable {
    if act == .softmax {
      let s = act.apply(value)
      let z = value
      return Variable(s, "softmax", [self]) { g in
        var out = Matrix(zerosUnchecked: z.rows, z.cols)
        act.backward(z: z, a: s, da: g, into: &out)
        return [out]
      }
    }
    return elementwise(act.name, { act.value($0) }, derivative: { act.derivative($0) })
  }

  /// Σ of all elements (1×1).
  public var sum: Variable {
    let shape = self.shape
    return Variable(Matrix(scalar: value.sum), "sum", [self]) { g in
      [Matrix(uncheckedRows: shape.rows, cols: shape.cols, storage: [Double](repeating: g.scalar, count: shape.count))]
    }
  }

  /// Sums along a dimension: `dimension 1` sums each column (→ 1 × n), `2` each row (→ m × 1).
  public func sum(dimension: Int) -> Variable {
    let target = dimension == 1 ? Shape(1, shape.cols) : Shape(shape.rows, 1)
    let v = value.reduced(to: target)
    let shape = self.shape
    return Variable(v, "sum", [self]) { g in
      [try g + Matrix(zerosUnchecked: shape.rows, shape.cols)]
    }
  }

  /// The mean of all elements (1×1).
  public var mean: Variable {
    let n = Double(value.count)
    let s = sum
    return Variable(Matrix(scalar: s.value.scalar / n), "mean", [s]) { g in [Matrix(scalar: g.scalar / n)] }
  }

  /// The largest (or smallest) element, 1×1; the gradient flows to its first position.
  /// A NaN entry is the result (the first one), as `torch.max` propagates NaN: a maximum
  /// that skipped it would look like a real number.
  public func extremum(largest: Bool) -> Variable {
    let best = Matrix.extremumIndex(value.storage, largest: largest)
    let shape = self.shape
    return Variable(Matrix(scalar: value.storage[best]), largest ? "max" : "min", [self]) { g in
      var out = Matrix(zerosUnchecked: shape.rows, shape.cols)
      out.storage[best] = g.scalar
      return [out]
    }
  }

  /// The submatrix of the given 0-based rows and columns (an index expression).
  public func select(rows: [Int], cols: [Int]) throws -> Variable {
    for r in rows where r < 0 || r >= shape.rows {
      throw EngineError.indexOutOfRange(.row(r + 1), shape: shape)
    }
    for c in cols where c < 0 || c >= shape.cols {
      throw EngineError.indexOutOfRange(.column(c + 1), shape: shape)
    }
    var out = try Matrix(rows: rows.count, cols: cols.count)
    for (j, c) in cols.enumerated() { for (i, r) in rows.enumerated() { out[i, j] = value[r, c] } }
    let shape = self.shape
    return Variable(out, "index", [self]) { g in
      var back = Matrix(zerosUnchecked: shape.rows, shape.cols)
      for (j, c) in cols.enumerated() { for (i, r) in rows.enumerated() { back[r, c] += g[i, j] } }
      return [back]
    }
  }

  /// Joins blocks: each inner array side by side, the rows of blocks stacked (`[A b; c' d]`).
  public static func concatenate(_ blocks: [[Variable]]) throws -> Variable {
    var rowHeights: [Int] = []
    var width = -1
    for row in blocks {
      guard let first = row.first else { throw EngineError.emptyBlockRow }
      let h = first.shape.rows
      var w = 0
      for v in row {
        guard v.shape.rows == h else {
          throw EngineError.shapeMismatch(.concatenate, left: first.shape, right: v.shape)
        }
        w += v.shape.cols
      }
      if width >= 0 && w != width {
        throw EngineError.shapeMismatch(.concatenate, left: Shape(rowHeights.last ?? 1, width), right: Shape(h, w))
      }
      width = w
      rowHeights.append(h)
    }
    let height = rowHeights.reduce(0, +)
    var out = try Matrix(rows: height, cols: width)
    var offsets: [(Int, Int)] = []
    var top = 0
    for (r, row) in blocks.enumerated() {
      var left = 0
      for v in row {
        offsets.append((top, left))
        for j in 0..<v.shape.cols { for i in 0..<v.shape.rows { out[top + i, left + j] = v.value[i, j] } }
        left += v.shape.cols
      }
      top += rowHeights[r]
    }
    let inputs = blocks.flatMap { $0 }
    if inputs.count == 1 { return inputs[0] }
    return Variable(out, "concatenate", inputs) { g in
      zip(inputs, offsets).map { v, o in
        var part = Matrix(zerosUnchecked: v.shape.rows, v.shape.cols)
        for j in 0..<v.shape.cols { for i in 0..<v.shape.rows { part[i, j] = g[o.0 + i, o.1 + j] } }
        return part
      }
    }
  }

  /// The loss `J(u, o)` as a graph node (u: outputs or logits, see `Loss`).
  public func loss(_ loss: Loss, target o: Variable) throws -> Variable {
    let J = try loss.value(value, o.value)
    let u = value
    return Variable(Matrix(scalar: J), "loss " + loss.rawValue, [self, o]) { g in
      var du = Matrix(zerosUnchecked: u.rows, u.cols)
      loss.gradient(u, o.value, into: &du)
      return [g.scalar * du, g.scalar * loss.targetGradient(u, o.value)]
    }
  }

  /// `bce` or `ce` on probabilities h (not logits):
  /// `J = −mean Σ [o log h + (1−o) log(1−h)]` or `−mean Σ o log h`, with
  /// `∂J/∂h = (h − o) / (h (1 − h) B)` or `−o / (h B)`. Used where the graph must pass
  /// through h (see `Network.graph`); training uses the fused, stable form.
  /// `value` overrides the computed J (the fused form's value, which is more accurate).
  public func probabilityLoss(_ loss: Loss, target o: Variable, value fused: Double? = nil) throws -> Variable {
    guard value.shape == o.value.shape else {
      throw EngineError.shapeMismatch(.subtract, left: value.shape, right: o.value.shape)
    }
    let h = value, y = o.value
    let scale = 1 / Double(h.cols)
    var J = 0.0
    for k in 0..<h.count {
      if loss == .bce {
        J -= y.storage[k] * _log(h.storage[k]) + (1 - y.storage[k]) * _log(1 - h.storage[k])
      } else if y.storage[k] != 0 {
        J -= y.storage[k] * _log(h.storage[k])
      }
    }
    return Variable(Matrix(scalar: fused ?? J * scale), "loss " + loss.rawValue, [self, o]) { g in
      var dh = h
      var dy = h
      for k in 0..<h.count {
        let p = h.storage[k], t = y.storage[k]
        dh.storage[k] = loss.probabilityGradient(p, t, seed: g.scalar, scale: scale)
        dy.storage[k] = loss == .bce ? -g.scalar * (_log(p) - _log(1 - p)) * scale : -g.scalar * _log(p) * scale
      }
      return [dh, dy]
    }
  }
}
