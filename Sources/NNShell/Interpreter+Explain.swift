import NNEngine

/// `explain NAME`: the equation that produced a value, with its numbers.
extension Interpreter {
  func explainStatement(_ s: Statement) throws {
    throw error("'explain' is not available in this version of nnsh yet", at: s.keywordSpan)
  }
}
