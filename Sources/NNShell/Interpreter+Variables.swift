import NNEngine

/// `let`, `set`, `show`, bare expressions, `vars`, `format`, `seed`.
extension Interpreter {
  func showExpression(_ s: Statement) throws -> Output? {
    let e = try argument(s, 0)
    let v = try evaluate(e)
    return shown(v.value, e)
  }

  /// A value as `e` names it: `W1` is shown as `W[1]`, an expression as `ans`.
  func shown(_ m: Matrix, _ e: Expression) -> Output {
    var name = "ans"
    if case .name(let n) = e.kind { name = n }
    return shown(m, name: name, notation: title(for: e))
  }

  func shown(_ m: Matrix, name: String, notation: String? = nil) -> Output {
    .value(ShownValue(name: name, notation: notation ?? name, matrix: m, format: formatter))
  }

  func letStatement(_ s: Statement) throws {
    let target = try argument(s, 0)
    guard case .name(let name) = target.kind else {
      throw error("let binds a name: let NAME = EXPR", at: target.span)
    }
    if let n = NetworkName(name), n.layer.map({ $0 <= network.layers.count }) ?? true, !network.isEmpty {
      if n.isParameter {
        throw error("\(name) is a parameter of the network; use 'set \(name) = …' to change it", at: target.span)
      }
      throw error("\(name) is computed by the network (forward/backward) and cannot be bound with let", at: target.span)
    }
    if Functions.names.contains(name) {
      throw error("'\(name)' is a function name; choose another name", at: target.span)
    }
    let expression = try argument(s, 1)
    let value = try evaluate(expression)
    bind(name, value, definedBy: expression)
  }

  func setStatement(_ s: Statement) throws {
    var target = try argument(s, 0)
    var entries: [IndexArgument]?
    if case .index(let base, let indices) = target.kind {
      (target, entries) = (base, indices)
    }
    guard case .name(let name) = target.kind else {
      throw error("set changes a parameter: set W1 = EXPR", at: target.span)
    }
    guard let n = NetworkName(name), n.isParameter, let l = n.layer else {
      if variables[name] != nil {
        throw error("set changes a network parameter (W1, b1, …); use 'let \(name) = …' for a variable", at: target.span)
      }
      throw error("set changes a network parameter such as W1 or b1, not '\(name)'", at: target.span)
    }
    guard l <= network.layers.count else {
      throw error("\(name) does not exist: the network has \(network.layers.count) layer\(network.layers.count == 1 ? "" : "s")", at: target.span)
    }
    let valueExpression = try argument(s, 1)
    var value = try evaluateMatrix(valueExpression)
    if let entries {
      let whole = n == .W(l) ? network.layers[l - 1].W : network.layers[l - 1].b
      value = try settingEntries(of: whole, target, entries, to: value, valueExpression, span: try argument(s, 0).span)
    }
    let current = n.layer.map { n == .W($0) ? network.layers[$0 - 1].W.shape : network.layers[$0 - 1].b.shape }
    if let current, current != value.shape {
      throw error("cannot set \(n.notation), which is \(current), to a \(value.shape) value", at: valueExpression.span)
    }
    try engine(s.span) {
      if case .W = n { try network.setParameters(layer: l, W: value) } else { try network.setParameters(layer: l, b: value) }
    }
    parametersChanged()
  }

  func showStatement(_ s: Statement) throws -> Output? {
    let saved = formatter.digits
    defer { formatter.digits = saved }
    if let o = option(s, "digits") { formatter.digits = try evaluateInteger(o.value, "digits", in: 1...17) }
    if s.parsed.word("subject") == "data" { return try showDataStatement(s) }
    if s.parsed.word("subject") == "optimizer" { return showOptimizer() }
    // Evaluate everything first, so an error shows nothing rather than half.
    var parts: [Output] = []
    for e in s.parsed.expressions("values") {
      let m = try evaluateMatrix(e)
      // `show relu(z)` is labelled `relu(z)`: several values are told apart by what was
      // written. A literal (`show 9`) and a bare expression stay `ans`, as in Octave.
      switch e.kind {
      case .name, .number, .numbers, .matrix, .string: parts.append(shown(m, e))
      default:
        let text = e.span.text.trimmingCharacters()
        parts.append(shown(m, name: text, notation: text))
      }
    }
    guard let first = parts.first else { throw error("show needs something to show: show NAME…", at: s.span) }
    return parts.count == 1 ? first : .report(parts)
  }

  func varsStatement(_ s: Statement) throws -> Output? {
    var rows: [VarsTable.Row] = []
    for name in variables.keys.sorted() {
      guard let v = variables[name] else { continue }
      rows.append(varsRow(name, v.value))
    }
    if !network.isEmpty {
      for n in NetworkName.all(layers: network.layers.count) {
        guard let v = try? networkValue(n, at: s.span) else { continue }
        rows.append(varsRow(n.name, v.value, note: n.notation))
      }
    }
    var lines = VarsTable(rows: rows).lines
    if let d = fittedDataset {
      lines.append("data " + d.summary)
    }
    return .message(lines.isEmpty ? "no variables yet" : lines.joined(separator: "\n"))
  }

  func varsRow(_ name: String, _ m: Matrix, note: String? = nil) -> VarsTable.Row {
    let value = m.isScalar ? NumberFormat.format(m.scalar, digits: formatter.digits) : ""
    return VarsTable.Row(name: name, shape: "\(m.shape)", value: value, note: note.map { $0 == name ? "" : $0 } ?? "")
  }

  func formatStatement(_ s: Statement) throws -> Output? {
    guard let o = option(s, "digits") else {
      return .message("format digits=\(formatter.digits)")
    }
    formatter.digits = try evaluateInteger(o.value, "digits", in: 1...17)
    return nil
  }

  func seedStatement(_ s: Statement) throws {
    let e = try value(s, "seed")
    let n = try evaluateScalar(e, "the seed", finite: false)  // its own message names the range
    guard n.isFinite, n == n.rounded(), n >= 0, n < 9.007_199_254_740_992e15 else {
      throw error("the seed must be a whole number from 0 to 2^53 (got \(NumberFormat.format(n)))", at: e.span)
    }
    generator = RandomGenerator(seed: UInt64(n))
  }
}

extension String {
  /// Pads with spaces on the right to at least `width` characters.
  func padding(_ width: Int) -> String {
    count >= width ? self + " " : self + String(repeating: " ", count: width - count)
  }

  /// Pads with spaces on the left to at least `width` characters.
  func leftPadding(_ width: Int) -> String {
    count >= width ? self : String(repeating: " ", count: width - count) + self
  }

  var trailingSpacesTrimmed: String {
    var s = Substring(self)
    while s.last == " " { s = s.dropLast() }
    return String(s)
  }
}

extension Interpreter {
  /// `set W1[2, 1] = 0.5`, `set W1[:, 1] = [1; 2; 3]`: the parameter `whole` with the
  /// indexed entries replaced by `value` (a number for all of them, or a matrix of the
  /// selection's shape). The indices are read as `W1[…]` reads them, by indexing a matrix
  /// of the entries' positions, so the same indices and the same messages apply.
  func settingEntries(
    of whole: Matrix, _ base: Expression, _ indices: [IndexArgument], to value: Matrix, _ valueExpression: Expression,
    span: SourceSpan
  ) throws -> Matrix {
    let positions = try engine(span) {
      try Matrix(rows: whole.rows, cols: whole.cols, columnMajor: (0..<whole.shape.count).map(Double.init))
    }
    let selected = try index(Variable(positions), indices, baseExpression: base, span: span).value
    guard value.isScalar || value.shape == selected.shape else {
      throw error(
        "cannot set \(String(span.text)), which is \(selected.shape), to a \(value.shape) value", at: valueExpression.span)
    }
    var storage = whole.storage.map { $0 }
    for (k, p) in selected.storage.enumerated() {
      storage[Int(p)] = value.isScalar ? value.scalar : value.storage[k]
    }
    return try engine(span) { try Matrix(rows: whole.rows, cols: whole.cols, columnMajor: storage) }
  }
}
