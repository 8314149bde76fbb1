import NNEngine

/// `explain NAME`: the equation that produced a value, in the notes' notation; the same
/// equation with the numbers substituted (shapes shown); and the result. For gradients,
/// the chain of factors the chain rule multiplies, each with its shape.
///
///     explain z2
///     z[2] = W[2] a[1] + b[2]
///       shapes: (4×3)(3×1) + (4×1) → 4×1
///       = [1 0 1; 0 1 0; -1 1 0; 0.5 0.5 -2] [0; 5.5; 0] + [0; -1; 0; 1]
///       = [0; 4.5; 5.5; 3.75]
extension Interpreter {
  /// `explain` shows what is stored and changes nothing: a variable is explained by the
  /// definition kept when it was bound (`Definition`), with its own value as the result;
  /// an expression typed after `explain` is evaluated on the spot, and any random numbers
  /// it draws are given back.
  func explainStatement(_ s: Statement) throws -> Output? {
    let e = try argument(s, 0)
    let generatorBefore = generator
    defer { generator = generatorBefore }
    guard case .name(let n) = e.kind else {
      return try explainExpression(e, title: describe(e))
    }
    if let v = variables[n] {
      if let definition = definitions[n] {
        return explain(definition, title: n, result: v.value)
      }
      return .report([
        .message("\(n) is a given value, not computed here (set by sample, forward or data):"), shown(v.value, name: n),
      ])
    }
    guard let name = NetworkName(n) else { throw unknownName(n, at: e.span) }
    return try explainNetworkValue(name, at: e.span)
  }

  typealias Term = Explanation.Operand

  /// `title = formula`, the chain, the shapes, the operands and the result, for the
  /// renderer to lay out (see `TextRenderer.text(_: Explanation, width:)`).
  func writeExplanation(
    title: String, formula: String, chain: [String] = [], shapes: String, terms: [Term],
    substituted: @escaping ([String]) -> String, result: Matrix
  ) -> Output {
    .explanation(
      Explanation(
        title: title, formula: formula, chain: chain, shapes: shapes, operands: terms, substituted: substituted,
        result: result, format: formatter))
  }

  func explainNetworkValue(_ n: NetworkName, at span: SourceSpan) throws -> Output? {
    let value = try networkValue(n, at: span).value  // also checks that it exists
    let layers = network.layers
    let r = layers.count
    let B = network.input?.cols ?? value.cols
    let batchNote = B == 1 ? "" : "  (a batch of \(B) columns; b is added to every column: b 1ᵀ)"
    func input(_ l: Int) -> Term {
      if l > 1, let dropped = droppedOutput(of: l - 1) { return Term(name: "ã[\(l - 1)]", value: dropped) }
      return l == 1 ? Term(name: "x", value: network.input ?? Matrix(scalar: 0)) : Term(name: "a[\(l - 1)]", value: network.a[l - 2])
    }
    // After a training pass with dropout, layer l reads ã[l-1] = mask ⊙ a[l-1] / (1 − p).
    func inputName(_ l: Int) -> String { l == 1 ? "x" : droppedOutput(of: l - 1) != nil ? "ã[\(l - 1)]" : "a[\(l - 1)]" }
    func g(_ l: Int) -> String { layers[l - 1].activation.notation }
    func gPrime(_ l: Int) -> String { layers[l - 1].activation.derivativeNotation }
    func shape(_ m: Matrix) -> String { "(\(m.shape))" }
    /// ∂J/∂z[l] of a hidden layer in notation.
    func hiddenBackward(_ l: Int) -> String {
      layers[l - 1].activation.backwardNotation("a[\(l)]", "∂J/∂a[\(l)]")
        ?? "(W[\(l + 1)]ᵀ ∂J/∂z[\(l + 1)]) ⊙ \(gPrime(l))(z[\(l)])"
    }

    switch n {
    case .W(let l), .b(let l):
      let which = n == .W(l) ? "W" : "b"
      return .report([
        .message("\(n.notation) is a parameter of layer \(l): \(which == "W" ? "n[\(l)] × n[\(l - 1)]" : "n[\(l)] × 1") = \(value.shape), set by init, set, load, or changed by step and train"),
        shown(value, name: n.notation),
      ])
    case .z(let l):
      let W = layers[l - 1].W, b = layers[l - 1].b, a = input(l)
      return writeExplanation(
        title: "z[\(l)]", formula: "W[\(l)] \(inputName(l)) + b[\(l)]" + batchNote + dropoutNote(input: l),
        shapes: "\(shape(W))\(shape(a.value)) + \(shape(b)) → \(value.shape)",
        terms: [Term(name: "W[\(l)]", value: W), a, Term(name: "b[\(l)]", value: b)],
        substituted: { "\($0[0]) \($0[1]) + \($0[2])" }, result: value)
    case .a(let layer):
      let z = network.z[layer - 1]
      let title = layer == r ? "h = a[\(r)]" : "a[\(layer)]"
      return writeExplanation(
        title: title, formula: "\(g(layer))(z[\(layer)])  (\(layers[layer - 1].activation.scope))",
        shapes: "\(shape(z)) → \(value.shape)", terms: [Term(name: "z[\(layer)]", value: z)],
        substituted: { "\(g(layer))(\($0[0]))" }, result: value)
    case .h:
      return try explainNetworkValue(.a(r), at: span)
    case .J:
      let h = network.a[r - 1]
      guard let y = network.target else { throw error("J has no value: the last forward pass had no targets y", at: span) }
      let logits = network.lossIsFused ? Term(name: "z[\(r)]", value: network.z[r - 1]) : Term(name: "h", value: h)
      let loss = network.loss
      let penalty = penaltyExplanation
      return writeExplanation(
        title: "J", formula: loss.notation(logits: logits.name, batch: B) + (penalty?.formula ?? ""),
        shapes: "\(shape(logits.value)), \(shape(y)) → 1×1",
        terms: [loss.readsLogits ? logits : Term(name: "h", value: h), Term(name: "y", value: y)],
        substituted: { loss.substituted($0[0], $0[1], batch: "\(B)") + (penalty?.value ?? "") }, result: value)
    case .dh:
      let h = network.a[r - 1]
      guard let y = network.target else { return nil }
      let loss = network.loss, fused = network.lossIsFused
      let note = loss.outputGradientNote(fused: fused).map { "   (\($0))" } ?? ""
      return writeExplanation(
        title: "∂J/∂h", formula: loss.outputGradient("h", "y", batch: "B", fused: fused) + note + "  with B = \(B)",
        shapes: "\(shape(h)), \(shape(y)) → \(value.shape)",
        terms: [Term(name: "h", value: h), Term(name: "y", value: y)],
        substituted: { loss.outputGradient($0[0], $0[1], batch: "\(B)", fused: fused) }, result: value)
    case .dz(let l):
      let z = network.z[l - 1]
      let activation = layers[l - 1].activation
      if !activation.isElementwise && !(l == r && network.lossIsFused) {
        return explainBackward(l, through: activation, result: value)
      }
      if l == r {
        if network.lossIsFused, let formula = network.loss.logitGradient("z[\(r)]", "y", batch: "B") {
          return writeExplanation(
            title: "∂J/∂z[\(r)]", formula: formula,
            chain: ["the loss and the output activation \(g(r)) taken together: ∂J/∂z[\(r)] = ∂J/∂h · ∂h/∂z[\(r)] simplifies to h − y (per sample)"],
            shapes: "\(shape(network.a[r - 1])) − \(shape(network.target ?? z)) → \(value.shape)",
            terms: [Term(name: "h", value: network.a[r - 1]), Term(name: "y", value: network.target ?? z)],
            substituted: { "(\($0[0]) − \($0[1])) / \(B)" }, result: value)
        } else {
          return writeExplanation(
            title: "∂J/∂z[\(r)]", formula: "∂J/∂h ⊙ \(gPrime(r))(z[\(r)])",
            chain: ["chain rule: ∂J/∂z[\(r)] = ∂h/∂z[\(r)]ᵀ ∂J/∂h, and ∂h/∂z[\(r)] = diag(\(gPrime(r))(z[\(r)])) is diagonal, so it is a Hadamard product"],
            shapes: "\(shape(network.da[r - 1])) ⊙ \(shape(z)) → \(value.shape)",
            terms: [Term(name: "∂J/∂h", value: network.da[r - 1]), Term(name: "\(gPrime(r))(z[\(r)])", value: derivative(l, z))],
            substituted: { "\($0[0]) ⊙ \($0[1])" }, result: value)
        }
      } else {
        let W = layers[l].W
        return writeExplanation(
          title: "∂J/∂z[\(l)]", formula: hiddenBackward(l),
          chain: [
            "chain rule: ∂J/∂z[\(l)] = ∂J/∂z[\(l + 1)] · ∂z[\(l + 1)]/∂a[\(l)] · ∂a[\(l)]/∂z[\(l)]",
            "  ∂z[\(l + 1)]/∂a[\(l)] = W[\(l + 1)]  \(shape(W))",
            "  ∂a[\(l)]/∂z[\(l)] = diag(\(gPrime(l))(z[\(l)]))  (\(z.rows)×\(z.rows)), diagonal: elementwise, so a Hadamard product ⊙",
          ],
          shapes: "(\(W.cols)×\(W.rows))\(shape(network.dz[l])) ⊙ \(shape(z)) → \(value.shape)",
          terms: [
            Term(name: "W[\(l + 1)]ᵀ", value: W.transposed), Term(name: "∂J/∂z[\(l + 1)]", value: network.dz[l]),
            Term(name: "\(gPrime(l))(z[\(l)])", value: derivative(l, z)),
          ],
          substituted: { "(\($0[0]) \($0[1])) ⊙ \($0[2])" }, result: value)
      }
    case .da(let l):
      if l == r {
        return try explainNetworkValue(.dh, at: span)
      }
      let W = layers[l].W
      if let explanation = explainDroppedGradient(l, value) { return explanation }
      return writeExplanation(
        title: "∂J/∂a[\(l)]", formula: "W[\(l + 1)]ᵀ ∂J/∂z[\(l + 1)]",
        chain: ["chain rule: ∂z[\(l + 1)]/∂a[\(l)] = W[\(l + 1)] \(shape(W)), transposed to carry the gradient back"],
        shapes: "(\(W.cols)×\(W.rows))\(shape(network.dz[l])) → \(value.shape)",
        terms: [Term(name: "W[\(l + 1)]ᵀ", value: W.transposed), Term(name: "∂J/∂z[\(l + 1)]", value: network.dz[l])],
        substituted: { "\($0[0]) \($0[1])" }, result: value)
    case .dW(let l):
      let dz = network.dz[l - 1], a = input(l)
      return writeExplanation(
        title: "∂J/∂W[\(l)]", formula: "∂J/∂z[\(l)] \(inputName(l))ᵀ",
        chain: [
          "chain rule: ∂z[\(l)]/∂W[\(l)]ᵢⱼ = \(inputName(l))ⱼ eᵢ, so ∂J/∂W[\(l)]ᵢⱼ = Σ_b ∂J/∂z[\(l)]ᵢ \(inputName(l))ⱼ: an outer product"
        ] + (l < r ? ["with ∂J/∂z[\(l)] = \(hiddenBackward(l))  (explain dz\(l))"] : []),
        shapes: "\(shape(dz))(\(a.value.cols)×\(a.value.rows)) → \(value.shape)",
        terms: [Term(name: "∂J/∂z[\(l)]", value: dz), Term(name: "\(a.name)ᵀ", value: a.value.transposed)],
        substituted: { "\($0[0]) \($0[1])" }, result: value)
    case .db(let l):
      let dz = network.dz[l - 1]
      return writeExplanation(
        title: "∂J/∂b[\(l)]", formula: "∂J/∂z[\(l)] 1   (summed over the batch)",
        chain: ["chain rule: ∂z[\(l)]/∂b[\(l)] = I, so each column of ∂J/∂z[\(l)] adds to ∂J/∂b[\(l)]"],
        shapes: "\(shape(dz)) → \(value.shape)",
        terms: [Term(name: "∂J/∂z[\(l)]", value: dz)],
        substituted: { "\($0[0]) 1" }, result: value)
    }
  }

  /// ∂J/∂z[l] through an activation that is not elementwise (softmax), from a[l] and
  /// ∂J/∂a[l] as the activation writes it (`Activation.backwardNotation`):
  ///
  ///     ∂J/∂z[1] = a[1] ⊙ (∂J/∂a[1] − 1 1ᵀ(a[1] ⊙ ∂J/∂a[1]))
  func explainBackward(_ l: Int, through g: Activation, result: Matrix) -> Output {
    let r = network.layers.count
    let a = l == r ? "h" : "a[\(l)]", da = "∂J/∂\(a)"
    let aValue = network.a[l - 1], daValue = network.da[l - 1]
    let jacobian = "∂\(a)/∂z[\(l)] = \(g.jacobianNotation(a, "z[\(l)]"))"
    return writeExplanation(
      title: "∂J/∂z[\(l)]", formula: g.backwardNotation(a, da) ?? "",
      chain: ["chain rule: ∂J/∂z[\(l)] = ∂\(a)/∂z[\(l)]ᵀ \(da) per column, and \(jacobian) is not diagonal (\(g.notation) mixes the column), so it is no Hadamard product"]
        + (l < r ? ["with \(da) = W[\(l + 1)]ᵀ ∂J/∂z[\(l + 1)]  (explain da\(l))"] : []),
      shapes: "(\(aValue.shape)) ⊙ (\(daValue.shape)) → \(result.shape)",
      terms: [Term(name: a, value: aValue), Term(name: da, value: daValue)],
      substituted: { g.backwardNotation($0[0], $0[1]) ?? "" }, result: result)
  }

  /// `g′(z)` of layer l, elementwise.
  func derivative(_ l: Int, _ z: Matrix) -> Matrix {
    let act = network.layers[l - 1].activation
    return z.map { act.derivative($0) }
  }

  /// A user expression, evaluated now: as typed, with each name's value, then the result.
  func explainExpression(_ e: Expression, title: String) throws -> Output {
    let value = try evaluateMatrix(e)
    return explain(definition(of: e), title: title, result: value)
  }

  /// A definition: the expression as typed, with the values its names had, then `result`.
  func explain(_ d: Definition, title: String, result: Matrix) -> Output {
    let digits = formatter.digits
    var notation: [String: String] = [:]
    for o in d.operands { notation[o.name] = o.notation }
    let typed = ExpressionText(digits: digits) { notation[$0] ?? $0 }.text(d.expression)
    let terms = d.operands.compactMap { o in o.value.map { Term(name: o.name, value: $0) } }
    let shapes = d.operands.map { "\($0.name) \($0.shape)" }.joined(separator: ", ")
    return writeExplanation(
      title: title, formula: typed, shapes: (shapes.isEmpty ? "" : shapes + " → ") + "\(result.shape)", terms: terms,
      substituted: { literals in
        var table: [String: String] = [:]
        for o in d.operands where o.value == nil { table[o.name] = "\(o.name) (\(o.shape), not kept)" }
        for (t, l) in zip(terms, literals) { table[t.name] = l }
        return ExpressionText(digits: digits) { table[$0] ?? $0 }.text(d.expression)
      }, result: result)
  }

  /// The distinct names an expression mentions, in order (function names excluded).
  func collectNames(_ e: Expression, into names: inout [String]) {
    switch e.kind {
    case .name(let n): if !names.contains(n) { names.append(n) }
    case .matrix(let rows): for row in rows { for x in row { collectNames(x, into: &names) } }
    case .unary(_, let x), .transpose(let x): collectNames(x, into: &names)
    case .binary(_, let a, let b), .range(let a, let b):
      collectNames(a, into: &names)
      collectNames(b, into: &names)
    case .index(let base, let args):
      collectNames(base, into: &names)
      for a in args {
        switch a {
        case .all: break
        case .single(let x): collectNames(x, into: &names)
        case .range(let a, let b):
          collectNames(a, into: &names)
          collectNames(b, into: &names)
        }
      }
    case .call(_, let args): for a in args { collectNames(a, into: &names) }
    case .number, .string, .numbers: break
    }
  }
}
