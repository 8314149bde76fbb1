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
    try expectArguments(s, 1...1)
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

  /// One operand of an explanation: its name in the notes, and its value.
  struct Term {
    var name: String
    var value: Matrix
  }

  /// `title = formula`, the shapes, the substituted line (or the operands as
  /// blocks when it would not fit), and the result.
  func writeExplanation(
    title: String, formula: String, chain: [String] = [], shapes: String, terms: [Term],
    substituted: ([String]) -> String, result: Matrix
  ) -> Output {
    var out: [Output] = [.message("\(title) = \(formula)")]
    for line in chain { out.append(.message("  " + line)) }
    out.append(.message("  shapes: \(shapes)"))
    let digits = formatter.digits
    let inline = substituted(terms.map { ExpressionText.literal($0.value, digits: digits, fallback: $0.name) })
    let fits = ("  = " + inline).count <= console.width
      && terms.allSatisfy { $0.value.count <= 16 }
    if fits {
      out.append(.message("  = " + inline))
    } else {
      out.append(.message("  with"))
      for t in terms { out.append(.text(indent(formatter.format(t.value, name: t.name)))) }
    }
    let resultText = ExpressionText.literal(result, digits: digits, fallback: title)
    if result.count <= 16 && ("  = " + resultText).count <= console.width {
      out.append(.message("  = " + resultText))
    } else {
      out.append(.text(indent(formatter.format(result, name: "= \(title)"))))
    }
    return .report(out)
  }

  func indent(_ text: String) -> String {
    text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.isEmpty ? "" : "  " + $0 }.joined(separator: "\n")
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
    func g(_ l: Int) -> String { layers[l - 1].activation.name }
    func gPrime(_ l: Int) -> String { "\(g(l))′" }
    func shape(_ m: Matrix) -> String { "(\(m.shape))" }

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
        title: title, formula: "\(g(layer))(z[\(layer)])" + (g(layer) == "softmax" ? "  (per column: e^zᵢ / Σⱼ e^zⱼ)" : "  (elementwise)"),
        shapes: "\(shape(z)) → \(value.shape)", terms: [Term(name: "z[\(layer)]", value: z)],
        substituted: { "\(self.network.layers[layer - 1].activation.name)(\($0[0]))" }, result: value)
    case .h:
      return try explainNetworkValue(.a(r), at: span)
    case .J:
      let h = network.a[r - 1]
      guard let y = network.target else { throw error("J has no value: the last forward pass had no targets y", at: span) }
      let logits = network.lossIsFused ? Term(name: "z[\(r)]", value: network.z[r - 1]) : Term(name: "h", value: h)
      let formula: String
      switch network.loss {
      case .mse: formula = "1/2 · 1/B Σ_b Σᵢ (hᵢ − yᵢ)²   (mean over the B = \(B) samples of the squared error)"
      case .bce: formula = "−1/B Σ_b Σᵢ [yᵢ log σ(uᵢ) + (1 − yᵢ) log(1 − σ(uᵢ))]   (u = \(logits.name): computed from logits, stably)"
      case .ce: formula = "−1/B Σ_b Σᵢ yᵢ log softmax(u)ᵢ   (u = \(logits.name): log-sum-exp, stably)"
      }
      return writeExplanation(
        title: "J", formula: formula, shapes: "\(shape(logits.value)), \(shape(y)) → 1×1",
        terms: [network.loss == .mse ? Term(name: "h", value: h) : logits, Term(name: "y", value: y)],
        substituted: { t in
          switch self.network.loss {
          case .mse: return "1/2 · 1/\(B) · Σ (\(t[0]) − \(t[1]))²"
          default: return "\(self.network.loss.rawValue)(\(t[0]), \(t[1]))"
          }
        }, result: value)
    case .dh:
      let h = network.a[r - 1]
      guard let y = network.target else { return nil }
      let formula: String
      switch network.loss {
      case .mse: formula = "(h − y) / B"
      case .bce: formula = network.lossIsFused ? "(h − y) / (h ⊙ (1 − h)) / B" : "(σ(h) − y) / B   (h taken as logits)"
      case .ce: formula = network.lossIsFused ? "−y ./ h / B" : "(softmax(h) − y) / B   (h taken as logits)"
      }
      return writeExplanation(
        title: "∂J/∂h", formula: formula + "  with B = \(B)", shapes: "\(shape(h)), \(shape(y)) → \(value.shape)",
        terms: [Term(name: "h", value: h), Term(name: "y", value: y)],
        substituted: { t in
          switch self.network.loss {
          case .mse: return "(\(t[0]) − \(t[1])) / \(B)"
          case .bce: return self.network.lossIsFused ? "(\(t[0]) − \(t[1])) / (\(t[0]) ⊙ (1 − \(t[0]))) / \(B)" : "(σ(\(t[0])) − \(t[1])) / \(B)"
          case .ce: return self.network.lossIsFused ? "−\(t[1]) ./ \(t[0]) / \(B)" : "(softmax(\(t[0])) − \(t[1])) / \(B)"
          }
        }, result: value)
    case .dz(let l):
      let z = network.z[l - 1]
      if l == r {
        if network.lossIsFused {
          let link = network.loss == .bce ? "σ(z[\(r)])" : "softmax(z[\(r)])"
          return writeExplanation(
            title: "∂J/∂z[\(r)]", formula: "(\(link) − y) / B",
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
          title: "∂J/∂z[\(l)]", formula: "(W[\(l + 1)]ᵀ ∂J/∂z[\(l + 1)]) ⊙ \(gPrime(l))(z[\(l)])",
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
        ] + (l < r ? ["with ∂J/∂z[\(l)] = (W[\(l + 1)]ᵀ ∂J/∂z[\(l + 1)]) ⊙ \(gPrime(l))(z[\(l)])  (explain dz\(l))"] : []),
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
