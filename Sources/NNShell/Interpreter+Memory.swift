import NNEngine

/// The session-wide memory budget as the shell sees it: every expression node is checked
/// for an overrun left by an allocation that could not refuse (see `MemoryBudget`), and
/// a refused matrix gets a message saying what the session holds.
///
///     limit memory=100M
///     let a = ones(1e7, 1)     # 76.3M
///     let b = a + 1            # error: a matrix of 76.3M does not fit: the session already
///                              #   holds 76.3M of matrices (a 76.3M); limit memory=100M
extension Interpreter {
  /// The value of an expression, refused when computing it took the session past its
  /// memory budget (the temporaries are freed as the error unwinds; no state changed).
  func evaluate(_ e: Expression) throws -> Variable {
    let v = try evaluateNode(e)
    if let overrun = memory.takeOverrun() {
      throw error(memoryMessage(overrun), at: e.span)
    }
    return v
  }

  /// "a matrix of 76.3M does not fit: the session already holds 76.3M of matrices (a
  /// 76.3M, W1 1M); limit memory=100M" — naming the largest variables that hold it.
  func memoryMessage(_ e: EngineError) -> String {
    guard case .outOfMemory(let requested, let inUse, let limit, let bySystem) = e else { return e.wording }
    let holders = largestHolders()
    let held = holders.isEmpty ? "" : " (" + holders.joined(separator: ", ") + ")"
    let size = EngineError.bytesText(requested)
    if bySystem {
      return "the system refused \(size) for a matrix; the session holds \(EngineError.bytesText(inUse)) of matrices\(held) "
        + "(limit memory=\(EngineError.bytesText(limit)); free some with let NAME = 0, or lower the limit)"
    }
    return "a matrix of \(size) does not fit: the session already holds \(EngineError.bytesText(inUse)) of matrices\(held); "
      + "limit memory=\(EngineError.bytesText(limit))"
  }

  /// The (at most three) largest variables, data and network parameters, by bytes.
  func largestHolders() -> [String] {
    var sizes = variables.map { ($0.key, $0.value.value.count * 8) }
    if let d = dataset { sizes.append(("the data", (d.X.count + d.Y.count) * 8)) }
    let parameters = network.layers.reduce(0) { $0 + ($1.W.count + $1.b.count) * 8 }
    if parameters > 0 { sizes.append(("the network", parameters)) }
    let largest = sizes.filter { $0.1 >= 1 << 10 }.sorted { $0.1 > $1.1 || ($0.1 == $1.1 && $0.0 < $1.0) }.prefix(3)
    return largest.map { "\($0.0) \(EngineError.bytesText($0.1))" }
  }
}
