import NNEngine

/// `jacobian A wrt B` and `grad F wrt X …`, on any values computed from named matrices.
extension Interpreter {
  /// Splits `F wrt X Y` into the function and the variables.
  func wrtParts(_ s: Statement) throws -> (Expression, [Expression]) {
    (try value(s, "f"), s.parsed.expressions("x"))
  }

  /// ∂A/∂B as the notes write it: `∂a[2]/∂z[2]`.
  func derivativeTitle(_ f: Expression, _ x: Expression) -> String {
    func plain(_ e: Expression) -> String {
      let t = title(for: e)
      return t == "ans" ? describe(e) : t
    }
    return "∂\(plain(f))/∂\(plain(x))"
  }

  func jacobianStatement(_ s: Statement) throws -> Output? {
    let (fe, xs) = try wrtParts(s)
    guard xs.count == 1 else { throw error("jacobian takes one variable: jacobian A wrt B", at: xs[1].span) }
    let f = try evaluate(fe), x = try evaluate(xs[0])
    try checkDependence(f, fe, on: x, xs[0])
    let J = try jacobian(of: f, wrt: x, at: s.span)
    let title = derivativeTitle(fe, xs[0])
    return shown(J, name: title)
  }

  /// `Variable.jacobian`, one backward pass per row, stopping at Ctrl-C between rows: a
  /// Jacobian of a long vector takes as many passes as it has elements.
  func jacobian(of y: Variable, wrt x: Variable, at span: SourceSpan) throws -> Matrix {
    let m = y.value.count, n = x.value.count
    var J = try engine(span) { try Matrix(rows: m, cols: n) }
    var seed = try engine(span) { try Matrix(rows: y.value.rows, cols: y.value.cols) }
    for i in 0..<m {
      if shouldStop() {
        acknowledgeStop()
        throw ControlSignal.interrupted("interrupted: jacobian stopped after \(i) of \(m) rows")
      }
      seed.storage[i] = 1
      let g = try engine(span) { try y.backpropagate(seed: seed, wrt: [x])[0] }
      for k in 0..<n { J[i, k] = g.storage[k] }
      seed.storage[i] = 0
    }
    return J
  }

  func gradStatement(_ s: Statement) throws -> Output? {
    let (fe, xs) = try wrtParts(s)
    let f = try evaluate(fe)
    guard f.value.isScalar else {
      throw error("grad needs a scalar function, but \(describe(fe)) is \(f.value.shape); use jacobian for a vector", at: fe.span)
    }
    let nodes = try xs.map { try evaluate($0) }
    for (x, e) in zip(nodes, xs) { try checkDependence(f, fe, on: x, e) }
    // One reverse sweep gives every node's gradient; `draw graph F` shows them all.
    let every = try engine(s.span) { try f.gradientsOfEveryNode(seed: Matrix(scalar: 1)) }
    let grads = try nodes.map { x in try every[ObjectIdentifier(x)] ?? engine(s.span) { try Matrix(rows: x.value.rows, cols: x.value.cols) } }
    keepGradients(of: f, fe, every)
    if grads.count > 1 && grads.allSatisfy(\.isScalar) {
      // The gradient vector ∇f = [∂f/∂x₁; ∂f/∂x₂; …], as the notes write it.
      let column = try Matrix(column: grads.map(\.scalar))
      let names = xs.map { title(for: $0) == "ans" ? describe($0) : title(for: $0) }
      return shown(column, name: "∇\(title(for: fe) == "ans" ? describe(fe) : title(for: fe)) = [\(names.map { "∂/∂\($0)" }.joined(separator: "; "))]")
    }
    let parts = zip(grads, xs).map { shown($0, name: derivativeTitle(fe, $1)) }
    return parts.count == 1 ? parts[0] : .report(parts)
  }

  /// Refuses a derivative with respect to something the value was not computed from, or
  /// whose history was dropped (`HistoryBound`) — then it says so, since the value may
  /// well have been computed from it.
  func checkDependence(_ f: Variable, _ fe: Expression, on x: Variable, _ xe: Expression) throws {
    if let cut = f.droppedHistory(reaching: x) {
      throw error("cannot follow \(describe(fe)) back to \(describe(xe)): \(cut.reason)", at: xe.span)
    }
    guard f.depends(on: x) else {
      var message = "\(describe(fe)) does not depend on \(describe(xe))"
      if let record = forwardRecord, record.parameterVersion != parameterVersion,
        [fe, xe].contains(where: { if case .name(let n) = $0.kind { return NetworkName(n) != nil } else { return false } })
      {
        message += " (the parameters changed since the last forward pass, so its values are no longer connected to them; run forward again)"
      } else {
        message += " (it was not computed from it)"
      }
      throw error(message, at: xe.span)
    }
  }
}
