import NNEngine

/// Warnings about NaN and infinite values: a number that went bad should be named where
/// it is used, not found later in a quietly wrong accuracy or file.
///
/// Every statement that uses the network's parameters (`forward`, `backward`,
/// `gradcheck`, `step`, `evaluate`, `predict`, `plot boundary`, `save`, `load weights`,
/// `load model`, `export torch`) reports one warning (`Output.diagnostic`, shown as it
/// happens, before the statement's result) listing the parameters that hold NaN
/// or infinite entries, together with whatever else the statement found (the values of
/// a pass); `train` refuses to start from them. Statements that only show a value
/// (`show W1`) print the NaN itself and need no warning:
///
///     walk.nn:5:1: warning: W1 has 6 NaN entries, z1 has 2 NaN entries, J is NaN
extension Interpreter {
  /// "z2 has 3 NaN entries", "W1 has 1 NaN and 2 infinite entries"; nil when every entry
  /// is finite.
  static func nonFiniteDescription(_ name: String, _ m: Matrix) -> String? {
    if m.isFinite { return nil }  // the common case, over the raw buffer
    var nan = 0, inf = 0
    for v in m.storage where !v.isFinite { if v.isNaN { nan += 1 } else { inf += 1 } }
    var parts: [String] = []
    if nan > 0 { parts.append("\(nan) NaN") }
    if inf > 0 { parts.append("\(inf) infinite") }
    if parts.isEmpty { return nil }
    return "\(name) has \(parts.joined(separator: " and ")) entr\(nan + inf == 1 ? "y" : "ies")"
  }

  /// The parameters (`W1 b1 W2 …`) that hold NaN or infinite entries, described.
  func nonFiniteParameters() -> [String] {
    // The common case first, without building anything: this runs on every forward,
    // backward and step, in loops too.
    if network.layers.allSatisfy({ $0.W.isFinite && $0.b.isFinite }) { return [] }
    var problems: [String] = []
    for (l, layer) in network.layers.enumerated() {
      if let p = Interpreter.nonFiniteDescription("W\(l + 1)", layer.W) { problems.append(p) }
      if let p = Interpreter.nonFiniteDescription("b\(l + 1)", layer.b) { problems.append(p) }
    }
    return problems
  }

  /// One warning at `span` listing `problems` (the first six, then "…"); nothing when
  /// there are none.
  func warn(_ problems: [String], at span: SourceSpan) {
    guard !problems.isEmpty else { return }
    let message = problems.prefix(6).joined(separator: ", ") + (problems.count > 6 ? ", …" : "")
    report(.diagnostic(Diagnostic.warning(message, at: span)))
  }

  /// The warning of a statement that reads the parameters and nothing else that could
  /// go bad (`evaluate`, `predict`, `save`, `train`, …).
  func warnAboutParameters(at span: SourceSpan) {
    warn(nonFiniteParameters(), at: span)
  }

  /// Names every parameter and every value of the pass that holds NaN or infinite
  /// entries ("W1 has 1 NaN entry, z2 has 3 NaN entries, J is NaN"), so a learner sees
  /// where the numbers went bad. A warning, not an error: the values are kept and can
  /// be inspected.
  func reportNonFinite(forward: Bool, at span: SourceSpan) {
    var problems = nonFiniteParameters()
    // The name is built only for a value that is not finite: this runs after every
    // forward and backward, in loops too, and the interpreter's hot path builds no strings.
    func check(_ name: @autoclosure () -> String, _ m: Matrix) {
      guard !m.isFinite, let p = Interpreter.nonFiniteDescription(name(), m) else { return }
      problems.append(p)
    }
    let layers = network.layers.count
    if forward {
      for l in 0..<layers {
        check("z\(l + 1)", network.z[l])
        check("a\(l + 1)", network.a[l])
      }
      if let J = network.J, !J.isFinite { problems.append("J is \(NumberFormat.format(J))") }
    } else {
      for l in 0..<layers {
        check("dz\(l + 1)", network.dz[l])
        check("dW\(l + 1)", network.dW[l])
        check("db\(l + 1)", network.db[l])
      }
    }
    warn(problems, at: span)
  }

  /// Refuses to name classes computed from NaN: argmax and thresholds turn a NaN output
  /// into a plausible class (`evaluate` once printed "accuracy 50.0%" for a network of
  /// NaN). `what` says what would have been reported ("an accuracy", "a class").
  func refuseClassesFromNaN(_ h: Matrix, _ what: String, at span: SourceSpan) throws {
    var columns = 0, first: Int? = nil
    for j in 0..<h.cols {
      var bad = false
      for i in 0..<h.rows where h[i, j].isNaN { bad = true; break }
      if bad {
        columns += 1
        if first == nil { first = j }
      }
    }
    guard let first else { return }
    let which = h.cols == 1 ? "" : " for \(columns) of \(h.cols) samples (the first is column \(first + 1))"
    var message = "the output h is NaN\(which), so there is no \(what) to report"
    let parameters = nonFiniteParameters()
    message += parameters.isEmpty ? " (the input or the network overflowed)" : " (the parameters are not finite)"
    throw error(message, at: span)
  }
}
