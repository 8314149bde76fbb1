import NNEngine

/// `plot` and `draw`: pictures in the terminal and as SVG files.
extension Interpreter {
  func plotStatement(_ s: Statement) throws {
    throw error("'plot' is not available in this version of nnsh yet", at: s.keywordSpan)
  }

  func drawStatement(_ s: Statement) throws {
    throw error("'draw' is not available in this version of nnsh yet", at: s.keywordSpan)
  }
}
