import NNEngine

/// Dispatch: one method per statement, grouped by topic in the other
/// `Interpreter+….swift` files.
extension Interpreter {
  /// Runs one statement and shows its result (`execute`, which also restores the
  /// generator on failure, calls it).
  func dispatch(_ s: Statement) throws {
    _ = memory.takeOverrun()  // an overrun is reported only by the statement that caused it
    if let result = try result(of: s) { try renderer.render(result, of: s.kind) }
  }

  /// Runs one statement and returns what it shows, if anything (see `Output`).
  func result(of s: Statement) throws -> Output? {
    switch s.kind {
    case .expression: return try showExpression(s)
    case .let: try letStatement(s)
    case .set: try setStatement(s)
    case .show: return try showStatement(s)
    case .seed: try seedStatement(s)
    case .net: try netStatement(s)
    case .layer: try layerStatement(s)
    case .loss: try lossStatement(s)
    case .initialize: try initStatement(s)
    case .summary: return try summaryStatement(s)
    case .forward: return try forwardStatement(s)
    case .backward: return try s.parsed.word("mode") == "explain" ? backwardExplainStatement(s) : backwardStatement(s)
    case .step: return try stepStatement(s)
    case .zerograd: return try zerogradStatement(s)
    case .optimizer: try optimizerStatement(s)
    case .schedule: return try scheduleStatement(s)
    case .gradcheck: return try gradcheckStatement(s)
    case .jacobian: return try jacobianStatement(s)
    case .grad: return try gradStatement(s)
    case .data: return try dataStatement(s)
    case .load: return try loadStatement(s)
    case .normalize: return try normalizeStatement(s)
    case .split: return try splitStatement(s)
    case .sample: return try sampleStatement(s)
    case .train: return try trainStatement(s)
    case .evaluate: return try evaluateStatement(s)
    case .predict: return try predictStatement(s)
    case .repeat: try repeatStatement(s)
    case .time: return try timeStatement(s)
    case .assert: return try assertStatement(s)
    case .print: return try printStatement(s)
    case .pause: try pauseStatement(s)
    case .source: try sourceStatement(s)
    case .vars: return try varsStatement(s)
    case .help: return try helpStatement(s)
    case .format: return try formatStatement(s)
    case .limit: return try limitStatement(s)
    case .quit:
      throw ControlSignal.quit
    case .shuffle: return try shuffleStatement(s)
    case .explain: return try explainStatement(s)
    case .plot: return try plotStatement(s)
    case .draw: return try drawStatement(s)
    case .save: return try saveStatement(s)
    case .export: return try s.parsed.word("format") == "onnx" ? exportONNXStatement(s) : exportTorchStatement(s)
    case .exercise: return try exerciseStatement(s)
    }
    return nil
  }

  // MARK: Argument helpers

  /// The value of option `key`, if given.
  func option(_ s: Statement, _ key: String) -> Option? {
    s.options.last { $0.key == key }
  }

  /// The i-th argument as an expression (not `->`).
  func argument(_ s: Statement, _ i: Int) throws -> Expression {
    guard i < s.arguments.count else { throw error("\(s.kind.rawValue) needs more arguments (usage: \(s.kind.spec.synopsis))", at: s.span) }
    guard let e = s.arguments[i].expression else {
      throw error("unexpected '->' (usage: \(s.kind.spec.synopsis))", at: s.arguments[i].span)
    }
    return e
  }

  /// The word the statement's grammar matched in `role` (`loss mse` → `mse`), already
  /// checked against its word set by the parser.
  func chosen(_ s: Statement, _ role: String) throws -> String {
    guard let w = s.parsed.word(role) else { throw missingArgument(s) }
    return w
  }

  /// The expression the statement's grammar matched in `role` (`layer dense 2 -> 3`: "out" → 3).
  func value(_ s: Statement, _ role: String) throws -> Expression {
    guard let e = s.parsed.expression(role) else { throw missingArgument(s) }
    return e
  }

  /// Only for a statement the parser did not match (the grammar makes it unreachable).
  func missingArgument(_ s: Statement) -> Error {
    error("\(s.kind.rawValue) needs more arguments (usage: \(s.kind.spec.synopsis))", at: s.span)
  }

  /// A yes/no option (`quiet=yes`).
  func flag(_ s: Statement, _ key: String) throws -> Bool {
    guard let o = option(s, key) else { return false }
    if case .name(let w) = o.value.kind {
      switch w {
      case "yes", "true", "on": return true
      case "no", "false", "off": return false
      default: break
      }
    }
    if case .number(let x) = o.value.kind, x == 0 || x == 1 { return x == 1 }
    throw error("\(key)= takes yes or no", at: o.value.span)
  }
}
