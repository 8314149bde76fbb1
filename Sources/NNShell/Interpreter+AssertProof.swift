import NNEngine

/// What an `assert` that held proved, for the `✓` line of `nnsh learn`:
///
///     ✓ J < J0  (0.0123 < 0.4567)
///     ✓ z == 0.25  (0.25 == 0.25)
///     ✓ dW2 == dW2n tol=1e-9  (4×3, every entry within 1e-9)
///     ✓ a1 > 0  (every entry non-zero)
///
/// The sides are evaluated again (only in learn mode, once per assert a person reads).
extension Interpreter {
  func proof(of s: Statement) throws -> String {
    // The claim drew its random numbers already: drawing them again must not move the
    // generator, or a lesson would go differently under `nnsh learn` and `nnsh run`.
    let generatorBefore = generator
    defer { generator = generatorBefore }
    let e = try argument(s, 0)
    let tolerance = try option(s, "tol").map { try evaluateScalar($0.value, "tol") } ?? 0
    var claim = String(e.span.text)
    if let o = option(s, "tol") { claim += " tol=" + String(o.value.span.text) }
    guard case .binary(let op, let l, let r) = e.kind,
      [.equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual].contains(op)
    else { return claim + "  (every entry non-zero)" }
    let a = try evaluateMatrix(l), b = try evaluateMatrix(r)
    // The tolerance as written (`1e-9`), not as %g prints it (`1e-09`).
    let tolText = option(s, "tol").map { String($0.value.span.text) } ?? NumberFormat.format(tolerance)
    let within = tolerance > 0 ? " within \(tolText)" : ""
    if a.isScalar && b.isScalar {
      let (x, y) = ExerciseProgress.numbers(a.scalar, b.scalar)
      return claim + "  (\(x) \(op.rawValue) \(y)\(within))"
    }
    let shape = a.isScalar ? b.shape : a.shape
    switch op {
    case .notEqual: return claim + "  (\(shape), some entry differs)"
    case .equal: return claim + "  (\(shape), every entry " + (tolerance > 0 ? "within \(tolText))" : "equal)")
    default: return claim
    }
  }
}
