import NNData
import NNEngine

/// `save` and `load weights` / `load model`: parameters and gradients in files.
extension Interpreter {
  func saveStatement(_ s: Statement) throws {
    throw error("'save' is not available in this version of nnsh yet", at: s.keywordSpan)
  }

  func loadParametersStatement(_ s: Statement) throws {
    throw error("load \(s.arguments.first?.word ?? "") is not available in this version of nnsh yet", at: s.keywordSpan)
  }
}
